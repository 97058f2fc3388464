#ifndef CTNN_KERNELS_ACCUMULATORS_HPP
#define CTNN_KERNELS_ACCUMULATORS_HPP

//! @file accumulators.hpp
//! A block of SIMD accumulators (Rows x Columns registers) from start to end: set to zero,
//! then handed to the epilogue (`hand_over`), inline or out of line depending on the epilogue.

#include <cstddef>
#include <type_traits>

#include <ctnn/kernels/operands.hpp>

namespace ctnn::kernels::detail {

// Sets every accumulator of a Rows x Columns block to zero.
template <class V, std::size_t Rows, std::size_t Columns>
inline void zero(V (&acc)[Rows][Columns]) {
#pragma GCC unroll 16
  for (std::size_t i = 0; i < Rows; ++i)
#pragma GCC unroll 16
    for (std::size_t j = 0; j < Columns; ++j) acc[i][j] = V(typename V::value_type(0));
}

// Hands a block's accumulators to the epilogue.
template <std::size_t Rows, std::size_t Registers, class V, class Epilogue>
inline void apply_epilogue(const V (&acc)[Rows][Registers], std::size_t row,
                           const std::size_t (&column)[Registers], Epilogue& epilogue) {
#pragma GCC unroll 16
  for (std::size_t i = 0; i < Rows; ++i)
#pragma GCC unroll 16
    for (std::size_t j = 0; j < Registers; ++j) epilogue(acc[i][j], row + i, column[j]);
}

template <std::size_t Rows, std::size_t Registers, class V, class Epilogue>
[[gnu::noinline]] void apply_epilogue_out_of_line(const V (&acc)[Rows][Registers],
                                                  std::size_t row,
                                                  const std::size_t (&column)[Registers],
                                                  Epilogue& epilogue) {
  apply_epilogue(acc, row, column, epilogue);
}

template <class Epilogue>
inline constexpr bool is_store = false;
template <class T>
inline constexpr bool is_store<Store<T>> = true;

// Inline for a Store, out of line for any other epilogue. Inlined, an activation's constants
// (sigmoid's exp) are kept in registers across the block's loop, and with 16 registers the
// accumulators spill instead; out of line, a call per block slows the short loops of a weight
// gradient (inner = the batch), whose epilogue is a Store. Measurements in bench/results.md.
template <std::size_t Rows, std::size_t Registers, class V, class Epilogue>
inline void hand_over(const V (&acc)[Rows][Registers], std::size_t row,
                      const std::size_t (&column)[Registers], Epilogue& epilogue) {
  if constexpr (is_store<std::remove_const_t<Epilogue>>)
    apply_epilogue(acc, row, column, epilogue);
  else
    apply_epilogue_out_of_line(acc, row, column, epilogue);
}

}  // namespace ctnn::kernels::detail

#endif
