#ifndef CTNN_KERNELS_SCALAR_COLUMNS_HPP
#define CTNN_KERNELS_SCALAR_COLUMNS_HPP

//! @file scalar_columns.hpp
//! Products whose N columns are too few for any SIMD register (1..3 floats, 1 double): scalar
//! FMAs (`scalar_columns`), or for N = 1 with a row-major A, one SIMD dot product a row
//! (`dot_rows`).

#include <cstddef>

#include <ctnn/detail/simd.hpp>
#include <ctnn/kernels/operands.hpp>

namespace ctnn::kernels::detail {

// N columns too few for any register: scalar FMAs, four rows at a time. Not inlined, as
// several_rows: inlined where a test's batch size is a constant, g++ 12 warns of an
// out-of-bounds read in the 4-row block of a 2-row batch, a block that never runs.
template <std::size_t N, class A, class T, class Epilogue>
[[gnu::noinline]] void scalar_columns(std::size_t rows, std::size_t inner, A a, const T* b,
                                      Epilogue& epilogue) {
  const std::size_t blocked_rows = rows - rows % 4;
  for (std::size_t row = 0; row < blocked_rows; row += 4) {
    T acc[4][N] = {};
    for (std::size_t p = 0; p < inner; ++p)
      for (std::size_t i = 0; i < 4; ++i)
        for (std::size_t c = 0; c < N; ++c)
          acc[i][c] = ctnn::detail::fma(a(row + i, p), b[p * N + c], acc[i][c]);
    for (std::size_t i = 0; i < 4; ++i)
      for (std::size_t c = 0; c < N; ++c) epilogue(acc[i][c], row + i, c);
  }
  for (std::size_t row = blocked_rows; row < rows; ++row) {
    T acc[N] = {};
    for (std::size_t p = 0; p < inner; ++p)
      for (std::size_t c = 0; c < N; ++c)
        acc[c] = ctnn::detail::fma(a(row, p), b[p * N + c], acc[c]);
    for (std::size_t c = 0; c < N; ++c) epilogue(acc[c], row, c);
  }
}

// N = 1 with contiguous rows of A: each output is a dot product of an A row with B.
template <class V, class T, class Epilogue>
inline void dot_rows(std::size_t rows, std::size_t inner, RowMajor<T> a, const T* b,
                     Epilogue& epilogue) {
  constexpr std::size_t w = V::size;
  for (std::size_t row = 0; row < rows; ++row) {
    const T* x = a.data + row * a.stride;
    V acc0(T(0)), acc1(T(0));
    const std::size_t pairs = inner / (2 * w);
    for (std::size_t k = 0; k < pairs; ++k) {
      const std::size_t p = k * 2 * w;
      acc0 = ctnn::detail::fma(ctnn::detail::load<V>(x + p), ctnn::detail::load<V>(b + p), acc0);
      acc1 = ctnn::detail::fma(ctnn::detail::load<V>(x + p + w),
                               ctnn::detail::load<V>(b + p + w), acc1);
    }
    std::size_t p = pairs * 2 * w;
    if (p + w <= inner) {
      acc0 = ctnn::detail::fma(ctnn::detail::load<V>(x + p), ctnn::detail::load<V>(b + p), acc0);
      p += w;
    }
    T sum = ctnn::detail::sum_lanes(acc0 + acc1);
    for (; p < inner; ++p) sum = ctnn::detail::fma(x[p], b[p], sum);
    epilogue(sum, row, std::size_t{0});
  }
}

}  // namespace ctnn::kernels::detail

#endif
