#ifndef CTNN_DETAIL_TARGET_CHECKS_HPP
#define CTNN_DETAIL_TARGET_CHECKS_HPP

//! @file target_checks.hpp
//! What every loss does with targets: error messages that name the sample, and argmax.

#include <cmath>
#include <cstddef>
#include <string>

#include <ctnn/error.hpp>

namespace ctnn::detail {

[[noreturn]] inline void bad_target(const char* loss, std::size_t sample, double value,
                                    const char* expected) {
  throw ctnn::error(std::string("ctnn::") + loss + ": target " + std::to_string(value) +
                    " of sample " + std::to_string(sample) + " is not " + expected);
}

template <class T>
void require_finite_target(const char* loss, std::size_t sample, T value) {
  if (!std::isfinite(value)) bad_target(loss, sample, static_cast<double>(value), "a finite number");
}

//! The index of the largest of N values (the first one on ties).
template <std::size_t N, class T>
[[nodiscard]] constexpr std::size_t argmax(const T* values) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < N; ++i)
    if (values[i] > values[best]) best = i;
  return best;
}

}  // namespace ctnn::detail

#endif
