#ifndef CTNN_REPORT_TICKS_HPP
#define CTNN_REPORT_TICKS_HPP

//! @file ticks.hpp
//! Round axis ticks for plots: steps of 1, 2 or 5 times a power of ten.

#include <ctnn/report/format.hpp>

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

namespace ctnn::detail {

//! Evenly spaced round numbers on an axis from `min` to `max`.
struct nice_scale {
  //! The ends of the axis.
  double min = 0, max = 0;
  //! The distance between ticks: 1, 2 or 5 times a power of ten.
  double step = 0;
  //! Digits after the decimal point that print every tick exactly (1 for a step of 0.2).
  int decimals = 0;
  //! The power of ten in `step`.
  int exponent = 0;
  //! The tick values, ascending. Each is the double nearest to its decimal value, so 3 * 0.2
  //! is stored as 0.6, not 0.6000000000000001.
  std::vector<double> ticks;

  //! The text for a tick: with `decimals` digits after the point ("0.5", "2.0", "300"), or
  //! for very large or very small numbers, in scientific notation with just the significant
  //! digits that distinguish the ticks ("1.5e+30", "4e-08").
  std::string label(double value) const {
    const double magnitude = std::fmax(std::fabs(min), std::fabs(max));
    if (exponent >= -5 && magnitude < 1e7) {
      return fixed_decimal(value, decimals);
    }
    const int digits = static_cast<int>(std::floor(std::log10(magnitude))) - exponent + 1;
    return general_decimal(value, digits < 1 ? 1 : (digits > 17 ? 17 : digits));
  }
};

//! 10^n as a double; exact for |n| <= 22.
inline double power_of_ten(int n) {
  double p = 1;
  for (int i = 0; i < (n < 0 ? -n : n); ++i) {
    p *= 10;
  }
  return n < 0 ? 1 / p : p;
}

//! The round scale for data in [lo, hi] (finite, lo < hi) with at most `max_ticks` (>= 2)
//! ticks, using the smallest step 1, 2 or 5 x 10^k (and not below `min_step`) that fits.
//! - extend == false: the axis is [lo, hi], the ticks are the multiples of the step inside it:
//!   0..0.87 with 5 ticks gives 0, 0.2, 0.4, 0.6, 0.8.
//! - extend == true: the axis grows to the nearest multiples of the step around the data and
//!   ends on a tick: 0..0.87 with 6 ticks gives the axis 0..1 and ticks 0, 0.2, ..., 1.
//! Returns a scale without ticks (and the axis [lo, hi]) if the arguments break these rules, if
//! lo or hi is beyond ±1e300 or (hi - lo) / max_ticks below 1e-300, or if no finite step fits
//! (min_step near the largest double): every step and tick is then a normal, finite double.
inline nice_scale make_nice_scale(double lo, double hi, std::size_t max_ticks, bool extend,
                                  double min_step = 0) {
  nice_scale scale;
  scale.min = lo;
  scale.max = hi;
  if (max_ticks < 2 || !(std::fmax(std::fabs(lo), std::fabs(hi)) <= 1e300)) {
    return scale;
  }
  const double spacing = (hi - lo) / double(max_ticks);
  if (!(spacing >= 1e-300)) {
    return scale;
  }
  // A little slack, so that a bound equal to a tick up to rounding (0.6 / 0.2 = 2.9999999999999996)
  // counts as that tick.
  constexpr double slack = 1e-9;
  constexpr int mantissas[] = {1, 2, 5};
  int first_exponent = static_cast<int>(std::floor(std::log10(spacing))) - 1;
  if (min_step > 0 && std::isfinite(min_step)) {
    const int min_exponent = static_cast<int>(std::floor(std::log10(min_step)));
    first_exponent = first_exponent < min_exponent ? min_exponent : first_exponent;
  }
  for (int exponent = first_exponent; exponent <= first_exponent + 8; ++exponent) {
    for (const int mantissa : mantissas) {
      const double step = mantissa * power_of_ten(exponent);
      if (!std::isfinite(step)) {
        return scale;  // the steps only grow from here
      }
      if (step < min_step) {
        continue;
      }
      const double first_ratio =
          extend ? std::floor(lo / step + slack) : std::ceil(lo / step - slack);
      const double last_ratio =
          extend ? std::ceil(hi / step - slack) : std::floor(hi / step + slack);
      if (std::fabs(first_ratio) > 1e15 || std::fabs(last_ratio) > 1e15) {
        return scale;  // the range is too narrow for its magnitude to have round ticks
      }
      if (last_ratio - first_ratio + 1 > double(max_ticks)) {
        continue;
      }
      const auto first = static_cast<long long>(first_ratio);
      const auto last = static_cast<long long>(last_ratio);
      // i * mantissa is an exact integer; one division by an exact power of ten then rounds
      // once, to the double nearest the decimal value.
      const auto tick = [&](long long i) {
        const double units = static_cast<double>(i * mantissa);
        return exponent < 0 ? units / power_of_ten(-exponent) : units * power_of_ten(exponent);
      };
      scale.step = step;
      scale.decimals = exponent < 0 ? -exponent : 0;
      scale.exponent = exponent;
      for (long long i = first; i <= last; ++i) {
        scale.ticks.push_back(tick(i));
      }
      if (extend) {
        scale.min = tick(first);
        scale.max = tick(last);
      }
      return scale;
    }
  }
  return scale;
}

//! The round ticks inside [lo, hi]; see make_nice_scale.
inline nice_scale nice_ticks(double lo, double hi, std::size_t max_ticks, double min_step = 0) {
  return make_nice_scale(lo, hi, max_ticks, false, min_step);
}

//! An axis grown from [lo, hi] to round ends, with its ticks; see make_nice_scale.
inline nice_scale nice_axis(double lo, double hi, std::size_t max_ticks, double min_step = 0) {
  return make_nice_scale(lo, hi, max_ticks, true, min_step);
}

}  // namespace ctnn::detail

#endif
