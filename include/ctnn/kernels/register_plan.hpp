#ifndef CTNN_KERNELS_REGISTER_PLAN_HPP
#define CTNN_KERNELS_REGISTER_PLAN_HPP

//! @file register_plan.hpp
//! The register plan of the kernels, fixed at compile time from N and the build's registers:
//! which architecture's registers cover N columns (`column_arch`), where each register starts
//! (`register_column`), how many registers the build has (`has_32_registers`), and the shapes of
//! the register blocks of several rows (`tall_block_rows`, `max_registers_per_block`,
//! `for_each_register_block`; the public `block_rows`).
//!
//! Register blocking: 8 rows x up to 3 registers of accumulators with 32 registers (AVX-512),
//! 6 x 2 with 16: 24 (12) independent FMA chains, enough to hide the FMA latency, and each B
//! register loaded from the cache serves 8 (6) FMAs, which keeps a layer whose weights live in
//! L2 (784 x 100 floats is 313 KB) FMA-bound instead of cache-bound. The measurements behind
//! these shapes are in bench/results.md ("Kernel design notes").

#include <algorithm>
#include <cstddef>
#include <type_traits>

#include <ctnn/detail/simd.hpp>

namespace ctnn::kernels {

namespace detail {

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

// AVX-512 builds have 32 vector registers (also for their AVX2 and SSE registers), others 16.
inline constexpr bool has_32_registers = xsimd::avx512f::supported();

// The tallest row block: 8 rows with 32 registers, 6 with 16.
inline constexpr std::size_t tall_block_rows = has_32_registers ? 8 : 6;

// How many registers of columns a block of Rows rows covers: the Rows x Registers accumulators
// plus the B registers must fit in the register file (8 x 3 + 3 of 32; 6 x 2 + 2 of 16), and
// the more rows share each loaded B register, the fewer loads of B each FMA needs: with 16
// registers 6 x 2 beats 4 x 3. The short blocks of the rows left over are as wide as the
// register file allows, so that their chains still hide the FMA latency (with a latency of 4
// cycles, a row in 3 chains runs at most 3 FMAs per 4 cycles where 2 units could run 8).
// Measurements in bench/results.md.
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

}  // namespace detail

//! The rows of the kernel's tallest register block (8 with AVX-512, 6 otherwise): a product of a
//! multiple of it in rows leaves no shorter, slower blocks.
inline constexpr std::size_t block_rows = detail::tall_block_rows;

}  // namespace ctnn::kernels

#endif
