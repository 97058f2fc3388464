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

#include "support/gemm_check.hpp"

// tests/CMakeLists.txt builds the SIMD tests again for other x86-64 levels: make sure that each
// level's flags gave it the registers it names, and nothing wider.
#ifdef CTNN_TEST_EXPECTED_ARCH
static_assert(std::is_same_v<xsimd::default_arch, CTNN_TEST_EXPECTED_ARCH>,
              "the -march flags of this level's tests did not give it the registers it expects");
#endif

namespace {

using ctnn::test::check_column_sums;
using ctnn::test::check_gemm;
using ctnn::test::random_values;

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
  for (const std::size_t rows : {1, 2, 9, 64}) {
    check_column_sums<1, TestType>(rows);
    check_column_sums<7, TestType>(rows);
    check_column_sums<13, TestType>(rows);
    check_column_sums<16, TestType>(rows);
    check_column_sums<33, TestType>(rows);
    check_column_sums<100, TestType>(rows);
  }
}

TEST_CASE("a sample's batch result does not depend on the rows around it", "[kernels][gemm]") {
  // Every row block (8 or 6, 4, 2 or 1 rows) sums in the same order, so row r of a product of
  // many rows equals row r computed in a 2-row product, bit for bit: 9 rows (a tall block and a
  // short one), and 31 rows of the 784-100 layer's sizes (several tall blocks, then short ones).
  constexpr std::size_t n = 100;
  for (const auto& [rows, inner] : {std::pair<std::size_t, std::size_t>{9, 33}, {31, 784}}) {
    const auto a = random_values<float>(rows * inner, 5);
    const auto b = random_values<float>(inner * n, 6);
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
