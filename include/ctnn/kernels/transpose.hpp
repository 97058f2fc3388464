#ifndef CTNN_KERNELS_TRANSPOSE_HPP
#define CTNN_KERNELS_TRANSPOSE_HPP

//! @file transpose.hpp
//! The transpose of a row-major matrix of compile-time size (`transpose`), which a dense layer's
//! input gradient multiplies by.

#include <algorithm>
#include <cstddef>
#include <type_traits>

#include <ctnn/detail/simd.hpp>

namespace ctnn::kernels {

//! dst[c·Rows + r] = src[r·Cols + c]: a row-major Rows x Cols matrix, transposed. Floats go
//! 8 x 8 blocks at a time (`ctnn::detail::transpose_8x8`: in AVX registers where the build has
//! them), down the columns so that consecutive blocks write consecutive addresses; the rest in
//! 16 x 16 tiles of scalars, so that the strided reads and the writes stay within a few cache
//! lines (a plain loop misses the cache on every strided access). Measurements in
//! bench/results.md.
template <std::size_t Rows, std::size_t Cols, class T>
void transpose(const T* src, T* dst) {
  std::size_t blocked_rows = 0, blocked_cols = 0;
  if constexpr (std::is_same_v<T, float>) {
    blocked_rows = Rows / 8 * 8;
    blocked_cols = Cols / 8 * 8;
    for (std::size_t c = 0; c < blocked_cols; c += 8)
      for (std::size_t r = 0; r < blocked_rows; r += 8)
        ctnn::detail::transpose_8x8(src + r * Cols + c, Cols, dst + c * Rows + r, Rows);
  }
  // What the blocks left: the columns right of them in their rows, then the rows below.
  const auto scalar_tiles = [&](std::size_t row_begin, std::size_t row_end,
                                std::size_t col_begin) {
    constexpr std::size_t tile = 16;
    for (std::size_t r0 = row_begin; r0 < row_end; r0 += tile) {
      const std::size_t r1 = std::min(row_end, r0 + tile);
      for (std::size_t c0 = col_begin; c0 < Cols; c0 += tile) {
        const std::size_t c1 = std::min(Cols, c0 + tile);
        for (std::size_t c = c0; c < c1; ++c)
          for (std::size_t r = r0; r < r1; ++r) dst[c * Rows + r] = src[r * Cols + c];
      }
    }
  };
  scalar_tiles(0, blocked_rows, blocked_cols);
  scalar_tiles(blocked_rows, Rows, 0);
}

}  // namespace ctnn::kernels

#endif
