#ifndef CTNN_KERNELS_GEMM_HPP
#define CTNN_KERNELS_GEMM_HPP

//! @file gemm.hpp
//! C = A · B for a compile-time number of columns N, with a caller-supplied epilogue applied to
//! each result as it is stored (bias + activation in the forward pass, the activation
//! derivative in the backward pass): `ctnn::kernels::gemm`, and the path it takes for a shape.
//! All three products of a dense layer are this one kernel:
//!   forward   H_out = X · W          (A = X row-major,  B = W [in][out])
//!   weights   dW    = Xᵀ · dA        (A = X read transposed, B = dA)
//!   inputs    dX    = dA · Wᵀ        (B = a transposed copy of W, [out][in])
//!
//! How the columns are covered. N is a compile-time constant, so the register plan is too
//! (register_plan.hpp):
//! - N >= the SIMD width w: ceil(N / w) registers; the last one ENDS at column N and overlaps
//!   the one before it when w does not divide N (N = 100, w = 16: registers at 0, 16, ..., 80
//!   and 84). Nothing is read or written past a row; the overlapping columns are computed twice
//!   and stored twice with the same value, so epilogues must be plain stores of a function of
//!   (value, row, column) — which all of ctnn's are. In a product of several rows, a tail of
//!   at most w/4 columns (w/2 with a row-major A; N = 100: 4) is instead left out of the
//!   registers and computed on its own, handed to the epilogue one scalar value at a time
//!   (tail_columns.hpp).
//! - N < w: the same plan with the widest narrower register the target has (AVX2's 8 floats,
//!   SSE's 4), so N = 10 is two 8-wide registers, not ten scalars.
//! - N below every register width (1..3 floats, 1 double): scalar code; a row-major A with
//!   N = 1 is a SIMD dot product (scalar_columns.hpp).
//!
//! Several rows run in register blocks of rows x registers of accumulators
//! (register_blocks.hpp); a single row (one sample's inference) runs as a GEMV whose sums are
//! split over several chains (gemv.hpp).
//!
//! Summation order: every output is Σ_p in increasing p, one FMA chain, for any row blocking, so
//! a sample's result does not depend on which rows it was batched with. Two exceptions round
//! differently in the last bits, still independently of the rows around: the single-row GEMV
//! (`rows == 1`), whose sums are split over several chains, and with a row-major A, the narrow
//! tail of columns that the registers leave when w does not divide N (`tail_columns`), summed
//! as dot products along p. Every product is added with ctnn::detail::fma, the scalar loops'
//! included, never written `a * b + c`: GCC contracts such an expression into an FMA in some
//! inlined copies and not in others, so a value would depend on the caller.
//!
//! This header also includes column_sums.hpp and transpose.hpp, the dense layer's other
//! kernels, so that including it gives all of `ctnn::kernels`.

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include <ctnn/detail/simd.hpp>
#include <ctnn/kernels/column_sums.hpp>
#include <ctnn/kernels/gemv.hpp>
#include <ctnn/kernels/operands.hpp>
#include <ctnn/kernels/register_blocks.hpp>
#include <ctnn/kernels/register_plan.hpp>
#include <ctnn/kernels/scalar_columns.hpp>
#include <ctnn/kernels/tail_columns.hpp>
#include <ctnn/kernels/transpose.hpp>

namespace ctnn::kernels {

namespace detail {

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

}  // namespace detail

//! For every row r < rows and column c < N: epilogue(value, r, c) with
//! value = Σ_{p < inner} a(r, p) · b[p·N + c]. `value` is a SIMD register covering columns
//! c .. c + width - 1 (registers may overlap: see the file comment), or a scalar when N is
//! narrower than every register; the epilogue stores it. `A` is RowMajor<T> or Transposed<T>.
//! With SingleRowGemv (the default), one row (rows == 1) takes the GEMV path, whose split sums
//! round differently; false keeps every row's summation order whatever `rows` is.
template <std::size_t N, class T, class A, class Epilogue, class Arch = xsimd::default_arch,
          bool SingleRowGemv = true>
void gemm(std::size_t rows, std::size_t inner, A a, const T* b, Epilogue epilogue) {
  using arch = detail::column_arch<T, N, Arch>;
  if constexpr (std::is_same_v<arch, detail::no_simd>) {
    if constexpr (N == 1 && A::contiguous_rows) {
      detail::dot_rows<ctnn::detail::simd<T, Arch>>(rows, inner, a, b, epilogue);
    } else {
      detail::scalar_columns<N>(rows, inner, a, b, epilogue);
    }
  } else {
    using V = ctnn::detail::simd<T, arch>;
    if (SingleRowGemv && rows == 1) {
      if constexpr (A::contiguous_rows && detail::flat_gemv_applies<N, V>) {
        if (reinterpret_cast<std::uintptr_t>(b) % (V::size * sizeof(T)) == 0) {
          detail::flat_gemv<N, V>(0, inner, &a(0, 0), b, epilogue);
          return;
        }
      }
      detail::single_row<N, V>(0, inner, a, b, epilogue);
      return;
    }
    detail::several_rows<N, V>(rows, inner, a, b, epilogue);
  }
}

}  // namespace ctnn::kernels

#endif
