#ifndef CTNN_KERNELS_OPERANDS_HPP
#define CTNN_KERNELS_OPERANDS_HPP

//! @file operands.hpp
//! The operands of kernels::gemm: a matrix A read row-major (`RowMajor`) or transposed
//! (`Transposed`), and the epilogue that only stores a result (`Store`).

#include <cstddef>

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

}  // namespace ctnn::kernels

#endif
