#ifndef CTNN_TRAINER_HPP
#define CTNN_TRAINER_HPP

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <ranges>
#include <span>
#include <string>
#include <type_traits>

#include <ctnn/concepts/optimizer.hpp>
#include <ctnn/detail/aligned_buffer.hpp>
#include <ctnn/detail/net_checks.hpp>
#include <ctnn/detail/simd.hpp>
#include <ctnn/error.hpp>
#include <ctnn/training/denormals.hpp>
#include <ctnn/training/workspace.hpp>

namespace ctnn {

//! What a Trainer of sequences holds buffers for: batches of up to `max_batch` sequences of up to
//! `max_steps` time steps. `Trainer<Net, Opt> trainer(net, opt, Sequences{16, 2048});`
struct Sequences {
  std::size_t max_batch = 1;
  std::size_t max_steps = 1;
};

//! Trains a net in place with mini-batch gradient descent.
//!
//! The trainer owns everything a step needs beyond the net's parameters: the activation
//! workspace for up to `max_batch` samples (their inputs too, for `step` on feature rows), the
//! gradient (kept unless the update is fused: see `gradient`), and the optimizer's state. All
//! of it is allocated in the constructor; `step` allocates nothing. The net must outlive the
//! trainer.
//! During `step`, subnormal numbers are flushed to zero on the calling thread (they would slow
//! training down more and more; see training/denormals.hpp); the caller's mode is restored after.
//!
//! @tparam Net       a `BasicNet` with a loss, whose layers are all trainable (no `Step`)
//! @tparam Optimizer an update rule such as `SGD` (see concepts/optimizer.hpp)
//!
//! Example: `ctnn::Trainer<Mlp, ctnn::SGD> trainer(net, ctnn::SGD{.lr = 0.1f}, 64);`, or with
//! two threads `ctnn::Trainer<Mlp, ctnn::SGD> trainer(net, ctnn::SGD{.lr = 0.1f}, 256, 2);`
template <class Net, class Opt>
class Trainer {
  using T = typename Net::value_type;
  static_assert(Optimizer<Opt, T>,
                "ctnn::Trainer<Net, Opt>: Opt is not an optimizer (it needs state_type<T>, "
                "make_state<T>(n) and step(params, grads, state)); use SGD, Adam, RMSProp or "
                "Adagrad");
  static_assert(detail::report_if_untrainable<Net>());

public:
  using net_type = Net;
  using optimizer_type = Opt;

  //! A trainer for batches of up to `max_batch` samples, computing each step with `threads`
  //! threads: the caller and threads - 1 workers of a pool made here and kept until the trainer
  //! is destroyed (1, the default, starts no thread). Results are deterministic for a given
  //! thread count; different counts may differ in the last bits of the loss's gradient (each
  //! thread's part of the batch is a mean over the part, rescaled). Throws ctnn::error if
  //! max_batch or threads is 0.
  Trainer(Net& net, Opt optimizer = Opt{}, std::size_t max_batch = 64, std::size_t threads = 1)
      : net_(net),
        optimizer_(optimizer),
        state_(optimizer_.template make_state<T>(Net::parameter_count)),
        workspace_(max_batch, threads, true),
        gradient_(Net::parameter_count) {}

  //! A trainer for sequences (`step_sequences`): batches of up to shape.max_batch sequences of
  //! up to shape.max_steps time steps each, trained with backpropagation through time. Throws
  //! ctnn::error if a size or threads is 0.
  Trainer(Net& net, Opt optimizer, Sequences shape, std::size_t threads = 1)
      : net_(net),
        optimizer_(optimizer),
        state_(optimizer_.template make_state<T>(Net::parameter_count)),
        workspace_(shape.max_batch, threads, false, shape.max_steps),
        gradient_(Net::parameter_count) {}

