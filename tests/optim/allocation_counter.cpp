// The allocation counter of tests/support, which the optimizer tests rely on to show that step
// allocates nothing: it must see every form of operator new, and only the calling thread's.

#include <cstddef>
#include <cstdint>
#include <new>
#include <thread>

#include <catch2/catch.hpp>

#include "support/allocation_counter.hpp"

namespace {

// Pointers stored here escape, so the compiler cannot elide the new/delete pairs being counted.
void* volatile sink = nullptr;

template <class P>
P* escape(P* p) {
  sink = p;
  return p;
}

struct alignas(128) over_aligned {
  char bytes[128];
};

}  // namespace

TEST_CASE("allocation_count counts every form of operator new", "[support]") {
  constexpr std::align_val_t align{64};
  const std::size_t before = ctnn::test::allocation_count();

  delete escape(new int(1));
  delete[] escape(new int[3]);
  over_aligned* aligned = escape(new over_aligned);
  const bool is_aligned = reinterpret_cast<std::uintptr_t>(aligned) % alignof(over_aligned) == 0;
  delete aligned;
  delete[] escape(new over_aligned[2]);
  void* const nothrow = escape(::operator new(5, std::nothrow));
  ::operator delete(nothrow, std::nothrow);
  void* const nothrow_array = escape(::operator new[](5, std::nothrow));
  ::operator delete[](nothrow_array, std::nothrow);
  void* const aligned_nothrow = escape(::operator new(5, align, std::nothrow));
  ::operator delete(aligned_nothrow, align, std::nothrow);
  void* const aligned_nothrow_array = escape(::operator new[](5, align, std::nothrow));
  ::operator delete[](aligned_nothrow_array, align, std::nothrow);

  const std::size_t counted = ctnn::test::allocation_count() - before;
  CHECK(counted == 8);
  CHECK(is_aligned);
}

TEST_CASE("allocation_count ignores other threads' allocations", "[support]") {
  constexpr std::size_t others = 100;
  const std::size_t before = ctnn::test::allocation_count();
  std::size_t counted_there = 0;
  std::thread other([&] {
    const std::size_t start = ctnn::test::allocation_count();
    for (std::size_t i = 0; i < others; ++i) delete escape(new int(0));
    counted_there = ctnn::test::allocation_count() - start;
  });
  other.join();
  const std::size_t counted_here = ctnn::test::allocation_count() - before;
  CHECK(counted_there == others);
  CHECK(counted_here < others);  // only what starting the thread allocated here
}
