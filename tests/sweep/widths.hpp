#ifndef CTNN_TESTS_SWEEP_WIDTHS_HPP
#define CTNN_TESTS_SWEEP_WIDTHS_HPP

// The widths the sweep proves every kernel path on. Every width from 1 to 40 (twice the widest
// register, AVX-512's 16 floats, plus a margin: every tail of every register width, alone and
// beside one or two full registers), then widths around multiples of 8 and 16 and a few larger
// ones, where the tails of the register blocks fall. Split in three so that three translation
// units share the compile time. In float only: double runs the same kernels' code with half as
// many values a register, and the SIMD tests (tests/net/gradient_simd_sizes.cpp,
// tests/kernels/gemm.cpp) prove it at every level on sizes around its register widths; a
// second type doubled the sweep's compile time, the longest part of the test command.

#include <cstddef>
#include <utility>

namespace ctnn::test {

using sweep_widths_1_to_20 =
    std::index_sequence<1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20>;
using sweep_widths_21_to_40 =
    std::index_sequence<21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38,
                        39, 40>;
using sweep_widths_large =
    std::index_sequence<47, 48, 49, 53, 54, 55, 63, 64, 65, 69, 70, 71, 79, 80, 81, 99, 100, 101,
                        127, 128, 129, 150>;

// Batch sizes around the kernels' row blocks (8 rows with 32 registers, 6 with 16, then 4, 2, 1).
inline constexpr std::size_t sweep_batches[] = {1, 2, 5, 17, 64};

// Calls f(std::integral_constant<std::size_t, W>{}) for each width W of the sequence.
template <class F, std::size_t... W>
void for_each_width(std::index_sequence<W...>, F&& f) {
  (f(std::integral_constant<std::size_t, W>{}), ...);
}

}  // namespace ctnn::test

#endif
