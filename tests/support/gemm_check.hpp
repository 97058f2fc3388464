#ifndef CTNN_TESTS_SUPPORT_GEMM_CHECK_HPP
#define CTNN_TESTS_SUPPORT_GEMM_CHECK_HPP

// One product of the GEMM kernel against a plain triple loop in double, and the column sums
// against a plain loop, for the kernel tests and the width sweep. The epilogue stores into a
// matrix with guard cells around it: nothing may be written outside, every cell inside exactly
// (up to overlap) once.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <vector>

#include <ctnn/detail/aligned_buffer.hpp>
#include <ctnn/kernels/gemm.hpp>

#include "support/gradient_check.hpp"
#include "support/reference_sum.hpp"

namespace ctnn::test {

constexpr double guard = -12345.0;

// C = A · B (rows x N, inner) through the kernel, with `pad` guard cells before and after C.
// B starts `b_offset` values after a 64-byte boundary: the single-row GEMV reads B as aligned
// registers when it is aligned (offset 0), row by row otherwise.
template <std::size_t N, class T, class Arch, bool TransposedA>
void check_gemm(std::size_t rows, std::size_t inner, std::size_t b_offset = 0) {
  CAPTURE(N, rows, inner, TransposedA, sizeof(T), b_offset);
  const auto a = random_values<T>(rows * inner, static_cast<unsigned>(rows * 31 + inner));
  const auto b_values = random_values<T>(inner * N, static_cast<unsigned>(inner * 7 + N));
  ctnn::detail::aligned_buffer<T> b_storage(inner * N + b_offset);
  const std::span<T> b(b_storage.data() + b_offset, inner * N);
  std::copy(b_values.begin(), b_values.end(), b.begin());
  constexpr std::size_t pad = 64;
  std::vector<T> c(rows * N + 2 * pad, static_cast<T>(guard));
  T* out = c.data() + pad;
  using Store = ctnn::kernels::Store<T>;
  const Store store{out, N};
  if constexpr (TransposedA) {
    // a holds Aᵀ: element (r, p) at a[p * rows + r].
    ctnn::kernels::gemm<N, T, ctnn::kernels::Transposed<T>, Store, Arch>(
        rows, inner, ctnn::kernels::Transposed<T>{a.data(), rows}, b.data(), store);
  } else {
    ctnn::kernels::gemm<N, T, ctnn::kernels::RowMajor<T>, Store, Arch>(
        rows, inner, ctnn::kernels::RowMajor<T>{a.data(), inner}, b.data(), store);
  }
  for (std::size_t k = 0; k < pad; ++k) {
    REQUIRE(c[k] == static_cast<T>(guard));
    REQUIRE(c[pad + rows * N + k] == static_cast<T>(guard));
  }
  // The bound of any order of summation: |error| <= (inner + 1) u Σ|a b|, u the unit roundoff.
  const double u = std::numeric_limits<T>::epsilon() / 2;
  const double tolerance = static_cast<double>(inner + 1) * u;
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t col = 0; col < N; ++col) {
      ReferenceSum expected;
      for (std::size_t p = 0; p < inner; ++p) {
        const double x = TransposedA ? a[p * rows + r] : a[r * inner + p];
        expected.add(x * static_cast<double>(b[p * N + col]));
      }
      const double got = out[r * N + col];
      if (std::abs(got - expected.value) > tolerance * expected.magnitude) {
        CAPTURE(r, col, got, expected.value);
        FAIL("the kernel's value differs from the double-precision reference");
      }
    }
  }
  SUCCEED();
}

// column_sums<N> over `rows` rows of random values: each column summed exactly as a loop adding
// the rows in order sums it (the same additions in the same order), nothing written outside.
template <std::size_t N, class T>
void check_column_sums(std::size_t rows) {
  const auto m = random_values<T>(rows * N, static_cast<unsigned>(rows + N));
  std::vector<T> sums(N + 2, static_cast<T>(guard));
  ctnn::kernels::column_sums<N>(m.data(), rows, sums.data() + 1);
  REQUIRE(sums.front() == static_cast<T>(guard));
  REQUIRE(sums.back() == static_cast<T>(guard));
  for (std::size_t c = 0; c < N; ++c) {
    T expected = 0;
    for (std::size_t r = 0; r < rows; ++r) expected += m[r * N + c];
    CAPTURE(N, rows, c);
    REQUIRE(sums[c + 1] == expected);
  }
}

}  // namespace ctnn::test

#endif
