#ifndef CTNN_REPORT_FORMAT_HPP
#define CTNN_REPORT_FORMAT_HPP

//! @file format.hpp
//! Numbers and durations as text for reports, independent of the locale (std::to_chars).

#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <system_error>

namespace ctnn::detail {

//! The shortest decimal text that reads back as exactly `value` ("0.1", "1e-05", "inf").
inline std::string shortest_decimal(double value) {
  std::array<char, 32> buffer{};  // the longest shortest form of a double is 24 characters
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), result.ptr);
}

//! `value` with `decimals` digits after the point ("0.4312"); "nan", "inf" or "-inf" if not
//! finite.
inline std::string fixed_decimal(double value, int decimals) {
  std::array<char, 400> buffer{};  // enough for DBL_MAX with a few decimals
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                    std::chars_format::fixed, decimals);
  if (result.ec != std::errc{}) {
    return shortest_decimal(value);
  }
  return std::string(buffer.data(), result.ptr);
}

//! `value` with `significant` significant digits in the shorter of the fixed and the
//! scientific forms, as printf's "%g" ("1.5e+30", "0.0004").
inline std::string general_decimal(double value, int significant) {
  std::array<char, 64> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                    std::chars_format::general, significant);
  if (result.ec != std::errc{}) {
    return shortest_decimal(value);
  }
  return std::string(buffer.data(), result.ptr);
}

//! `value` with a comma between groups of three digits: 12345 -> "12,345".
inline std::string grouped_digits(std::uint64_t value) {
  std::string digits = std::to_string(value);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) {
      out += ',';
    }
    out += digits[i];
  }
  return out;
}

//! A duration rounded to whole seconds, short and of stable shape: "0s", "59s", "1m15s",
//! "12m05s", "1h02m" (hours and minutes from one hour on). "?" if `seconds` is negative or not
//! finite.
inline std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0 || seconds > 1e15) {
    return "?";
  }
  const auto total = static_cast<std::uint64_t>(std::llround(seconds));
  const auto two_digits = [](std::uint64_t n) {
    std::string text = n < 10 ? "0" : "";  // appended, not "0" + ...: see atomic_write.hpp
    text += std::to_string(n);
    return text;
  };
  if (total < 60) {
    return std::to_string(total) + "s";
  }
  if (total < 3600) {
    return std::to_string(total / 60) + "m" + two_digits(total % 60) + "s";
  }
  const std::uint64_t minutes = (total + 30) / 60;  // round to whole minutes
  return std::to_string(minutes / 60) + "h" + two_digits(minutes % 60) + "m";
}

}  // namespace ctnn::detail

#endif
