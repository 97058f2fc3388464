#ifndef CTNN_DETAIL_CONSTEXPR_MATH_HPP
#define CTNN_DETAIL_CONSTEXPR_MATH_HPP

//! @file constexpr_math.hpp
//! exp, expm1, log, log1p, tanh, erf, erfc and sqrt of a double, usable in constant
//! expressions (C++20's <cmath> is not constexpr), so that nets with smooth activations run
//! inside static_assert. detail/simd.hpp calls them when it is constant-evaluated, in double
//! (float arguments are computed in double and rounded once). Within a few ulp of the
//! correctly rounded result (tests/detail/constexpr_math.cpp); the run-time code never calls
//! them.

#include <bit>
#include <cstdint>
#include <limits>
#include <numbers>

namespace ctnn::detail::constexpr_math {

inline constexpr double infinity = std::numeric_limits<double>::infinity();
inline constexpr double nan = std::numeric_limits<double>::quiet_NaN();
// ln 2 split so that k · ln2_high is exact for |k| < 2^11 (Cody and Waite).
inline constexpr double ln2_high = 0x1.62e42fee00000p-1;
inline constexpr double ln2_low = 0x1.a39ef35793c76p-33;

[[nodiscard]] constexpr bool is_nan(double x) { return x != x; }

//! 2^k for -1074 <= k <= 1023, exactly.
[[nodiscard]] constexpr double power_of_two(int k) {
  if (k < -1022) {  // subnormal: the one bit, shifted
    return std::bit_cast<double>(std::uint64_t{1} << (k + 1074));
  }
  return std::bit_cast<double>(static_cast<std::uint64_t>(k + 1023) << 52);
}

//! e^r - 1 for |r| <= 0.35 by its Taylor series, without cancellation.
[[nodiscard]] constexpr double expm1_small(double r) {
  double term = r, sum = r;
  for (int n = 2; n <= 20; ++n) {
    term *= r / n;
    sum += term;
  }
  return sum;
}

[[nodiscard]] constexpr double exp(double x) {
  if (is_nan(x)) return x;
  if (x > 709.782712893384) return infinity;
  if (x < -745.2) return 0;
  // x = k ln 2 + r, |r| <= ln 2 / 2; e^x = 2^k (1 + expm1(r)), 2^k applied in two steps so that
  // neither overflows nor loses a subnormal result's bits early.
  const double kd = x * std::numbers::log2e;
  const int k = static_cast<int>(kd < 0 ? kd - 0.5 : kd + 0.5);
  const double r = (x - k * ln2_high) - k * ln2_low;
  const double m = 1 + expm1_small(r);
  const int half = k / 2;
  return m * power_of_two(half) * power_of_two(k - half);
}

[[nodiscard]] constexpr double expm1(double x) {
  if (x > -0.35 && x < 0.35) return expm1_small(x);
  return exp(x) - 1;
}

[[nodiscard]] constexpr double log(double x) {
  if (is_nan(x) || x < 0) return nan;
  if (x == 0) return -infinity;
  if (x == infinity) return infinity;
  int e = 0;
  if (x < 0x1p-1022) {  // subnormal: scale into the normal range
    x *= 0x1p54;
    e = -54;
  }
  const auto bits = std::bit_cast<std::uint64_t>(x);
  e += static_cast<int>(bits >> 52) - 1023;
  double m = std::bit_cast<double>((bits & ((std::uint64_t{1} << 52) - 1)) |
                                   (std::uint64_t{1023} << 52));  // in [1, 2)
  if (m > std::numbers::sqrt2) {
    m /= 2;
    ++e;
  }
  // log m = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.172.
  const double s = (m - 1) / (m + 1);
  const double s2 = s * s;
  double term = s, sum = s;
  for (int n = 3; n <= 41; n += 2) {
    term *= s2;
    sum += term / n;
  }
  return e * ln2_high + (e * ln2_low + 2 * sum);
}

[[nodiscard]] constexpr double log1p(double x) {
  if (is_nan(x) || x < -1) return nan;
  if (x > -1e-4 && x < 1e-4) {
    return x * (1 - x * (0.5 - x * (1.0 / 3 - x * 0.25)));
  }
  const double u = 1 + x;
  if (u == infinity) return infinity;
  // u rounds 1 + x; log(u) - (u - 1 - x) / u corrects for that rounding to first order.
  return log(u) - ((u - 1) - x) / u;
}

[[nodiscard]] constexpr double tanh(double x) {
  if (is_nan(x)) return x;
  const double a = x < 0 ? -x : x;
  const double t = a > 20 ? 1 : [&] {
    const double e = expm1(2 * a);
    return e / (e + 2);
  }();
  return x < 0 ? -t : t;
}

//! e^(-x²) without the rounding of x² (whose error e^(-x²) would multiply by x²): x is split
//! into a head of 26 bits, whose square is exact, and the rest.
[[nodiscard]] constexpr double exp_minus_square(double x) {
  const double head = std::bit_cast<double>(std::bit_cast<std::uint64_t>(x) &
                                            ~((std::uint64_t{1} << 27) - 1));
  const double tail = x - head;
  return exp(-head * head) * exp(-tail * (head + x));
}

//! erfc(x) for x >= 1 by its continued fraction (modified Lentz), full relative precision.
[[nodiscard]] constexpr double erfc_large(double x) {
  if (x > 27.3) return 0;
  // erfc x = e^(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))).
  constexpr double tiny = 1e-300;
  double f = x, c = x, d = 0;
  for (int n = 1; n < 5000; ++n) {
    const double a = n / 2.0;
    d = x + a * d;
    d = d == 0 ? tiny : d;
    c = x + a / c;
    c = c == 0 ? tiny : c;
    d = 1 / d;
    const double delta = c * d;
    f *= delta;
    if (delta - 1 < 1e-16 && delta - 1 > -1e-16) break;  // within an ulp of 1: converged
  }
  return exp_minus_square(x) * std::numbers::inv_sqrtpi / f;
}

//! erf(x) for |x| < 1 by its Taylor series (its terms stay below 1: little cancellation).
[[nodiscard]] constexpr double erf_small(double x) {
  const double x2 = x * x;
  double term = x, sum = x;
  for (int n = 1; n < 40; ++n) {
    term *= -x2 / n;
    sum += term / (2 * n + 1);
  }
  return 2 * std::numbers::inv_sqrtpi * sum;
}

[[nodiscard]] constexpr double erf(double x) {
  if (is_nan(x)) return x;
  if (x > -1 && x < 1) return erf_small(x);
  return x > 0 ? 1 - erfc_large(x) : erfc_large(-x) - 1;
}

[[nodiscard]] constexpr double erfc(double x) {
  if (is_nan(x)) return x;
  if (x >= 1) return erfc_large(x);
  if (x > -1) return 1 - erf_small(x);  // erfc > 0.15 here: 1 - erf loses little
  return 2 - erfc_large(-x);
}

[[nodiscard]] constexpr double sqrt(double x) {
  if (is_nan(x) || x < 0) return nan;
  if (x == 0 || x == infinity) return x;
  // Newton's iteration from an estimate with the exponent halved, then the last ulp settled.
  double y = std::bit_cast<double>((std::bit_cast<std::uint64_t>(x) >> 1) +
                                   (std::uint64_t{1023} << 51));
  for (int i = 0; i < 8; ++i) y = 0.5 * (y + x / y);
  const double below = std::bit_cast<double>(std::bit_cast<std::uint64_t>(y) - 1);
  const double above = std::bit_cast<double>(std::bit_cast<std::uint64_t>(y) + 1);
  const auto error = [x](double r) {
    const double e = r * r - x;
    return e < 0 ? -e : e;
  };
  if (error(below) < error(y)) return below;
  if (error(above) < error(y)) return above;
  return y;
}

}  // namespace ctnn::detail::constexpr_math

#endif
