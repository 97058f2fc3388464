// The GEMM kernel against a plain triple loop in double, on sizes that are and are not multiples
// of every SIMD width (1, 7, 13, 16, 33, 100, 784 columns and inner sizes), 1 to 9 rows and
// larger batches, with A row-major and transposed, in float and double, for the build's own
// registers and for the portable SSE2 ones. The epilogue stores into a matrix with guard cells
// around it: nothing may be written outside, every cell inside exactly (up to overlap) once.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

#include <ctnn/detail/aligned_buffer.hpp>
#include <ctnn/kernels/gemm.hpp>

#include "support/gradient_check.hpp"

// ctnn_tests_baseline (tests/CMakeLists.txt) builds the SIMD tests a second time for the x86-64
// baseline: make sure that its flags gave it SSE2 registers and nothing wider.
#ifdef CTNN_TEST_X86_64_BASELINE
static_assert(std::is_same_v<xsimd::default_arch, xsimd::sse2>,
              "ctnn_tests_baseline must be compiled for SSE2 (-march=x86-64)");
#endif

namespace {

constexpr double guard = -12345.0;

template <class T>
std::vector<T> random_matrix(std::size_t count, unsigned seed) {
  const auto values = ctnn::test::uniform_values(count, -1, 1, seed);
  return std::vector<T>(values.begin(), values.end());
}

// C = A · B (rows x N, inner) through the kernel, with `pad` guard cells before and after C.
// B starts `b_offset` values after a 64-byte boundary: the single-row GEMV reads B as aligned
// registers when it is aligned (offset 0), row by row otherwise.
template <std::size_t N, class T, class Arch, bool TransposedA>
void check_gemm(std::size_t rows, std::size_t inner, std::size_t b_offset = 0) {
  CAPTURE(N, rows, inner, TransposedA, sizeof(T), b_offset);
  const auto a = random_matrix<T>(rows * inner, static_cast<unsigned>(rows * 31 + inner));
  const auto b_values = random_matrix<T>(inner * N, static_cast<unsigned>(inner * 7 + N));
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
      double expected = 0;
      double magnitude = 0;
      for (std::size_t p = 0; p < inner; ++p) {
        const double x = TransposedA ? a[p * rows + r] : a[r * inner + p];
        expected += x * static_cast<double>(b[p * N + col]);
        magnitude += std::abs(x * static_cast<double>(b[p * N + col]));
      }
      const double got = out[r * N + col];
      if (std::abs(got - expected) > tolerance * magnitude) {
        CAPTURE(r, col, got, expected);
        FAIL("the kernel's value differs from the double-precision reference");
      }
    }
  }
  SUCCEED();
}

template <std::size_t N, class T, class Arch>
void check_sizes() {
  for (const std::size_t inner : {1, 7, 13, 16, 33, 100, 784}) {
    check_gemm<N, T, Arch, false>(1, inner, 1);
    for (std::size_t rows = 1; rows <= 9; ++rows) {
      check_gemm<N, T, Arch, false>(rows, inner);
      check_gemm<N, T, Arch, true>(rows, inner);
    }
    // 127: more than one group of row blocks (60 rows with 16 registers, 80 with 32), then
    // every short block (4, 2 and 1 rows).
    for (const std::size_t rows : {16, 17, 32, 61, 127}) {
      check_gemm<N, T, Arch, false>(rows, inner);
      check_gemm<N, T, Arch, true>(rows, inner);
    }
  }
}

template <class T, class Arch>
void check_all_widths() {
  check_sizes<1, T, Arch>();
  check_sizes<7, T, Arch>();
  check_sizes<13, T, Arch>();
  check_sizes<16, T, Arch>();
  check_sizes<33, T, Arch>();
  check_sizes<100, T, Arch>();
  check_sizes<784, T, Arch>();
}

}  // namespace

TEMPLATE_TEST_CASE("gemm equals the double-precision reference on every size", "[kernels][gemm]",
                   float, double) {
  check_all_widths<TestType, xsimd::default_arch>();
}

TEMPLATE_TEST_CASE("gemm with the portable SSE2 registers equals the reference", "[kernels][gemm]",
                   float, double) {
  if constexpr (xsimd::sse2::supported()) {
    check_sizes<1, TestType, xsimd::sse2>();
    check_sizes<7, TestType, xsimd::sse2>();
    check_sizes<100, TestType, xsimd::sse2>();
  }
}

TEMPLATE_TEST_CASE("column_sums adds the rows of each column in order", "[kernels]", float,
                   double) {
  const auto check = [](auto n_constant, std::size_t rows) {
    constexpr std::size_t n = decltype(n_constant)::value;
    const auto m = random_matrix<TestType>(rows * n, static_cast<unsigned>(rows + n));
    std::vector<TestType> sums(n + 2, static_cast<TestType>(guard));
    ctnn::kernels::column_sums<n>(m.data(), rows, sums.data() + 1);
    CHECK(sums.front() == static_cast<TestType>(guard));
    CHECK(sums.back() == static_cast<TestType>(guard));
    for (std::size_t c = 0; c < n; ++c) {
      TestType expected = 0;
      for (std::size_t r = 0; r < rows; ++r) expected += m[r * n + c];
      CAPTURE(n, rows, c);
      CHECK(sums[c + 1] == expected);  // the same additions in the same order: exact
    }
  };
  for (const std::size_t rows : {1, 2, 9, 64}) {
    check(std::integral_constant<std::size_t, 1>{}, rows);
    check(std::integral_constant<std::size_t, 7>{}, rows);
    check(std::integral_constant<std::size_t, 13>{}, rows);
    check(std::integral_constant<std::size_t, 16>{}, rows);
    check(std::integral_constant<std::size_t, 33>{}, rows);
    check(std::integral_constant<std::size_t, 100>{}, rows);
  }
}

TEST_CASE("a sample's batch result does not depend on the rows around it", "[kernels][gemm]") {
  // Every row block (8 or 6, 4, 2 or 1 rows) sums in the same order, so row r of a product of
  // many rows equals row r computed in a 2-row product, bit for bit: 9 rows (a tall block and a
  // short one), and 31 rows of the 784-100 layer's sizes (several tall blocks, then short ones).
  constexpr std::size_t n = 100;
  for (const auto& [rows, inner] : {std::pair<std::size_t, std::size_t>{9, 33}, {31, 784}}) {
    const auto a = random_matrix<float>(rows * inner, 5);
    const auto b = random_matrix<float>(inner * n, 6);
    std::vector<float> all(rows * n), pair(2 * n);
    ctnn::kernels::gemm<n>(rows, inner, ctnn::kernels::RowMajor<float>{a.data(), inner},
                           b.data(), ctnn::kernels::Store<float>{all.data(), n});
    for (std::size_t r = 0; r + 1 < rows; ++r) {
      ctnn::kernels::gemm<n>(2, inner,
                             ctnn::kernels::RowMajor<float>{a.data() + r * inner, inner},
                             b.data(), ctnn::kernels::Store<float>{pair.data(), n});
      for (std::size_t c = 0; c < n; ++c) {
        CAPTURE(rows, inner, r, c);
        REQUIRE(pair[c] == all[r * n + c]);
        REQUIRE(pair[n + c] == all[(r + 1) * n + c]);
      }
    }
  }
}
