#ifndef CTNN_KERNELS_GEMM_HPP
#define CTNN_KERNELS_GEMM_HPP

//! @file gemm.hpp
//! C = A · B for a compile-time number of columns N, with a caller-supplied epilogue applied to
//! each result as it is stored (bias + activation in the forward pass, the activation
//! derivative in the backward pass). All three products of a dense layer are this one kernel:
//!   forward   H_out = X · W          (A = X row-major,  B = W [in][out])
//!   weights   dW    = Xᵀ · dA        (A = X read transposed through its strides, B = dA)
//!   inputs    dX    = dA · Wᵀ        (B = a transposed copy of W, [out][in])

#include <algorithm>
#include <array>
#include <cstddef>

#include <ctnn/detail/simd.hpp>

namespace ctnn::kernels {

//! A read-only matrix A given by its strides, so that Xᵀ needs no copy.
template <class T>
struct StridedMatrix {
  const T* data;
  std::size_t row_stride;
  std::size_t column_stride;
  [[nodiscard]] T operator()(std::size_t row, std::size_t column) const {
    return data[row * row_stride + column * column_stride];
  }
};

namespace detail_gemm {

// One register block: Rows rows of C and Registers SIMD registers of columns starting at
// `column`, accumulated over the whole inner dimension, then handed to the epilogue.
// Rows x Registers accumulators stay in registers; each B load serves Rows FMAs.
template <std::size_t Rows, std::size_t Registers, class V, class T, class Epilogue>
inline void block(std::size_t row, std::size_t column, std::size_t inner, StridedMatrix<T> a,
                  const T* b, std::size_t b_stride, Epilogue& epilogue) {
  std::array<std::array<V, Registers>, Rows> acc;
  for (auto& r : acc) r.fill(V(T(0)));
  for (std::size_t p = 0; p < inner; ++p) {
    const T* b_row = b + p * b_stride + column;
    std::array<V, Registers> bv;
    for (std::size_t j = 0; j < Registers; ++j) bv[j] = ctnn::detail::load<V>(b_row + j * V::size);
    for (std::size_t i = 0; i < Rows; ++i) {
      const V x(a(row + i, p));
      for (std::size_t j = 0; j < Registers; ++j) acc[i][j] = ctnn::detail::fma(x, bv[j], acc[i][j]);
    }
  }
  for (std::size_t i = 0; i < Rows; ++i)
    for (std::size_t j = 0; j < Registers; ++j) epilogue(acc[i][j], row + i, column + j * V::size);
}

// The columns past the last full register, one scalar at a time (N is known, so the compiler
// unrolls and often vectorizes these few columns itself). Never reads past a row.
template <std::size_t Rows, class T, class Epilogue>
inline void tail_block(std::size_t row, std::size_t first, std::size_t last, std::size_t inner,
                       StridedMatrix<T> a, const T* b, std::size_t b_stride, Epilogue& epilogue) {
  for (std::size_t c = first; c < last; ++c) {
    std::array<T, Rows> acc{};
    for (std::size_t p = 0; p < inner; ++p) {
      const T bv = b[p * b_stride + c];
      for (std::size_t i = 0; i < Rows; ++i) acc[i] += a(row + i, p) * bv;
    }
    for (std::size_t i = 0; i < Rows; ++i) epilogue(acc[i], row + i, c);
  }
}

template <std::size_t Rows, std::size_t N, class V, class T, class Epilogue>
inline void row_panel(std::size_t row, std::size_t inner, StridedMatrix<T> a, const T* b,
                      Epilogue& epilogue) {
  constexpr std::size_t width = V::size;
  constexpr std::size_t full_registers = N / width;
  constexpr std::size_t registers_per_block = 4;
  std::size_t reg = 0;
  for (; reg + registers_per_block <= full_registers; reg += registers_per_block)
    block<Rows, registers_per_block, V>(row, reg * width, inner, a, b, N, epilogue);
  if constexpr (full_registers % registers_per_block != 0)
    block<Rows, full_registers % registers_per_block, V>(row, reg * width, inner, a, b, N,
                                                         epilogue);
  if constexpr (N % width != 0)
    tail_block<Rows>(row, full_registers * width, N, inner, a, b, N, epilogue);
}

}  // namespace detail_gemm

//! For every row r < rows and column c < N: epilogue(value, r, c) with
//! value = Σ_{p < inner} a(r, p) · b[p·N + c]. `value` is a SIMD register covering columns
//! c .. c + width - 1, or a scalar for the last N mod width columns; the epilogue stores it.
template <std::size_t N, class T, class Epilogue, class Arch = xsimd::default_arch>
void gemm(std::size_t rows, std::size_t inner, StridedMatrix<T> a, const T* b, Epilogue epilogue) {
  using V = ctnn::detail::simd<T, Arch>;
  constexpr std::size_t row_block = 4;
  const std::size_t blocked_rows = rows - rows % row_block;
  for (std::size_t row = 0; row < blocked_rows; row += row_block)
    detail_gemm::row_panel<row_block, N, V>(row, inner, a, b, epilogue);
  for (std::size_t row = blocked_rows; row < rows; ++row)
    detail_gemm::row_panel<1, N, V>(row, inner, a, b, epilogue);
}

//! column_sums[c] = Σ_r m[r·N + c]: the bias gradient.
template <std::size_t N, class T>
void column_sums(const T* m, std::size_t rows, T* column_sums) {
  std::fill_n(column_sums, N, T(0));
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < N; ++c) column_sums[c] += m[r * N + c];
}

//! dst[c·Rows + r] = src[r·Cols + c]: a row-major Rows x Cols matrix, transposed.
template <std::size_t Rows, std::size_t Cols, class T>
void transpose(const T* src, T* dst) {
  for (std::size_t r = 0; r < Rows; ++r)
    for (std::size_t c = 0; c < Cols; ++c) dst[c * Rows + r] = src[r * Cols + c];
}

}  // namespace ctnn::kernels

#endif
