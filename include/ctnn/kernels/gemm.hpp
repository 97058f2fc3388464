#ifndef CTNN_KERNELS_GEMM_HPP
#define CTNN_KERNELS_GEMM_HPP

//! @file gemm.hpp
//! C = A · B for a compile-time number of columns N, with a caller-supplied epilogue applied to
//! each result as it is stored (bias + activation in the forward pass, the activation
//! derivative in the backward pass). All three products of a dense layer are this one kernel:
//!   forward   H_out = X · W          (A = X row-major,  B = W [in][out])
//!   weights   dW    = Xᵀ · dA        (A = X read transposed, B = dA)
//!   inputs    dX    = dA · Wᵀ        (B = a transposed copy of W, [out][in])
//!
//! How the columns are covered. N is a compile-time constant, so the register plan is too:
//! - N >= the SIMD width w: ceil(N / w) registers; the last one ENDS at column N and overlaps
//!   the one before it when w does not divide N (N = 100, w = 16: registers at 0, 16, ..., 80
//!   and 84). Nothing is read or written past a row; the overlapping columns are computed twice
//!   and stored twice with the same value, so epilogues must be plain stores of a function of
//!   (value, row, column) — which all of ctnn's are. In a product of several rows, a tail of
//!   at most w/4 columns (w/2 with a row-major A; N = 100: 4) is instead left out of the
//!   registers and computed on its own, handed to the epilogue one scalar value at a time (see
//!   `tail_width`).
//! - N < w: the same plan with the widest narrower register the target has (AVX2's 8 floats,
//!   SSE's 4), so N = 10 is two 8-wide registers, not ten scalars.
//! - N below every register width (1..3 floats, 1 double): scalar code; a row-major A with
//!   N = 1 is a SIMD dot product.
//!
//! Register blocking: 8 rows x up to 3 registers of accumulators on AVX-512 (32 registers; 6 x 2
//! elsewhere): 24 (12) independent FMA chains, enough to hide the FMA latency, and each B
//! register loaded from the cache serves 8 (6) FMAs, which keeps a layer whose weights live in
//! L2 (784 x 100 floats is 313 KB) FMA-bound instead of cache-bound. A single row (one
//! sample's inference, a GEMV) instead keeps up to 13 registers of the row live at once (8 with
//! 32 registers) and splits the inner sum over several independent accumulator chains where
//! they fit, so that latency does not bound it; when the width does not divide N and B is
//! aligned, it reads B as whole aligned registers across row boundaries (`flat_gemv`, where its
//! accumulators fit in the register file), since rows of 100 floats would make most loads
//! straddle two cache lines (784-100 with AVX-512: 3.25 -> 2.2 µs per inference).
//!
//! Loop order of a product of several rows: column blocks outside, row blocks inside, in groups
//! of rows whose A stays in L2 (`panels`), so B is read from the cache once per group.
//!
//! Summation order: every output is Σ_p in increasing p, one FMA chain, for any row blocking, so
//! a sample's result does not depend on which rows it was batched with. Two exceptions round
//! differently in the last bits, still independently of the rows around: the single-row GEMV
//! (`rows == 1`), whose sums are split over several chains, and with a row-major A, the narrow
//! tail of columns that the registers leave when w does not divide N (`tail_columns`), summed
//! as dot products along p. Every product is added with ctnn::detail::fma, the scalar loops'
//! included, never written `a * b + c`: GCC contracts such an expression into an FMA in some
//! inlined copies and not in others, so a value would depend on the caller.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <type_traits>

#include <ctnn/detail/simd.hpp>