  //! One step on one mini-batch: forward, backward, update. `inputs` holds batch x input_size
  //! values (batch from 1 to max_batch); `targets` as for `Net::loss`. Returns the mean loss of
  //! the batch BEFORE the update.
  //!
  //! Throws ctnn::error, changing nothing (parameters, optimizer state, gradient,
  //! `last_outputs()`), when the batch is empty or larger than max_batch, or the inputs or the
  //! targets do not fit it. A target value the loss rejects (a class index out of range, say)
  //! is found during the forward pass: that step throws with the parameters, the optimizer
  //! state, the gradient and the size of `last_outputs()` unchanged, but the values in
  //! `last_outputs()` may then be partly those of the rejected batch's forward pass.
  template <std::ranges::contiguous_range Targets>
  T step(std::span<const T> inputs, const Targets& targets) {
    static_assert(!Net::has_sequence_layers,
                  "ctnn::Trainer::step: this net has sequence layers; train it on whole "
                  "sequences with step_sequences(inputs, targets, steps), with a trainer made "
                  "for them: Trainer(net, optimizer, ctnn::Sequences{max_batch, max_steps})");
    // Rounded up, so that a partial row is reported as inputs that do not fit the batch.
    return step_on(inputs, targets, (inputs.size() + Net::input_size - 1) / Net::input_size);
  }

  //! As above, with sample r's input_size values at `feature_rows[r]` (a batch of
  //! feature_rows.size() samples), e.g. from `data::Batches::gather_rows`: the step copies the
  //! rows into the trainer's own buffer, each thread the rows it computes, instead of the caller
  //! copying them all on one thread first (an epoch of 784-100σ-10 at batch 256 on two threads:
  //! 1.25x -> 1.6x faster than on one). Throws ctnn::error as above, and for a null pointer.
  template <std::ranges::contiguous_range Targets>
  T step(std::span<const T* const> feature_rows, const Targets& targets) {
    return step_on(feature_rows, targets, feature_rows.size());
  }

  //! One step on a mini-batch of whole sequences, with backpropagation through time: `inputs`
  //! holds batch x steps x input_size values (a sequence's steps one after another; batch from 1
  //! to max_batch, steps from 1 to max_steps), each sequence starting from the zero state.
  //! `targets`: one per time step, batch x steps rows as `Net::loss` takes them for batch x steps
  //! samples; after LastStep, one per sequence. Returns the mean loss over the targets BEFORE
  //! the update (PyTorch's mean over (batch, steps, ...)). Throws as `step` does.
  template <std::ranges::contiguous_range Targets>
  T step_sequences(std::span<const T> inputs, const Targets& targets, std::size_t steps) {
    const std::size_t per_sequence = steps * Net::input_size;
    const std::size_t batch = per_sequence == 0 ? 0 : (inputs.size() + per_sequence - 1) / per_sequence;
    return step_on(inputs, targets, batch, steps);
  }
  //! Backpropagation through time in chunks of `steps` time steps (0, the default: through whole
  //! sequences): the gradient does not flow from a chunk into the one before, as when a long
  //! sequence is trained chunk by chunk with the state carried over between chunks.
  void set_truncation(std::size_t steps) { workspace_.set_truncation(steps); }
  //! Gradient clipping by global norm, as PyTorch's clip_grad_norm_(max_norm = c): when the
  //! gradient's Euclidean norm over all parameters exceeds c, the gradient is scaled by
  //! c / (norm + 1e-6) before the update. c = 0 (the default) turns it off. Clipping needs the
  //! whole gradient before any update, so it turns the fused update off.
  void set_clip_norm(double c) {
    if (!(c >= 0))
      throw error("ctnn::Trainer::set_clip_norm: the norm must be >= 0 (got " +
                  std::to_string(c) + ")");
    clip_norm_ = static_cast<T>(c);
  }
  //! The gradient's global norm at the latest step, before clipping (0 before the first step or
  //! after a fused one).
  [[nodiscard]] T gradient_norm() const { return gradient_norm_; }

  //! Whether `step` fuses the update into the backward pass: when the optimizer says that its
  //! update of a parameter depends on that parameter's gradient alone (`FusableOptimizer`, e.g.
  //! SGD without momentum), unless turned off with `set_fused_update(false)`. The results are
  //! those of the separate update: the same optimizer code runs on each piece of the
  //! parameters, with the same L2 term.
  [[nodiscard]] bool fused_update() const {
    if constexpr (FusableOptimizer<Opt>)
      return fuse_update_ && clip_norm_ == T(0) && optimizer_.updates_each_parameter_alone();
    else
      return false;
  }
  //! Turns the fused update off (or back on); see `fused_update`.
  void set_fused_update(bool on) { fuse_update_ = on; }

