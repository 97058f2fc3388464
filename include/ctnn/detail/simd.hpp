#ifndef CTNN_DETAIL_SIMD_HPP
#define CTNN_DETAIL_SIMD_HPP

//! @file simd.hpp
//! ctnn's layer between its code and xsimd (and, for `fma` and `transpose_8x8`, x86
//! intrinsics: see there). Everything here works for a plain `float`/`double` and for an
//! `xsimd::batch`, so activations and losses write each formula once for both the scalar and
//! the SIMD path, through these functions only.
//! ctnn's other headers name xsimd directly only for its register types and architectures
//! (`xsimd::batch`, `xsimd::default_arch`, the x86 architectures in kernels/register_plan.hpp),
//! and kernels/gemv.hpp calls `xsimd::select`. Version-sensitive xsimd calls (8.1's `hadd`,
//! later `reduce_add`) live only here.
//!
//! Accuracy of the vectorized math (xsimd's exp, `tanh` below for float and xsimd's for double,
//! and `sigmoid` below built on exp), measured by tests/kernels/simd_math.cpp against
//! long-double std:: results (max relative error; exp over [-87, 88] / [-700, 700], tanh over
//! [-20, 20] / [-40, 40], sigmoid like exp):
//!
//!   | function | float   | double   |
//!   |----------|---------|----------|
//!   | exp      | 1.24e-7 | 1.34e-16 |
//!   | tanh     | 2.87e-7 | 2.17e-16 |
//!   | sigmoid  | 1.73e-7 | 2.97e-16 |
//!
//! i.e. within about 1.5 units in the last place (float tanh: 2.5), with AVX-512 as with SSE2
//! registers; the test asserts twice these figures. Scalars (the reference path) use std::exp
//! and std::tanh.
//!
//! Architecture: kernels take `Arch = xsimd::default_arch`, the best instruction set the
//! compiler was told it may use. ctnn's own targets (tests, benchmarks, examples) are built with
//! -march=native when the CMake option CTNN_NATIVE is ON (the default); the INTERFACE target
//! `ctnn::ctnn` adds no such flag, so a consumer's binary uses whatever its own flags allow:
//! without -m flags that is SSE2 on x86-64, a portable binary. For a portable build of ctnn's
//! own programs, configure with -DCTNN_NATIVE=OFF (or pick a baseline such as -march=x86-64-v3
//! for AVX2 + FMA in CMAKE_CXX_FLAGS). Results then differ from the native build only in the
//! last bits (FMA contraction, the order of the SIMD lanes' sums).

#include <cmath>
#include <cstddef>
#include <type_traits>

// g++ 12.2 warns "'__Y' is used uninitialized" inside its own AVX-512 intrinsics header
// (_mm512_undefined_ps initializes itself on purpose; GCC bug 105593, fixed in 12.3) wherever
// xsimd's math is instantiated. The warning says nothing about this code or xsimd's; it is
// silenced for xsimd's headers, so this must come before their first inclusion.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#define CTNN_DETAIL_SIMD_POP_DIAGNOSTIC
#endif

#include <xsimd/xsimd.hpp>

#include <ctnn/detail/constexpr_math.hpp>

