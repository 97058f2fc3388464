#ifndef CTNN_KERNELS_GEMV_HPP
#define CTNN_KERNELS_GEMV_HPP

//! @file gemv.hpp
//! The product of a single row, one sample's inference (a GEMV): `single_row` keeps up to 13
//! registers of the row live at once (8 with 32 registers) and splits the inner sum over several
//! independent accumulator chains where they fit, so that the FMA latency does not bound it;
//! `flat_gemv`, when the register width does not divide N and B is aligned, reads B as whole
//! aligned registers across row boundaries (where its accumulators fit in the register file),
//! since rows of, say, 100 floats would make most loads straddle two cache lines. The split sums
//! round differently from the one chain of a product of several rows (see gemm.hpp).
//! Measurements in bench/results.md.

#include <cstddef>
#include <numeric>

#include <ctnn/detail/simd.hpp>
#include <ctnn/kernels/accumulators.hpp>
#include <ctnn/kernels/register_plan.hpp>

namespace ctnn::kernels::detail {

// How many chains split_row_block splits the inner sum of `Registers` registers into: a power of
// two (the chains are added pairwise), at most 4 (8 for one register), with every accumulator in
// the register file: at most 16 of 32 registers, 12 of 16 (16 accumulators spill there). More
// chains are more streams through B read from L2 at once (see split_row_block): with 32
// registers, 4 chains of 4 registers beat 2.
template <std::size_t Registers>
constexpr std::size_t gemv_splits() {
  constexpr std::size_t max_accumulators = has_32_registers ? 16 : 12;
  constexpr std::size_t max_splits = Registers == 1 ? 8 : 4;
  std::size_t splits = 1;
  while (splits < max_splits && 2 * splits * Registers <= max_accumulators) splits *= 2;
  return splits;
}

// The widest register block of a GEMV: one pass over B in single chains beats several passes
// in split chains when B comes from L2: each pass of a narrower block reads part of B's rows,
// and the cache lines two passes share come from L2 twice. With 16 registers, 13: the 13
// registers of a row of 100 floats in one block, 13 chains and the broadcast multiplier. With
// 32 registers, 8; wider blocks have not been measured there.
inline constexpr std::size_t max_gemv_block_registers = has_32_registers ? 8 : 13;

// One row, registers first_reg .. first_reg + Registers - 1, every one live at once and the
// inner sum split over gemv_splits chains: bound by the load of B rather than the FMA latency.
template <std::size_t Registers, std::size_t N, class V, class A, class T, class Epilogue>
inline void split_row_block(std::size_t row, std::size_t first_reg, std::size_t inner, A a,
                            const T* b, Epilogue& epilogue) {
  constexpr std::size_t w = V::size;
  constexpr std::size_t splits = gemv_splits<Registers>();
  std::size_t column[Registers];
#pragma GCC unroll 16
  for (std::size_t j = 0; j < Registers; ++j) column[j] = register_column<N, w>(first_reg + j);
  V acc[splits][Registers];
  zero(acc);
  // Counted loops (not `p + splits <= inner`): GCC 12 -O3 warns falsely on the latter.
  // Chain s sums the s-th of `splits` consecutive stretches of the inner dimension: as many
  // independent streams through B for the prefetchers, faster than interleaved rows when B
  // comes from L2.
  const std::size_t full_rounds = inner / splits;
  for (std::size_t round = 0; round < full_rounds; ++round) {
#pragma GCC unroll 8
    for (std::size_t s = 0; s < splits; ++s) {
      const std::size_t p = s * full_rounds + round;
      const T* b_row = b + p * N;
      const V x(a(row, p));
#pragma GCC unroll 16
      for (std::size_t j = 0; j < Registers; ++j)
        acc[s][j] = ctnn::detail::fma(x, ctnn::detail::load<V>(b_row + column[j]), acc[s][j]);
    }
  }
  for (std::size_t p = full_rounds * splits; p < inner; ++p) {
    const T* b_row = b + p * N;
    const V x(a(row, p));
#pragma GCC unroll 16
    for (std::size_t j = 0; j < Registers; ++j)
      acc[0][j] = ctnn::detail::fma(x, ctnn::detail::load<V>(b_row + column[j]), acc[0][j]);
  }
#pragma GCC unroll 16
  for (std::size_t j = 0; j < Registers; ++j) {
    // Pairwise: (0 + 1) + (2 + 3), ...
#pragma GCC unroll 8
    for (std::size_t step = 1; step < splits; step *= 2)
#pragma GCC unroll 8
      for (std::size_t s = 0; s + step < splits; s += 2 * step) acc[s][j] += acc[s + step][j];
    epilogue(acc[0][j], row, column[j]);
  }
}

// The GEMV of a single sample's inference: the row's registers in blocks of split chains.
template <std::size_t N, class V, class A, class T, class Epilogue>
inline void single_row(std::size_t row, std::size_t inner, A a, const T* b, Epilogue& epilogue) {
  constexpr std::size_t registers = (N + V::size - 1) / V::size;
  for_each_register_block<registers, max_gemv_block_registers>(
      [&](auto block_registers, std::size_t first_reg) {
        split_row_block<block_registers.value, N, V>(row, first_reg, inner, a, b, epilogue);
      });
}

// The GEMV for N columns that the register width w does not divide (784-100: N = 100, w = 16),
// with B aligned to a register. Row-by-row, such rows start at every offset modulo w, and most
// register loads straddle two cache lines. Instead B is read as a flat sequence of aligned
// registers: G = lcm(N, w) / N rows are exactly K = lcm(N, w) / w registers (4 rows of 100 are
// 25 registers of 16), whose lane l of register k holds the weight at flat position
// f = k·w + l of the group, i.e. row f / N, column f % N. One accumulator per register, its
// multiplier in lane l being x[row f / N]: a broadcast, or a blend of two where a register
// straddles two rows. After the last group the accumulators are laid out flat and the G slices
// of N columns are added. Rows left over (inner % G) go one at a time into the sums.
template <std::size_t N, class V>
inline constexpr std::size_t flat_registers = std::lcm(N, V::size) / V::size;

template <std::size_t N, class V>
inline constexpr bool flat_gemv_applies =
    N % V::size != 0 && N > V::size && flat_registers<N, V> <= (has_32_registers ? 25 : 12);

// The accumulation of flat_gemv over whole groups, its K registers stored to `flat`. Not
// inlined: inlined, the compiler hoists the epilogue's constants (the sigmoid's polynomial)
// above this loop, and the 25 accumulators of N = 100 no longer fit in the register file.
template <std::size_t N, class V, class T>
[[gnu::noinline]] void flat_gemv_groups(std::size_t groups, const T* x, const T* b, T* flat) {
  constexpr std::size_t w = V::size;
  constexpr std::size_t k_registers = flat_registers<N, V>;
  constexpr std::size_t group_rows = k_registers * w / N;
  alignas(64) T lane_index_values[w];
  for (std::size_t l = 0; l < w; ++l) lane_index_values[l] = static_cast<T>(l);
  const V lane_index = V::load_aligned(lane_index_values);
  V acc[k_registers];
#pragma GCC unroll 32
  for (std::size_t k = 0; k < k_registers; ++k) acc[k] = V(T(0));
  const auto add_group = [&](std::size_t g) {
    const T* xg = x + g * group_rows;
    const T* bg = b + g * group_rows * N;
#pragma GCC unroll 32
    for (std::size_t k = 0; k < k_registers; ++k) {
      const std::size_t first = k * w / N, last = (k * w + w - 1) / N;
      const V multiplier =
          first == last ? V(xg[first])
                        : xsimd::select(lane_index >= V(static_cast<T>(last * N - k * w)),
                                        V(xg[last]), V(xg[first]));
      acc[k] = ctnn::detail::fma(multiplier, V::load_aligned(bg + k * w), acc[k]);
    }
  };
  // Two streams through B, the first and the second half of the groups, into the same
  // accumulators: the weights come from L2 a little faster than in one stream.
  constexpr std::size_t streams = 2;
  const std::size_t per_stream = groups / streams;
  for (std::size_t g = 0; g < per_stream; ++g) {
#pragma GCC unroll 4
    for (std::size_t s = 0; s < streams; ++s) add_group(s * per_stream + g);
  }
  for (std::size_t g = per_stream * streams; g < groups; ++g) add_group(g);
#pragma GCC unroll 32
  for (std::size_t k = 0; k < k_registers; ++k) acc[k].store_aligned(flat + k * w);
}

template <std::size_t N, class V, class T, class Epilogue>
inline void flat_gemv(std::size_t row, std::size_t inner, const T* x, const T* b,
                      Epilogue& epilogue) {
  constexpr std::size_t w = V::size;
  constexpr std::size_t k_registers = flat_registers<N, V>;
  constexpr std::size_t group_rows = k_registers * w / N;
  const std::size_t groups = inner / group_rows;
  alignas(64) T flat[k_registers * w];
  flat_gemv_groups<N, V>(groups, x, b, flat);
  constexpr std::size_t registers = (N + w - 1) / w;
#pragma GCC unroll 8
  for (std::size_t j = 0; j < registers; ++j) {
    const std::size_t column = register_column<N, w>(j);
    V sum = ctnn::detail::load<V>(flat + column);
#pragma GCC unroll 8
    for (std::size_t r = 1; r < group_rows; ++r)
      sum += ctnn::detail::load<V>(flat + r * N + column);
    for (std::size_t p = groups * group_rows; p < inner; ++p)
      sum = ctnn::detail::fma(V(x[p]), ctnn::detail::load<V>(b + p * N + column), sum);
    epilogue(sum, row, column);
  }
}

}  // namespace ctnn::kernels::detail

#endif