  //! L2 regularization of the weights, never the biases: the cost becomes
  //! J = mean loss + (lambda / 2n) Σ w², so each step adds (lambda / n) w to the weights'
  //! gradient, where n is the size of the training set (the lectures' form; PyTorch's
  //! `weight_decay` is lambda / n applied to every parameter). `step` still returns the mean
  //! loss without the penalty. lambda = 0 turns it off (the default).
  void set_l2(double lambda, std::size_t training_size) {
    if (!(lambda >= 0) || training_size == 0)
      throw error("ctnn::Trainer::set_l2: lambda must be >= 0 and the training set size > 0 "
                  "(got lambda " + std::to_string(lambda) + ", size " +
                  std::to_string(training_size) + ")");
    l2_scale_ = static_cast<T>(lambda / static_cast<double>(training_size));
  }

  //! The seed of the random numbers that layers draw while training (Dropout's masks): a step
  //! depends on it, the number of steps taken and the batch rows, not on the thread count.
  void set_seed(std::uint64_t seed) { workspace_.set_seed(seed); }

  //! The last layer's outputs for the batch of the latest `step` that returned, as the loss
  //! read them (the pre-activation for BCE): batch x output_size; empty before the first step.
  //! For running accuracy without another pass.
  [[nodiscard]] std::span<const T> last_outputs() const {
    return workspace_.last_outputs(last_batch_);
  }

  [[nodiscard]] Net& net() { return net_; }
  [[nodiscard]] const Net& net() const { return net_; }
  //! The optimizer's hyper-parameters; a schedule may change them between steps.
  [[nodiscard]] Opt& optimizer() { return optimizer_; }
  [[nodiscard]] std::size_t max_batch() const { return workspace_.max_batch(); }
  //! The longest sequences `step_sequences` takes (1 for a trainer of samples).
  [[nodiscard]] std::size_t max_steps() const { return workspace_.max_steps(); }
  //! The number of threads a step runs on, the caller's included.
  [[nodiscard]] std::size_t threads() const { return workspace_.threads(); }
  //! The gradient of the last step's mean loss (with the L2 term, if any), laid out like
  //! `Net::parameters()`; zeros before the first step. A step with a fused update keeps no
  //! gradient (each piece is applied and dropped), so after one this throws ctnn::error: call
  //! `set_fused_update(false)` to keep it.
  [[nodiscard]] std::span<const T> gradient() const {
    if (!gradient_kept_)
      throw error("ctnn::Trainer::gradient: the last step fused the SGD update into the "
                  "backward pass and kept no gradient; call set_fused_update(false) before "
                  "step() to keep it");
    return gradient_.span();
  }

private:
  // The trainer's own state (last_batch_, gradient_kept_) is set only once the workspace has
  // accepted the batch, so that a rejected step leaves it as it was.
  template <class Inputs, class Targets>
  T step_on(Inputs inputs, const Targets& targets, std::size_t batch, std::size_t steps = 0) {
    if (batch == 0)
      throw error("ctnn::Trainer::step: the batch is empty (expected 1 to " +
                  std::to_string(max_batch()) + " samples, the trainer's max_batch)");
    const detail::FlushDenormalsScope flush_denormals;  // see training/denormals.hpp
    const bool fused = fused_update();
    T loss;
    if (fused) {
      // Each piece of the gradient is applied as soon as it is final, by the same optimizer code
      // on that piece, while it and its parameters are in the cache.
      const auto update = fused_update_hook{this, net_.parameters().data()};
      loss = pass(inputs, targets, batch, steps, nullptr, update);
      gradient_norm_ = 0;
    } else {
      loss = pass(inputs, targets, batch, steps, gradient_.data(), no_update{});
      clip_gradient();  // on the loss's gradient alone, as clip_grad_norm_ before weight decay
      if (l2_scale_ != T(0)) add_l2_gradient();
      optimizer_.step(std::span<T>(net_.parameters()), std::span<const T>(gradient_.span()),
                      state_);
    }
    last_batch_ = workspace_.loss_rows(batch);
    gradient_kept_ = !fused;
    return loss;
  }
  // The workspace's pass over samples (steps = 0) or sequences of `steps` time steps.
  template <class Inputs, class Targets, class Update>
  T pass(Inputs inputs, const Targets& targets, std::size_t batch, std::size_t steps,
         T* gradient, Update update) {
    if constexpr (std::is_same_v<Inputs, std::span<const T>>) {
      if (steps > 0)
        return workspace_.sequence_loss_and_gradient(net_, inputs, targets, batch, steps,
                                                     gradient, update);
    }
    return workspace_.loss_and_gradient(net_, inputs, targets, batch, gradient, update);
  }
  // clip_grad_norm_: the norm in double, the scale applied when the norm exceeds clip_norm_.
  void clip_gradient() {
    double sum = 0;
    for (const T g : gradient_.span()) sum += static_cast<double>(g) * static_cast<double>(g);
    const double norm = std::sqrt(sum);
    gradient_norm_ = static_cast<T>(norm);
    if (clip_norm_ == T(0) || norm <= static_cast<double>(clip_norm_)) return;
    const T scale = static_cast<T>(static_cast<double>(clip_norm_) / (norm + 1e-6));
    for (T& g : gradient_.span()) g *= scale;
  }

