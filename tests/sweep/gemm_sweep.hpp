#ifndef CTNN_TESTS_SWEEP_GEMM_SWEEP_HPP
#define CTNN_TESTS_SWEEP_GEMM_SWEEP_HPP

// The GEMM kernel and the column sums at one output width N, over inner sizes that fall on
// every residue of the register widths that matters and batch sizes around the row blocks,
// with A row-major and transposed, against the double-precision reference. The build's own
// registers: each level executable (tests/CMakeLists.txt) proves its own.

#include <cstddef>

#include <catch2/catch.hpp>

#include <ctnn/kernels/gemm.hpp>

#include "support/gemm_check.hpp"
#include "sweep/widths.hpp"

namespace ctnn::test {

template <class T, std::size_t N>
void sweep_gemm_width() {
  using arch = xsimd::default_arch;
  for (const std::size_t inner : {1, 2, 3, 5, 8, 13, 16, 17, 31, 33, 64, 100}) {
    // The single-row GEMV reads an aligned B as whole registers, an unaligned one row by row.
    check_gemm<N, T, arch, false>(1, inner, 1);
    for (const std::size_t rows : sweep_batches) {
      check_gemm<N, T, arch, false>(rows, inner);
      check_gemm<N, T, arch, true>(rows, inner);
    }
  }
  for (const std::size_t rows : sweep_batches) check_column_sums<N, T>(rows);
}

template <class T, class Widths>
void sweep_gemm(Widths widths) {
  for_each_width(widths, [](auto n) { sweep_gemm_width<T, decltype(n)::value>(); });
}

}  // namespace ctnn::test

#endif
