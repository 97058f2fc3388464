#ifndef CTNN_KERNELS_REGISTER_BLOCKS_HPP
#define CTNN_KERNELS_REGISTER_BLOCKS_HPP

//! @file register_blocks.hpp
//! The product of several rows over the columns that whole registers cover (`panels`): blocks
//! of rows x registers of accumulators (`block`), each summed over the whole inner dimension in
//! one FMA chain per output. Loop order: column blocks outside, row blocks inside, in groups of
//! rows whose A stays in L2, so that B is read from the cache once per group.

#include <algorithm>
#include <cstddef>

#include <ctnn/detail/simd.hpp>
#include <ctnn/kernels/accumulators.hpp>
#include <ctnn/kernels/register_plan.hpp>

namespace ctnn::kernels::detail {

// Rows x Registers accumulators for Rows rows starting at `row` and the registers first_reg ..
// first_reg + Registers - 1, summed over the whole inner dimension, then handed to the epilogue.
// The first register is a run-time argument: one instantiation serves every block of its shape.
// B has N columns, of which the registers cover the first Covered (all N, or all but a narrow
// tail that tail_columns computes).
template <std::size_t Rows, std::size_t Registers, std::size_t N, std::size_t Covered, class V,
          class A, class T, class Epilogue>
inline void block(std::size_t row, std::size_t first_reg, std::size_t inner, A a, const T* b,
                  Epilogue& epilogue) {
  constexpr std::size_t w = V::size;
  std::size_t column[Registers];
#pragma GCC unroll 16
  for (std::size_t j = 0; j < Registers; ++j)
    column[j] = register_column<Covered, w>(first_reg + j);
  V acc[Rows][Registers];
  zero(acc);
  for (std::size_t p = 0; p < inner; ++p) {
    const T* b_row = b + p * N;
    V bv[Registers];
#pragma GCC unroll 16
    for (std::size_t j = 0; j < Registers; ++j) bv[j] = ctnn::detail::load<V>(b_row + column[j]);
#pragma GCC unroll 16
    for (std::size_t i = 0; i < Rows; ++i) {
      const V x(a(row + i, p));
#pragma GCC unroll 16
      for (std::size_t j = 0; j < Registers; ++j)
        acc[i][j] = ctnn::detail::fma(x, bv[j], acc[i][j]);
    }
  }
  hand_over(acc, row, column, epilogue);
}

// Rows rows at a time from row_begin to row_end, across all registers of the first Covered
// columns of N in blocks of at most max_registers_per_block<Rows> registers. Column blocks are
// the outer loop: B is read from the cache once per column block rather than whole once per row
// block, which matters when B does not fit in L2 (784 x 256 floats are 800 KB, more than a
// 512 KB L2). Measurements in bench/results.md.
template <std::size_t Rows, std::size_t N, std::size_t Covered, class V, class A, class T,
          class Epilogue>
inline void row_panels(std::size_t row_begin, std::size_t row_end, std::size_t inner, A a,
                       const T* b, Epilogue& epilogue) {
  constexpr std::size_t registers = (Covered + V::size - 1) / V::size;
  for_each_register_block<registers, max_registers_per_block<Rows>>(
      [&](auto block_registers, std::size_t first_reg) {
        for (std::size_t row = row_begin; row < row_end; row += Rows)
          block<Rows, block_registers.value, N, Covered, V>(row, first_reg, inner, a, b,
                                                            epilogue);
      });
}

// Row blocks per group: a group's rows of a row-major A (60 x 784 floats: 188 KB) stay in L2
// while every column block of B passes over them.
inline constexpr std::size_t row_blocks_per_group = 10;

// All rows in blocks of tall_block_rows, then 4, 2 and 1 rows, across the first Covered
// columns of N; the tall blocks in groups of row_blocks_per_group.
template <std::size_t N, std::size_t Covered, class V, class A, class T, class Epilogue>
inline void panels(std::size_t rows, std::size_t inner, A a, const T* b, Epilogue& epilogue) {
  constexpr std::size_t group_rows = row_blocks_per_group * tall_block_rows;
  const std::size_t tall_end = rows - rows % tall_block_rows;
  for (std::size_t row = 0; row < tall_end; row += group_rows)
    row_panels<tall_block_rows, N, Covered, V>(row, std::min(tall_end, row + group_rows), inner,
                                               a, b, epilogue);
  // The rest (fewer than 8) in one block each of 4, 2 and 1 rows.
  std::size_t row = tall_end;
  if (rows - row >= 4) {
    row_panels<4, N, Covered, V>(row, row + 4, inner, a, b, epilogue);
    row += 4;
  }
  if (rows - row >= 2) {
    row_panels<2, N, Covered, V>(row, row + 2, inner, a, b, epilogue);
    row += 2;
  }
  if (rows - row == 1) row_panels<1, N, Covered, V>(row, row + 1, inner, a, b, epilogue);
}

}  // namespace ctnn::kernels::detail

#endif
