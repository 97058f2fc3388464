#ifndef CTNN_KERNELS_COLUMN_SUMS_HPP
#define CTNN_KERNELS_COLUMN_SUMS_HPP

//! @file column_sums.hpp
//! The sums of a row-major matrix's columns (`column_sums`, a dense layer's bias gradient), in
//! the registers of the GEMM's register plan.

#include <algorithm>
#include <cstddef>
#include <type_traits>

#include <ctnn/detail/simd.hpp>
#include <ctnn/kernels/register_plan.hpp>

namespace ctnn::kernels {

//! column_sums[c] = Σ_r m[r·stride + c], summed in increasing r: the bias gradient (rows of N
//! values one after another, stride N, by default).
template <std::size_t N, class T, class Arch = xsimd::default_arch>
void column_sums(const T* m, std::size_t rows, T* column_sums, std::size_t stride = N) {
  using arch = detail::column_arch<T, N, Arch>;
  if constexpr (std::is_same_v<arch, detail::no_simd>) {
    std::fill_n(column_sums, N, T(0));
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t c = 0; c < N; ++c) column_sums[c] += m[r * stride + c];
  } else {
    using V = ctnn::detail::simd<T, arch>;
    constexpr std::size_t w = V::size;
    constexpr std::size_t registers = (N + w - 1) / w;
    for (std::size_t reg = 0; reg < registers; ++reg) {
      const std::size_t c = detail::register_column<N, w>(reg);
      V acc(T(0));
      for (std::size_t r = 0; r < rows; ++r) acc += ctnn::detail::load<V>(m + r * stride + c);
      ctnn::detail::store(column_sums + c, acc);
    }
  }
}

}  // namespace ctnn::kernels

#endif
