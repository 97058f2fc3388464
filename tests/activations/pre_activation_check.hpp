// Shared by the tests of the activations that give `df_pre` (gelu.cpp, silu.cpp): φ and φ' at
// the points of reference.inc against PyTorch and against their exact values, φ' against central
// differences of φ, and both in SIMD registers against the scalar formula, in float and double.
#ifndef CTNN_TESTS_ACTIVATIONS_PRE_ACTIVATION_CHECK_HPP
#define CTNN_TESTS_ACTIVATIONS_PRE_ACTIVATION_CHECK_HPP

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <tuple>
#include <utility>
#include <vector>

#include <ctnn/detail/simd.hpp>

#include "activations/reference.inc"

namespace ctnn::test {

//! φ and φ' of Act at some points, in T.
template <class T>
struct Values {
  std::vector<T> f, df;
};

//! By the scalar formula.
template <class Act, class T>
Values<T> scalar_values(const std::vector<T>& points) {
  Values<T> out;
  for (const T a : points) {
    out.f.push_back(Act::f(a));
    out.df.push_back(Act::df_pre(a));
  }
  return out;
}

//! In registers of detail::simd<T> (the compiler's widest), the points padded to whole registers.
template <class Act, class T>
Values<T> register_values(std::vector<T> points) {
  using V = detail::simd<T>;
  const std::size_t n = points.size();
  points.resize((n + V::size - 1) / V::size * V::size, T(0));
  Values<T> out{std::vector<T>(points.size()), std::vector<T>(points.size())};
  for (std::size_t i = 0; i < points.size(); i += V::size) {
    const V a = V::load_unaligned(points.data() + i);
    Act::f(a).store_unaligned(out.f.data() + i);
    Act::df_pre(a).store_unaligned(out.df.data() + i);
  }
  out.f.resize(n);
  out.df.resize(n);
  return out;
}

//! How far a value computed in T may be from the true one, in units of T's epsilon: `ulps` of
//! `scale`, plus |a · slope|, which is how much an error of 1 ulp in a (or in an argument computed
//! from it, such as a / √2) changes it, plus a floor where values underflow.
template <class T>
double tolerance(double a, double scale, double slope, double ulps) {
  constexpr double epsilon = std::numeric_limits<T>::epsilon();
  constexpr double tiny = 1e3 * static_cast<double>(std::numeric_limits<T>::min());
  return epsilon * (ulps * std::abs(scale) + std::abs(a * slope)) +
         tiny * std::max(1.0, std::abs(a));
}

//! The scale of φ'(a)'s error: |φ'(a)|, or the gate |φ(a) / a| (Φ(a) for GELU, σ(a) for SiLU)
//! where φ' is smaller, near its zero: φ' is a difference of terms of the gate's size there.
inline double derivative_scale(double a, double f, double df) {
  return a == 0 ? std::abs(df) : std::max(std::abs(df), std::abs(f / a));
}

//! φ and φ' in T, by the scalar formula and in registers, within 4 ulp (plus the argument's
//! rounding, see `tolerance`) of the exact values of reference.inc.
template <class Act, class Reference, class T>
void check_exact_values() {
  constexpr double ulps = 4;
  const auto& x = activation_reference::points::x;
  const std::vector<T> points(x.begin(), x.end());  // float32 values: exact in T
  for (const auto& values : {scalar_values<Act>(points), register_values<Act>(points)}) {
    for (std::size_t i = 0; i < points.size(); ++i) {
      const double a = x[i], f = Reference::exact_f[i], df = Reference::exact_df[i];
      CAPTURE(a, f, df, values.f[i], values.df[i]);
      CHECK(std::abs(values.f[i] - f) <= tolerance<T>(a, f, df, ulps));
      CHECK(std::abs(values.df[i] - df) <=
            tolerance<T>(a, derivative_scale(a, f, df), Reference::exact_d2f[i], ulps));
    }
  }
}

//! Act against PyTorch, against the exact values, against central differences of its own φ, and
//! its registers against its scalar formula.
template <class Act, class Reference>
void check_pre_activation() {
  const auto& x = activation_reference::points::x;

  SECTION("PyTorch's values in double") {
    // PyTorch forms 1 + erf(a/√2) or 1 + tanh(u) (and 1 - tanh² in the derivative), which lose
    // relative precision where they are small, for a ≪ 0: besides 4 ulp, the bound allows an
    // error of |a| (1 + a²) ulp of 1, which covers the rounding of those sums.
    const std::vector<double> points(x.begin(), x.end());
    for (const auto& values : {scalar_values<Act>(points), register_values<Act>(points)}) {
      for (std::size_t i = 0; i < points.size(); ++i) {
        const double a = x[i], f = Reference::torch_f[i], df = Reference::torch_df[i];
        const double cancellation = 1 + a * a;  // times |a| in `tolerance`
        CAPTURE(a, f, df, values.f[i], values.df[i]);
        CHECK(std::abs(values.f[i] - f) <= tolerance<double>(a, f, cancellation, 4));
        CHECK(std::abs(values.df[i] - df) <=
              tolerance<double>(a, derivative_scale(a, f, df), cancellation, 4));
      }
    }
  }

  SECTION("exact values in double") { check_exact_values<Act, Reference, double>(); }
  SECTION("exact values in float") { check_exact_values<Act, Reference, float>(); }

  SECTION("φ' equals central differences of φ in double") {
    // Step h = 2^-17: truncation error h² |φ'''| / 6 and rounding error ε |φ| / h both stay
    // far below the bound.
    constexpr double h = 0x1p-17;
    for (double a = -10; a <= 10; a += 1.0 / 64) {
      const double numeric = (Act::f(a + h) - Act::f(a - h)) / (2 * h);
      CAPTURE(a, numeric, Act::df_pre(a));
      CHECK(std::abs(Act::df_pre(a) - numeric) <= 1e-10 * (1 + std::abs(a)));
    }
  }
}

//! Points for the register-against-scalar checks: an even grid over [-20, 20], and geometric
//! sequences of each sign from 1e-30 to 1e4 (1e30 in double).
template <class T>
std::vector<T> register_check_points() {
  std::vector<T> points;
  constexpr int grid = 40001;
  for (int i = 0; i < grid; ++i) points.push_back(T(-20) + T(40) * T(i) / T(grid - 1));
  const T top = sizeof(T) == 4 ? T(1e4) : T(1e30);
  for (T a = T(1e-30); a < top; a *= T(1.01)) {
    points.push_back(a);
    points.push_back(-a);
  }
  return points;
}

//! Act's registers against its scalar formula in T: errors within `ulps` times (1 ulp of the
//! value, plus for φ how much an error of 1 ulp in a changes it: xsimd's float erfc rounds an
//! argument that std::erfc does not). The formulas are the same; the registers' exp, erfc and
//! sigmoid are xsimd's, the scalars' std::'s.
template <class Act, class T>
void check_registers_against_scalars(double ulps) {
  const auto points = register_check_points<T>();
  const auto scalars = scalar_values<Act>(points);
  const auto registers = register_values<Act>(points);
  double worst_f = 0, worst_df = 0, worst_f_at = 0, worst_df_at = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const double a = points[i], f = scalars.f[i], df = scalars.df[i];
    const double f_error = std::abs(registers.f[i] - f) / tolerance<T>(a, f, df, 1);
    const double df_error =
        std::abs(registers.df[i] - df) / tolerance<T>(a, derivative_scale(a, f, df), 0, 1);
    if (f_error > worst_f) std::tie(worst_f, worst_f_at) = std::pair(f_error, a);
    if (df_error > worst_df) std::tie(worst_df, worst_df_at) = std::pair(df_error, a);
  }
  INFO("largest errors, in ulp: f " << worst_f << " at " << worst_f_at << ", df " << worst_df
                                    << " at " << worst_df_at);
  CHECK(worst_f <= ulps);
  CHECK(worst_df <= ulps);
}

}  // namespace ctnn::test

#endif