namespace ctnn::detail {

//! The SIMD register type for scalar `T` on architecture `Arch` (the compiler's best by default).
template <class T, class Arch = xsimd::default_arch>
using simd = xsimd::batch<T, Arch>;

template <class V>
inline constexpr bool is_scalar = std::is_floating_point_v<V>;

template <class V>
[[nodiscard]] V load(const typename V::value_type* p)
  requires(!is_scalar<V>)
{
  return V::load_unaligned(p);
}
template <class V>
[[nodiscard]] constexpr V load(const V* p)
  requires is_scalar<V>
{
  return *p;
}

template <class V, class T>
constexpr void store(T* p, V v) {
  if constexpr (is_scalar<V>) {
    *p = v;
  } else {
    v.store_unaligned(p);
  }
}

//! a * b + c, rounded once where the build has FMA (x86 FMA3, or any AArch64), for every register
//! width and for scalars, and twice (a product, then a sum) where it has not: the same rounding
//! on every kernel path, so that a sum does not depend on which path computed it. xsimd 8.1 has
//! no FMA for 128-bit registers in a build with AVX (its fma3<sse4_2> exists only without AVX)
//! and computes their fma as a product and a sum, which the compiler then fuses in some loops and
//! not in others; hence the intrinsics here.
template <class V>
[[nodiscard]] constexpr V fma(V a, V b, V c) {
  if constexpr (is_scalar<V>) {
#if defined(__FMA__) || defined(__ARM_FEATURE_FMA)
    if (!std::is_constant_evaluated()) return std::fma(a, b, c);
#endif
    return a * b + c;
  } else {
#ifdef __FMA__
    if constexpr (sizeof(typename V::register_type) == 16) {
      if constexpr (std::is_same_v<typename V::value_type, float>)
        return V(_mm_fmadd_ps(a, b, c));
      else
        return V(_mm_fmadd_pd(a, b, c));
    }
#endif
#ifdef __AVX512F__
    if constexpr (sizeof(typename V::register_type) == 64) {
      if constexpr (std::is_same_v<typename V::value_type, float>)
        return V(_mm512_fmadd_ps(a, b, c));
      else
        return V(_mm512_fmadd_pd(a, b, c));
    }
#endif
    return xsimd::fma(a, b, c);
  }
}

//! x > 0 ? if_positive : otherwise, element-wise.
template <class V>
[[nodiscard]] constexpr V select_positive(V x, V if_positive, V otherwise) {
  if constexpr (is_scalar<V>) {
    return x > V(0) ? if_positive : otherwise;
  } else {
    return xsimd::select(x > V(0), if_positive, otherwise);
  }
}

template <class V>
[[nodiscard]] constexpr V max(V a, V b) {
  if constexpr (is_scalar<V>) {
    return a > b ? a : b;
  } else {
    return xsimd::max(a, b);
  }
}

template <class V>
[[nodiscard]] constexpr V min(V a, V b) {
  if constexpr (is_scalar<V>) {
    return a < b ? a : b;
  } else {
    return xsimd::min(a, b);
  }
}

//! condition ? a : b, element-wise: `condition` is a bool for scalars, a mask for registers.
template <class Mask, class V>
[[nodiscard]] constexpr V select(Mask condition, V a, V b) {
  if constexpr (is_scalar<V>) {
    return condition ? a : b;
  } else {
    return xsimd::select(condition, a, b);
  }
}

template <class V>
[[nodiscard]] constexpr V sqrt(V x) {
  if constexpr (is_scalar<V>) {
    if (std::is_constant_evaluated()) return static_cast<V>(constexpr_math::sqrt(x));
  }
  using std::sqrt;
  using xsimd::sqrt;
  return sqrt(x);
}
template <class V>
[[nodiscard]] constexpr V abs(V x) {
  if constexpr (is_scalar<V>) {
    if (std::is_constant_evaluated()) return x < 0 ? -x : x;
  }
  using std::abs;
  using xsimd::abs;
  return abs(x);
}
//! Whether V is a SIMD register of doubles.
template <class V>
inline constexpr bool is_double_register = false;
template <class A>
inline constexpr bool is_double_register<xsimd::batch<double, A>> = true;

//! f(x) for xsimd's double exp, expm1 or tanh, which convert a multiple of x to a 64-bit integer:
//! a scalar cast where the target has no such instruction (below AVX-512), undefined for ±inf
//! and NaN (-fsanitize=float-cast-overflow reports it; a softmax's padding lanes are e^-inf).
//! Arguments beyond ±1000 give those functions' limits (0 or inf, -1 or inf, ±1), so ±inf is
//! passed as ±1000, NaN as 0, and NaN is returned where x is NaN. Float registers convert with
//! an instruction, defined for every input, and are passed through.
template <class V, class F>
[[nodiscard]] V with_finite_argument(V x, F f) {
  if constexpr (!is_double_register<V>) {
    return f(x);
  } else {
    const auto nan = xsimd::isnan(x);
    const V finite = xsimd::select(nan, V(0.0), xsimd::clip(x, V(-1000.0), V(1000.0)));
    return xsimd::select(nan, x, f(finite));
  }
}

template <class V>
[[nodiscard]] constexpr V exp(V x) {
  if constexpr (is_scalar<V>) {
    if (std::is_constant_evaluated()) return static_cast<V>(constexpr_math::exp(x));
  }
  using std::exp;
  using xsimd::exp;
  return with_finite_argument(x, [](V y) { return exp(y); });
}
template <class V>
[[nodiscard]] constexpr V expm1(V x) {
  if constexpr (is_scalar<V>) {
    if (std::is_constant_evaluated()) return static_cast<V>(constexpr_math::expm1(x));
  }
  using std::expm1;
  using xsimd::expm1;
  return with_finite_argument(x, [](V y) { return expm1(y); });
}
template <class V>
[[nodiscard]] constexpr V log(V x) {
  if constexpr (is_scalar<V>) {
    if (std::is_constant_evaluated()) return static_cast<V>(constexpr_math::log(x));
  }
  using std::log;
  using xsimd::log;
  return log(x);
}
template <class V>
[[nodiscard]] constexpr V log1p(V x) {
  if constexpr (is_scalar<V>) {
    if (std::is_constant_evaluated()) return static_cast<V>(constexpr_math::log1p(x));
  }
  using std::log1p;
  using xsimd::log1p;
  return log1p(x);
}
//! tanh of a float register: x·P(x²)/Q(x²), P and Q of degree 4 in x², and ±1 where |x| > 9
//! (tanh rounds to ±1 in float from 9.02 on). Branch-free, unlike xsimd's tanh, which runs a
//! polynomial for |x| < 0.625, exp and a division otherwise, and both for a register holding
//! both kinds of lanes, as a hidden layer's register usually does: a tanh net's inference is
//! markedly faster with this one (measured in bench/results.md).
//! The coefficients minimize the relative error over [0, 9]; scripts/fit_tanh.py fits them.
template <class A>
[[nodiscard]] xsimd::batch<float, A> tanh_rational(xsimd::batch<float, A> x) {
  using V = xsimd::batch<float, A>;
  const V s = x * x;
  V p(1.3354199524e-08f);
  p = xsimd::fma(p, s, V(2.0608751583e-05f));
  p = xsimd::fma(p, s, V(3.4955684096e-03f));
  p = xsimd::fma(p, s, V(1.3381008804e-01f));
  p = xsimd::fma(p, s, V(9.9999997960e-01f));
  V q(7.7763695572e-07f);
  q = xsimd::fma(q, s, V(3.2856021426e-04f));
  q = xsimd::fma(q, s, V(2.5876907632e-02f));
  q = xsimd::fma(q, s, V(4.6714323759e-01f));
  q = xsimd::fma(q, s, V(1.0f));
  const V saturated = xsimd::select(x > V(0.0f), V(1.0f), V(-1.0f));
  return xsimd::select(xsimd::abs(x) > V(9.0f), saturated, x * p / q);
}

template <class V>
[[nodiscard]] constexpr V tanh(V x) {
  using std::tanh;
  using xsimd::tanh;
  if constexpr (is_scalar<V>) {
    if (std::is_constant_evaluated()) return static_cast<V>(constexpr_math::tanh(x));
    return tanh(x);
  } else if constexpr (std::is_same_v<typename V::value_type, float>) {
    return tanh_rational(x);
  } else {
    return with_finite_argument(x, [](V y) { return tanh(y); });
  }
}

//! log(1 + e^x) without overflow: max(x, 0) + log1p(e^-|x|).
template <class V>
[[nodiscard]] constexpr V softplus(V x) {
  return max(x, V(0)) + log1p(detail::exp(-abs(x)));
}

//! 1 / (1 + e^-x), accurate at both ends (no 1 - tiny cancellation for large |x|).
template <class V>
[[nodiscard]] constexpr V sigmoid(V x) {
  const V e = detail::exp(-abs(x));  // in (0, 1]: never overflows
  return select_positive(x, V(1) / (V(1) + e), e / (V(1) + e));
}

//! f applied to each lane of a double register, for the functions whose xsimd 8.1 double
//! versions fall well short of double precision (erf, erfc).
template <class V, class F>
[[nodiscard]] V each_double_lane(V x, F f) {
  double lanes[V::size];
  x.store_unaligned(lanes);
  for (double& lane : lanes) lane = f(lane);
  return V::load_unaligned(lanes);
}

//! erfc(x) = 1 - erf(x), with full relative precision where it is small (large x), unlike 1 - erf.
//! Float registers use xsimd's erfc, double registers std::erfc lane by lane.
template <class V>
[[nodiscard]] constexpr V erfc(V x) {
  if constexpr (is_scalar<V>) {
    if (std::is_constant_evaluated()) return static_cast<V>(constexpr_math::erfc(x));
    return std::erfc(x);
  } else if constexpr (is_double_register<V>) {
    return each_double_lane(x, [](double v) { return std::erfc(v); });
  } else {
    return xsimd::erfc(x);
  }
}

//! erf(x), with full relative precision near 0 (unlike 1 - erfc); as erfc for registers.
template <class V>
[[nodiscard]] constexpr V erf(V x) {
  if constexpr (is_scalar<V>) {
    if (std::is_constant_evaluated()) return static_cast<V>(constexpr_math::erf(x));
    return std::erf(x);
  } else if constexpr (is_double_register<V>) {
    return each_double_lane(x, [](double v) { return std::erf(v); });
  } else {
    return xsimd::erf(x);
  }
}

//! dst[c * dst_stride + r] = src[r * src_stride + c] for r, c < 8: an 8 x 8 block of floats
//! transposed in AVX registers (24 shuffles) where the build has them, instead of 64 scalar
//! loads at a stride; with scalars elsewhere.
inline void transpose_8x8(const float* src, std::size_t src_stride, float* dst,
                          std::size_t dst_stride) {
#if defined(__AVX__)
  __m256 row[8], pairs[8], quads[8];
  for (std::size_t r = 0; r < 8; ++r) row[r] = _mm256_loadu_ps(src + r * src_stride);
  for (std::size_t r = 0; r < 8; r += 2) {  // lanes r0 r1 interleaved, within 128-bit halves
    pairs[r] = _mm256_unpacklo_ps(row[r], row[r + 1]);
    pairs[r + 1] = _mm256_unpackhi_ps(row[r], row[r + 1]);
  }
  for (std::size_t r = 0; r < 8; r += 4) {  // four rows' values of one column per half
    quads[r] = _mm256_shuffle_ps(pairs[r], pairs[r + 2], _MM_SHUFFLE(1, 0, 1, 0));
    quads[r + 1] = _mm256_shuffle_ps(pairs[r], pairs[r + 2], _MM_SHUFFLE(3, 2, 3, 2));
    quads[r + 2] = _mm256_shuffle_ps(pairs[r + 1], pairs[r + 3], _MM_SHUFFLE(1, 0, 1, 0));
    quads[r + 3] = _mm256_shuffle_ps(pairs[r + 1], pairs[r + 3], _MM_SHUFFLE(3, 2, 3, 2));
  }
  for (std::size_t c = 0; c < 4; ++c) {  // rows 0-3 and 4-7 of columns c and c + 4
    _mm256_storeu_ps(dst + c * dst_stride, _mm256_permute2f128_ps(quads[c], quads[c + 4], 0x20));
    _mm256_storeu_ps(dst + (c + 4) * dst_stride,
                     _mm256_permute2f128_ps(quads[c], quads[c + 4], 0x31));
  }
#else
  for (std::size_t c = 0; c < 8; ++c)
    for (std::size_t r = 0; r < 8; ++r) dst[c * dst_stride + r] = src[r * src_stride + c];
#endif
}

//! The sum of a register's lanes.
template <class T, class Arch>
[[nodiscard]] T sum_lanes(xsimd::batch<T, Arch> v) {
  return xsimd::hadd(v);  // xsimd 8.1; renamed reduce_add in later versions
}

}  // namespace ctnn::detail

#ifdef CTNN_DETAIL_SIMD_POP_DIAGNOSTIC
#pragma GCC diagnostic pop
#undef CTNN_DETAIL_SIMD_POP_DIAGNOSTIC
#endif

#endif
