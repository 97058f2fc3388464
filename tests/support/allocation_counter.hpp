#ifndef CTNN_TESTS_SUPPORT_ALLOCATION_COUNTER_HPP
#define CTNN_TESTS_SUPPORT_ALLOCATION_COUNTER_HPP

#include <cstddef>

namespace ctnn::test {

//! The number of calls to any global `operator new` (plain, array, aligned, nothrow) made so far
//! by the calling thread.
//!
//! tests/support/allocation_counter.cpp replaces every global `operator new`/`operator delete`
//! of the test executable with versions that forward to malloc / aligned_alloc / free and count
//! the `new` calls per thread. To check that code allocates nothing, compare before and after:
//! ```
//! const std::size_t before = ctnn::test::allocation_count();
//! optimizer.step(params, grads, state);
//! REQUIRE(ctnn::test::allocation_count() == before);
//! ```
//! Keep Catch2 macros out of the measured region: they may allocate.
//! Allocations that bypass operator new (direct malloc calls) are not counted.
[[nodiscard]] std::size_t allocation_count() noexcept;

//! The same count over every thread of the process: for code that runs on worker threads (a
//! threaded Trainer). Only meaningful while no unrelated thread allocates.
[[nodiscard]] std::size_t process_allocation_count() noexcept;

}  // namespace ctnn::test

#endif
