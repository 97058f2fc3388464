#ifndef CTNN_KERNELS_AFFINE_ROW_HPP
#define CTNN_KERNELS_AFFINE_ROW_HPP

//! @file affine_row.hpp
//! y = x·W + b for one row: the projections of a recurrent layer's time step.

#include <cstddef>

#include <ctnn/detail/simd.hpp>
#include <ctnn/kernels/gemm.hpp>

namespace ctnn::kernels {

//! y (N values) = x (inner values) · W + b, with W [inner][N] row-major and b N values: one
//! row through `gemm` (its single-row GEMV), so it rounds as every one-sample product does.
template <std::size_t N, class T>
void affine_row(const T* x, std::size_t inner, const T* weights, const T* bias, T* y) {
  gemm<N>(1, inner, RowMajor<T>{x, inner}, weights, [=](auto sum, std::size_t, std::size_t c) {
    using V = decltype(sum);
    ctnn::detail::store(y + c, sum + ctnn::detail::load<V>(bias + c));
  });
}

}  // namespace ctnn::kernels

#endif