  // The update hook of a fused step: L2 (weights only) and the optimizer on one piece of the
  // parameters.
  //
  // Bit-identical to the separate pass, whatever the compiler contracts into FMAs: Opt::step
  // runs its SIMD code on whole registers and scalar code on the last n mod width parameters
  // of the block, and the two may round differently (clang contracts the scalar p -= lr * g,
  // not the SIMD one). So each element is updated by the same code as in the separate pass:
  // pieces of whole registers directly, a piece's leftover (< width elements) through a
  // register-sized copy, and the block's scalar tail by a call of its own.
  struct fused_update_hook {
    static constexpr bool enabled = true;
    static constexpr std::size_t width = detail::simd<T>::size;
    static constexpr std::size_t simd_end = Net::parameter_count - Net::parameter_count % width;
    Trainer* trainer;
    T* params;

    // `grads`: the gradient of parameters offset .. offset + count - 1, the first `weights` of
    // them weights.
    void operator()(std::size_t offset, std::size_t count, std::size_t weights, T* grads) const {
      if (trainer->l2_scale_ != T(0))
        for (std::size_t k = 0; k < weights; ++k) grads[k] += trainer->l2_scale_ * params[offset + k];
      const std::size_t end = offset + count;
      const std::size_t simd_part_end = std::min(end, simd_end);
      if (offset < simd_part_end) {
        const std::size_t whole = (simd_part_end - offset) / width * width;
        if (whole > 0) step(offset, grads, whole);
        const std::size_t leftover = simd_part_end - offset - whole;
        if (leftover > 0) step_through_register(offset + whole, grads + whole, leftover);
      }
      const std::size_t tail_begin = std::max(offset, simd_end);
      if (tail_begin < end)  // the block's scalar tail
        step(tail_begin, grads + (tail_begin - offset), end - tail_begin);
    }
    // The optimizer on parameters offset .. offset + count - 1, whose gradient is grads[0 .. count).
    void step(std::size_t offset, const T* grads, std::size_t count) const {
      trainer->optimizer_.step(std::span<T>(params + offset, count),
                               std::span<const T>(grads, count), trainer->state_);
    }
    void step_through_register(std::size_t offset, const T* grads, std::size_t count) const {
      T p[width] = {};
      T g[width] = {};
      std::copy_n(params + offset, count, p);
      std::copy_n(grads, count, g);
      trainer->optimizer_.step(std::span<T>(p, width), std::span<const T>(g, width),
                               trainer->state_);
      std::copy_n(p, count, params + offset);
    }
  };

  void add_l2_gradient() {
    const T* params = net_.parameters().data();
    Net::for_each_layer([&](auto i) {
      const std::size_t start = Net::parameter_offset(i);
      for (std::size_t k = start; k < start + Net::template layer_type<i>::weight_count; ++k)
        gradient_[k] += l2_scale_ * params[k];
    });
  }

  Net& net_;
  Opt optimizer_;
  typename Opt::template state_type<T> state_;
  TrainingWorkspace<Net> workspace_;
  detail::aligned_buffer<T> gradient_;
  T l2_scale_ = 0;  // lambda / n
  T clip_norm_ = 0;  // 0: no clipping
  T gradient_norm_ = 0;
  bool fuse_update_ = true;
  bool gradient_kept_ = true;  // false after a fused step: gradient_ is stale
  std::size_t last_batch_ = 0;
};

}  // namespace ctnn

#endif