namespace ctnn::kernels {

//! A read-only row-major matrix A: element (r, p) at data[r · stride + p].
template <class T>
struct RowMajor {
  const T* data;
  std::size_t stride;
  [[nodiscard]] const T& operator()(std::size_t row, std::size_t column) const {
    return data[row * stride + column];
  }
  static constexpr bool contiguous_rows = true;
};

//! A read-only matrix A stored transposed (column-major): element (r, p) at data[p · stride + r],
//! so that Xᵀ needs no copy.
template <class T>
struct Transposed {
  const T* data;
  std::size_t stride;
  [[nodiscard]] const T& operator()(std::size_t row, std::size_t column) const {
    return data[column * stride + row];
  }
  static constexpr bool contiguous_rows = false;
};

//! The epilogue that only stores: C[row · stride + column] = value, for a register or a scalar.
template <class T>
struct Store {
  T* c;
  std::size_t stride;
  template <class Value>
  void operator()(Value value, std::size_t row, std::size_t column) const {
    ctnn::detail::store(c + row * stride + column, value);
  }
};

namespace detail_gemm {


// Whether registers of architecture A exist in this build and are no wider than N values.
template <class T, std::size_t N, class A>
constexpr bool fits() {
  if constexpr (A::supported())
    return xsimd::batch<T, A>::size <= N;
  else
    return false;
}

struct no_simd {};

// The first architecture of the list whose registers fit in N columns; no_simd if none does.
template <class T, std::size_t N, class... Archs>
struct first_fit {
  using type = no_simd;
};
template <class T, std::size_t N, class A, class... Rest>
struct first_fit<T, N, A, Rest...> {
  using type = std::conditional_t<fits<T, N, A>(), A, typename first_fit<T, N, Rest...>::type>;
};

// The register architecture for N columns: Arch itself when N fills one of its registers, else
// the widest narrower x86 register the build has.
template <class T, std::size_t N, class Arch>
using column_arch =
    typename first_fit<T, N, Arch, xsimd::fma3<xsimd::avx2>, xsimd::avx2,
                       xsimd::fma3<xsimd::sse4_2>, xsimd::sse2>::type;

// The first column of register `reg` (the last register ends at column N).
template <std::size_t N, std::size_t W>
constexpr std::size_t register_column(std::size_t reg) {
  return std::min(reg * W, N - W);
}

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

// Inline for a Store, out of line for any other epilogue: the constants of an inlined
// activation (sigmoid's exp) were kept in registers across the block's loop, and with 16
// registers the accumulators were spilled instead (784-100σ forward at batch 64 ran at half
// speed), whereas a call per block slowed the short loops of a weight gradient (inner = batch
// 32: 83 -> 71-73 GFLOP/s).
template <std::size_t Rows, std::size_t Registers, class V, class Epilogue>
inline void hand_over(const V (&acc)[Rows][Registers], std::size_t row,
                      const std::size_t (&column)[Registers], Epilogue& epilogue) {
  if constexpr (is_store<std::remove_const_t<Epilogue>>)
    apply_epilogue(acc, row, column, epilogue);
  else
    apply_epilogue_out_of_line(acc, row, column, epilogue);
}

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

// AVX-512 builds have 32 vector registers (also for their AVX2 and SSE registers), others 16.
inline constexpr bool has_32_registers = xsimd::avx512f::supported();

// The tallest row block: 8 rows with 32 registers, 6 with 16.
inline constexpr std::size_t tall_block_rows = has_32_registers ? 8 : 6;

// How many registers of columns a block of Rows rows covers: the Rows x Registers accumulators
// plus the B registers must fit in the register file (8 x 3 + 3 of 32; 6 x 2 + 2 of 16), and
// the more rows share each loaded B register, the less B is read from the cache. With 16
// registers, 6 x 2 beat 4 x 3 on Zen 3 (784-100 forward at batch 64: 55 -> 70 GFLOP/s). The
// short blocks of the rows left over are as wide as the register file allows, so that their
// chains still hide the FMA latency (a row in 3 chains runs at most 3 FMAs per 4 cycles, not 2
// per cycle; at batch 32, 2 rows are left past 5 blocks of 6, and giving them a 2-row block of
// 6 registers took the 784-100σ forward product from 61-65 to 72 GFLOP/s).
template <std::size_t Rows>
inline constexpr std::size_t max_registers_per_block = [] {
  static_assert(Rows == tall_block_rows || Rows == 4 || Rows == 2 || Rows == 1);
  if constexpr (Rows == tall_block_rows) return has_32_registers ? 3 : 2;
  if constexpr (Rows == 4) return has_32_registers ? 4 : 3;
  if constexpr (Rows == 2) return has_32_registers ? 8 : 6;
  return has_32_registers ? 16 : 12;
}();

// Calls f(std::integral_constant<std::size_t, R>{}, first_reg) for consecutive blocks of R
// registers that cover `Registers` registers, at most MaxPerBlock each and as even as possible
// (7 registers, at most 3 each: 3 + 2 + 2), so that at most two block shapes are instantiated.
template <std::size_t Registers, std::size_t MaxPerBlock, class F>
inline void for_each_register_block(F&& f) {
  constexpr std::size_t blocks = (Registers + MaxPerBlock - 1) / MaxPerBlock;
  constexpr std::size_t small = Registers / blocks;      // registers of the small blocks
  constexpr std::size_t big_blocks = Registers % blocks;  // blocks of small + 1 registers
  std::size_t reg = 0;
  for (std::size_t k = 0; k < big_blocks; ++k, reg += small + 1)
    f(std::integral_constant<std::size_t, small + 1>{}, reg);
  for (std::size_t k = big_blocks; k < blocks; ++k, reg += small)
    f(std::integral_constant<std::size_t, small>{}, reg);
}

// Rows rows at a time from row_begin to row_end, across all registers of the first Covered
// columns of N in blocks of at most max_registers_per_block<Rows> registers. Column blocks are
// the outer loop: B is read from the cache once per column block rather than whole once per row
// block, which matters when B does not fit in L2 (784-256: 800 KB; Zen 3's L2 is 512 KB; the
// forward product went 69 -> 83 GFLOP/s).
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

// How many chains split_row_block splits the inner sum of `Registers` registers into: a power of
// two (the chains are added pairwise), at most 4 (8 for one register), with every accumulator in
// the register file: at most 16 of 32 registers, 12 of 16 (16 spilled on AVX2, and
// 64-64-64-64-8 took 552 ns). 4 chains of 4 registers made 64-64-64-64-8 7% faster than 2 on
// AVX-512 (277 -> 258 ns), the more streams through B being read from L2 at once (see below).
template <std::size_t Registers>
constexpr std::size_t gemv_splits() {
  constexpr std::size_t max_accumulators = has_32_registers ? 16 : 12;
  constexpr std::size_t max_splits = Registers == 1 ? 8 : 4;
  std::size_t splits = 1;
  while (splits < max_splits && 2 * splits * Registers <= max_accumulators) splits *= 2;
  return splits;
}

// The widest register block of a GEMV: one pass over B in single chains beats several passes
// in split chains when B comes from L2. On Zen 3 (16 registers): 64-64-64-64-8 took 524 ns with
// one block of 8 registers, 610 ns with two blocks of 4 in two chains each; 784-100σ-10 took
// 3.6 µs with one block of 13 registers (13 chains and the broadcast multiplier), 5.3 µs with
// blocks of 7 and 6, each pass reading part of B's 400-byte rows and the cache lines they share
// coming from L2 twice. With 32 registers, 8 (wider blocks not timed: no AVX-512 machine).
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
  // independent streams through B for the prefetchers (12% faster than interleaved rows for
  // 64-64-64-64-8, whose 52 KB of weights come from L2).
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
  // accumulators: 784-100 went from 2.27 to 2.24 µs, the weights coming from L2 a little faster.
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

// A narrow tail of columns, N % w of them, computed apart from the registers that cover the
// rest (N = 100, w = 16: 96 columns in 6 registers, 4 in the tail). Covering all N with
// registers takes ceil(N / w) of them, the last overlapping the one before: a 7th register,
// 14% of the FMAs of the 784-100 layer's products for 4% of its columns. Split off, the batch-64
// products of that layer went from 72.7 to 64.7 µs (forward) and 72.0 to 63.1 µs (weight
// gradient). Not for N < 2w: N = 10 in 8-wide registers was slower split. With AVX2 (w = 8)
// the tail of N = 100 is half a register, and the 13th register ran in blocks of 6 rows x 1
// register, 6 FMA chains where 8 keep the FMA units busy; split off, the 784-100 forward product
// at batch 64 went from 136 to 127 µs, the step at batch 64 from 283 to 268 µs (best of 5
// and 7 alternated runs).
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
// update comes in pieces of 12 rows with AVX2, whose tail would be a register of 8 rows and a
// zero-padded one of 4, each in only 4 FMA chains (the training step at batch 64 went 12%
// slower with the half-register tail of N = 100 split off).
template <std::size_t N, class V, class A>
inline bool splits_tail(std::size_t inner) {
  if constexpr (A::contiguous_rows)
    return inner <= max_packed_inner<N, V>;
  else
    return 4 * tail_width<N, V> <= V::size;
}

// The rows of a block of tail dot products: their rows x t accumulators, t registers of B and
// one of A must fit the register file (with 16 registers and t = 4, 4 rows spilled: the 784-100
// forward product at batch 64 took 128 µs, 125 µs with 2 rows).
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

// N columns too few for any register: scalar FMAs, four rows at a time. Not inlined, as
// several_rows: inlined where a test's batch size is a constant, g++ 12 warned of an
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

// A product of several rows: the registers' columns, then the narrow tail if there is one.
template <std::size_t N, class V, class A, class T, class Epilogue>
[[gnu::noinline]] void several_rows(std::size_t rows, std::size_t inner, A a, const T* b,
                                    Epilogue& epilogue) {
  if constexpr (has_narrow_tail<N, V>) {
    if (splits_tail<N, V, A>(inner)) {
      panels<N, N - tail_width<N, V>, V>(rows, inner, a, b, epilogue);
      tail_columns<N, V>(rows, inner, a, b, epilogue);
      return;
    }
  }
  panels<N, N, V>(rows, inner, a, b, epilogue);
}

}  // namespace detail_gemm

//! The rows of the kernel's tallest register block (8 with AVX-512, 6 otherwise): a product of a
//! multiple of it in rows leaves no shorter, slower blocks.
inline constexpr std::size_t block_rows = detail_gemm::tall_block_rows;

//! For every row r < rows and column c < N: epilogue(value, r, c) with
//! value = Σ_{p < inner} a(r, p) · b[p·N + c]. `value` is a SIMD register covering columns
//! c .. c + width - 1 (registers may overlap: see the file comment), or a scalar when N is
//! narrower than every register; the epilogue stores it. `A` is RowMajor<T> or Transposed<T>.
//! With SingleRowGemv (the default), one row (rows == 1) takes the GEMV path, whose split sums
//! round differently; false keeps every row's summation order whatever `rows` is.
template <std::size_t N, class T, class A, class Epilogue, class Arch = xsimd::default_arch,
          bool SingleRowGemv = true>
void gemm(std::size_t rows, std::size_t inner, A a, const T* b, Epilogue epilogue) {
  using arch = detail_gemm::column_arch<T, N, Arch>;
  if constexpr (std::is_same_v<arch, detail_gemm::no_simd>) {
    if constexpr (N == 1 && A::contiguous_rows) {
      detail_gemm::dot_rows<ctnn::detail::simd<T, Arch>>(rows, inner, a, b, epilogue);
    } else {
      detail_gemm::scalar_columns<N>(rows, inner, a, b, epilogue);
    }
  } else {
    using V = ctnn::detail::simd<T, arch>;
    if (SingleRowGemv && rows == 1) {
      if constexpr (A::contiguous_rows && detail_gemm::flat_gemv_applies<N, V>) {
        if (reinterpret_cast<std::uintptr_t>(b) % (V::size * sizeof(T)) == 0) {
          detail_gemm::flat_gemv<N, V>(0, inner, &a(0, 0), b, epilogue);
          return;
        }
      }
      detail_gemm::single_row<N, V>(0, inner, a, b, epilogue);
      return;
    }
    detail_gemm::several_rows<N, V>(rows, inner, a, b, epilogue);
  }
}

//! column_sums[c] = Σ_r m[r·N + c], summed in increasing r: the bias gradient.
template <std::size_t N, class T, class Arch = xsimd::default_arch>
void column_sums(const T* m, std::size_t rows, T* column_sums) {
  using arch = detail_gemm::column_arch<T, N, Arch>;
  if constexpr (std::is_same_v<arch, detail_gemm::no_simd>) {
    std::fill_n(column_sums, N, T(0));
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t c = 0; c < N; ++c) column_sums[c] += m[r * N + c];
  } else {
    using V = ctnn::detail::simd<T, arch>;
    constexpr std::size_t w = V::size;
    constexpr std::size_t registers = (N + w - 1) / w;
    for (std::size_t reg = 0; reg < registers; ++reg) {
      const std::size_t c = detail_gemm::register_column<N, w>(reg);
      V acc(T(0));
      for (std::size_t r = 0; r < rows; ++r) acc += ctnn::detail::load<V>(m + r * N + c);
      ctnn::detail::store(column_sums + c, acc);
    }
  }
}

//! dst[c·Rows + r] = src[r·Cols + c]: a row-major Rows x Cols matrix, transposed. Floats go
//! 8 x 8 blocks at a time (`detail::transpose_8x8`: in AVX registers where the build has them),
//! down the columns so that consecutive blocks write consecutive addresses (256 x 128: 10.5 ->
//! 5.5 µs, ~1% of a 784-256-128-10 training step); the rest in 16 x 16 tiles of scalars, so
//! that the strided reads and the writes stay within a few cache lines (a plain loop over
//! 256 x 128 missed the cache on every strided access: 17% of that step).
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
