#ifndef CTNN_KERNELS_TAIL_COLUMNS_HPP
#define CTNN_KERNELS_TAIL_COLUMNS_HPP

//! @file tail_columns.hpp
//! The narrow tail of columns that a product of several rows computes apart from the registers
//! covering the rest, when the register width w does not divide N (`tail_columns`): with a
//! row-major A as dot products along the inner dimension, with a transposed A as registers
//! along the rows. `has_narrow_tail` and `splits_tail` say when a product does this.

#include <algorithm>
#include <cstddef>

#include <ctnn/detail/simd.hpp>
#include <ctnn/kernels/accumulators.hpp>
#include <ctnn/kernels/operands.hpp>
#include <ctnn/kernels/register_plan.hpp>

namespace ctnn::kernels::detail {

// A narrow tail of columns, N % w of them, computed apart from the registers that cover the
// rest (N = 100, w = 16: 96 columns in 6 registers, 4 in the tail). Covering all N with
// registers takes ceil(N / w) of them, the last overlapping the one before: for N = 100 and
// w = 16 a 7th register, 14% of the FMAs for 4% of the columns; with AVX2 (w = 8, a tail of
// half a register) a 13th register that runs in blocks of 6 rows x 1 register, 6 FMA chains
// where 8 keep the FMA units busy. Not for N < 2w, where the split is slower (N = 10 in 8-wide
// registers). Measurements in bench/results.md.
template <std::size_t N, class V>
inline constexpr std::size_t tail_width = N >= 2 * V::size ? N % V::size : 0;

// The largest inner dimension whose tail columns tail_columns packs on the stack, 16 KB at most:
// also the distance between two packed columns, so a whole number of registers, which keeps
// every packed column aligned for V::load_aligned whatever the tail's width.
template <std::size_t N, class V>
inline constexpr std::size_t max_packed_inner =
    16 * 1024 / (std::max<std::size_t>(tail_width<N, V>, 1) * sizeof(typename V::value_type)) /
    V::size * V::size;

// Whether N has a tail to split off: at most half a register wide.
template <std::size_t N, class V>
inline constexpr bool has_narrow_tail = tail_width<N, V> > 0 && 2 * tail_width<N, V> <= V::size;

// Whether to split it off for this product. A row-major A (the tail vectorized along the inner
// dimension): if the tail's columns of B fit the stack buffer. A transposed A (vectorized along
// the rows): if the tail is at most a quarter of a register; the weight gradient of a fused
// update comes in pieces of 12 rows with AVX2, whose half-register tail would be a register of
// 8 rows and a zero-padded one of 4, each in only 4 FMA chains, slower than the overlapping
// register (measured in bench/results.md).
template <std::size_t N, class V, class A>
inline bool splits_tail(std::size_t inner) {
  if constexpr (A::contiguous_rows)
    return inner <= max_packed_inner<N, V>;
  else
    return 4 * tail_width<N, V> <= V::size;
}

// The rows of a block of tail dot products: their rows x t accumulators, t registers of B and
// one of A must fit the register file (with 16 registers and t = 4, 4 rows spill).
inline constexpr std::size_t tail_rows = has_32_registers ? 4 : 2;

// Row-major A: each tail value is a dot product of an A row with a tail column of B, which is
// first copied to a contiguous buffer; registers run along the inner dimension, tail_rows rows
// x t columns of accumulators at a time, their lanes added at the end. Every row is computed the
// same way whatever the rows around it.
template <std::size_t Rows, std::size_t N, class V, class T, class Epilogue>
inline void tail_dot_rows(std::size_t row, std::size_t inner, RowMajor<T> a, const T* packed,
                          Epilogue& epilogue) {
  constexpr std::size_t w = V::size;
  constexpr std::size_t t = tail_width<N, V>;
  constexpr std::size_t stride = max_packed_inner<N, V>;
  V acc[Rows][t];
  zero(acc);
  const std::size_t vector_end = inner - inner % w;
  for (std::size_t p = 0; p < vector_end; p += w) {
    V column[t];
#pragma GCC unroll 4
    for (std::size_t j = 0; j < t; ++j) column[j] = V::load_aligned(packed + j * stride + p);
#pragma GCC unroll 4
    for (std::size_t i = 0; i < Rows; ++i) {
      const V x = ctnn::detail::load<V>(&a(row + i, p));
#pragma GCC unroll 4
      for (std::size_t j = 0; j < t; ++j) acc[i][j] = ctnn::detail::fma(x, column[j], acc[i][j]);
    }
  }
  for (std::size_t i = 0; i < Rows; ++i) {
    for (std::size_t j = 0; j < t; ++j) {
      T sum = ctnn::detail::sum_lanes(acc[i][j]);
      for (std::size_t p = vector_end; p < inner; ++p)
        sum = ctnn::detail::fma(a(row + i, p), packed[j * stride + p], sum);
      epilogue(sum, row + i, N - t + j);
    }
  }
}

template <std::size_t N, class V, class T, class Epilogue>
inline void tail_columns(std::size_t rows, std::size_t inner, RowMajor<T> a, const T* b,
                         Epilogue& epilogue) {
  constexpr std::size_t t = tail_width<N, V>;
  constexpr std::size_t stride = max_packed_inner<N, V>;
  static_assert(stride % V::size == 0, "every packed column must start on a register boundary");
  alignas(64) T packed[t * stride];
  for (std::size_t p = 0; p < inner; ++p)
    for (std::size_t j = 0; j < t; ++j) packed[j * stride + p] = b[p * N + N - t + j];
  // Counted loops: with `row + tail_rows <= rows` and a batch size known to the compiler, GCC 12
  // -O3 warns falsely that the second loop runs into undefined behaviour.
  const std::size_t blocks = rows / tail_rows;
  for (std::size_t k = 0; k < blocks; ++k)
    tail_dot_rows<tail_rows, N, V>(tail_rows * k, inner, a, packed, epilogue);
  for (std::size_t row = tail_rows * blocks; row < rows; ++row)
    tail_dot_rows<1, N, V>(row, inner, a, packed, epilogue);
}

// Transposed A: a register holds w consecutive rows of A at one inner position, so registers
// run along the rows, each lane one output's chain over p in increasing order, as in `block`:
// a value is the same whichever rows share its register. Rows left over (fewer than w) go
// through the same code from a zero-padded copy of their A values.
template <std::size_t Blocks, std::size_t N, class V, class T, class Epilogue>
inline void tail_row_blocks(std::size_t row, std::size_t valid_rows, std::size_t inner,
                            Transposed<T> a, const T* b, Epilogue& epilogue) {
  constexpr std::size_t w = V::size;
  constexpr std::size_t t = tail_width<N, V>;
  V acc[Blocks][t];
  zero(acc);
  alignas(64) T padded[w] = {};
  for (std::size_t p = 0; p < inner; ++p) {
    V x[Blocks];
    if (valid_rows == Blocks * w) {
#pragma GCC unroll 4
      for (std::size_t k = 0; k < Blocks; ++k) x[k] = ctnn::detail::load<V>(&a(row + k * w, p));
    } else {  // one block of fewer than w rows
      for (std::size_t l = 0; l < valid_rows; ++l) padded[l] = a(row + l, p);
      x[0] = V::load_aligned(padded);
    }
#pragma GCC unroll 4
    for (std::size_t j = 0; j < t; ++j) {
      const V column(b[p * N + N - t + j]);
#pragma GCC unroll 4
      for (std::size_t k = 0; k < Blocks; ++k)
        acc[k][j] = ctnn::detail::fma(x[k], column, acc[k][j]);
    }
  }
  alignas(64) T lanes[w];
  for (std::size_t k = 0; k < Blocks; ++k) {
    for (std::size_t j = 0; j < t; ++j) {
      acc[k][j].store_aligned(lanes);
      for (std::size_t l = 0; l < w && k * w + l < valid_rows; ++l)
        epilogue(lanes[l], row + k * w + l, N - t + j);
    }
  }
}

template <std::size_t N, class V, class T, class Epilogue>
inline void tail_columns(std::size_t rows, std::size_t inner, Transposed<T> a, const T* b,
                         Epilogue& epilogue) {
  constexpr std::size_t w = V::size;
  std::size_t row = 0;
  for (; row + 2 * w <= rows; row += 2 * w)
    tail_row_blocks<2, N, V>(row, 2 * w, inner, a, b, epilogue);
  for (; row < rows; row += w)
    tail_row_blocks<1, N, V>(row, std::min(w, rows - row), inner, a, b, epilogue);
}

}  // namespace ctnn::kernels::detail

#endif
