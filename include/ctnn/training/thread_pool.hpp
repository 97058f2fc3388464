#ifndef CTNN_TRAINING_THREAD_POOL_HPP
#define CTNN_TRAINING_THREAD_POOL_HPP

//! @file thread_pool.hpp
//! A small persistent pool for the trainer: `size() - 1` worker threads made once, and the
//! calling thread as participant 0. `run(f)` calls f(0) .. f(size() - 1) at once, one index per
//! thread, and returns when all have finished: a fork-join with a fixed assignment of work to
//! indices, so a computation split by index is deterministic. It allocates nothing per run
//! (no std::function, no queue): the task is a function pointer and a pointer to the caller's
//! callable. Workers spin briefly, then sleep on a futex-backed std::atomic::wait.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <thread>
#include <utility>
#include <vector>

// The spin-wait hint, without <immintrin.h> (a heavy header for every translation unit).
#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define CTNN_DETAIL_PAUSE() __builtin_ia32_pause()
#else
#define CTNN_DETAIL_PAUSE() ((void)0)
#endif

namespace ctnn::detail {

class ThreadPool {
public:
  //! A pool of `threads` participants (at least 1): the caller of `run` and threads - 1 workers.
  explicit ThreadPool(std::size_t threads) : errors_(threads < 1 ? 1 : threads) {
    const std::size_t count = threads < 1 ? 1 : threads;
    workers_.reserve(count - 1);
    for (std::size_t i = 1; i < count; ++i) workers_.emplace_back([this, i] { work(i); });
  }

  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  ~ThreadPool() {
    stop_.store(true, std::memory_order_relaxed);
    generation_.fetch_add(1, std::memory_order_release);
    generation_.notify_all();
    for (auto& worker : workers_) worker.join();
  }

  //! The number of participants, the caller included.
  [[nodiscard]] std::size_t size() const noexcept { return workers_.size() + 1; }

  //! Calls f(i) for every i < size(), f(0) on the calling thread, and waits for all. If calls
  //! throw, the exception of the lowest index is rethrown here after all have finished.
  //! Not reentrant: one `run` at a time.
  template <class F>
  void run(F& f) {
    if (workers_.empty()) {
      f(std::size_t{0});
      return;
    }
    task_ = [](void* context, std::size_t index) { (*static_cast<F*>(context))(index); };
    context_ = &f;
    pending_.store(static_cast<std::uint32_t>(workers_.size()), std::memory_order_relaxed);
    generation_.fetch_add(1, std::memory_order_release);
    generation_.notify_all();
    call(0);
    for (std::uint32_t spins = 0;; ++spins) {
      const std::uint32_t left = pending_.load(std::memory_order_acquire);
      if (left == 0) break;
      if (spins < spin_limit)
        spin_pause(spins);
      else
        pending_.wait(left, std::memory_order_acquire);
    }
    std::exception_ptr first;
    for (auto& error : errors_) {
      if (error && !first) first = error;
      error = nullptr;
    }
    if (first) std::rethrow_exception(first);
  }

private:
  // Spinning before sleeping: a futex wake-up costs tens of µs (more in a VM), as much as a
  // small batch's phase, so a waiting thread spins up to 4096 pauses (~50-200 µs), which made
  // two threads at batch 32 2.4x faster on an idle machine. Every 64 pauses it yields, so
  // that on an oversubscribed machine it does not keep the core from the thread it waits for.
  static constexpr std::uint32_t spin_limit = 1u << 12;

  static void spin_pause(std::uint32_t spins) {
    CTNN_DETAIL_PAUSE();
    if (spins % 64 == 63) std::this_thread::yield();
  }

  void call(std::size_t index) noexcept {
    try {
      task_(context_, index);
    } catch (...) {
      errors_[index] = std::current_exception();
    }
  }

  void work(std::size_t index) {
    std::uint32_t seen = 0;
    for (;;) {
      std::uint32_t now = generation_.load(std::memory_order_acquire);
      for (std::uint32_t spins = 0; now == seen; ++spins) {
        if (spins < spin_limit)
          spin_pause(spins);
        else
          generation_.wait(seen, std::memory_order_acquire);
        now = generation_.load(std::memory_order_acquire);
      }
      seen = now;
      if (stop_.load(std::memory_order_relaxed)) return;
      call(index);
      if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) pending_.notify_one();
    }
  }

  std::vector<std::thread> workers_;
  std::vector<std::exception_ptr> errors_;  // one per participant, made in the constructor
  void (*task_)(void*, std::size_t) = nullptr;
  void* context_ = nullptr;
  std::atomic<std::uint32_t> generation_{0};
  std::atomic<std::uint32_t> pending_{0};
  std::atomic<bool> stop_{false};
};

}  // namespace ctnn::detail

#undef CTNN_DETAIL_PAUSE

#endif
