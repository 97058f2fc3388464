#ifndef CTNN_DATA_SPLIT_HPP
#define CTNN_DATA_SPLIT_HPP

#include <ctnn/data/dataset.hpp>
#include <ctnn/data/shuffle.hpp>
#include <ctnn/error.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace ctnn::data {

//! The two parts of a dataset made by `split`.
template <class X, class Y>
struct Split {
  Dataset<X, Y> train;       //!< The rows to train on.
  Dataset<X, Y> validation;  //!< The held-out rows, to measure the model on.
};

//! A new dataset holding the rows `rows` of `data`, in that order (a row may repeat). Throws
//! `ctnn::error` naming the first row number that is out of range.
template <class X, class Y>
[[nodiscard]] Dataset<X, Y> subset(const Dataset<X, Y>& data, std::span<const std::size_t> rows) {
  const std::size_t fs = data.feature_size();
  const std::size_t ts = data.target_size();
  std::vector<X> features(rows.size() * fs);
  std::vector<Y> targets(rows.size() * ts);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (rows[r] >= data.size()) {
      throw error("ctnn::data::subset: row number " + std::to_string(rows[r]) + " at position " +
                  std::to_string(r) + " is out of range (expected below " +
                  std::to_string(data.size()) + ", the dataset's size)");
    }
    std::copy_n(data.features().data() + rows[r] * fs, fs, features.data() + r * fs);
    std::copy_n(data.targets().data() + rows[r] * ts, ts, targets.data() + r * ts);
  }
  return {std::move(features), fs, std::move(targets), ts};
}

//! Splits `data` at random into a training and a validation part: round(validation_fraction *
//! size) rows, chosen by a `std::mt19937_64` seeded with `seed` (the same on every platform), go
//! to `validation`, the others to `train`. Each part keeps the rows in their original order, and
//! every row goes to exactly one part.
//! Throws `ctnn::error` if `validation_fraction` is not strictly between 0 and 1 or leaves either
//! part empty (say 0.01 of 20 rows).
//!
//! Example: `auto [train, validation] = ctnn::data::split(all, 0.1, 42);`
template <class X, class Y>
[[nodiscard]] Split<X, Y> split(const Dataset<X, Y>& data, double validation_fraction,
                                std::uint64_t seed) {
  const auto fraction_text = [&] {
    std::array<char, 32> text{};
    std::snprintf(text.data(), text.size(), "%g", validation_fraction);
    return std::string(text.data());
  };
  if (!(validation_fraction > 0.0 && validation_fraction < 1.0)) {
    throw error("ctnn::data::split: validation_fraction is " + fraction_text() +
                " (expected a fraction strictly between 0 and 1)");
  }
  const std::size_t n = data.size();
  const auto validation_rows =
      static_cast<std::size_t>(std::llround(validation_fraction * static_cast<double>(n)));
  if (validation_rows == 0 || validation_rows == n) {
    throw error("ctnn::data::split: validation_fraction " + fraction_text() + " of " +
                std::to_string(n) + " rows leaves the " +
                (validation_rows == 0 ? "validation" : "training") +
                " part empty (expected at least 1 row in each part, found " +
                std::to_string(n - validation_rows) + " for training and " +
                std::to_string(validation_rows) + " for validation)");
  }
  std::vector<std::size_t> order = permutation(n, seed);
  const auto middle = order.begin() + static_cast<std::ptrdiff_t>(validation_rows);
  std::sort(order.begin(), middle);
  std::sort(middle, order.end());
  const std::span<const std::size_t> rows(order);
  return {subset(data, rows.subspan(validation_rows)), subset(data, rows.first(validation_rows))};
}

}  // namespace ctnn::data

#endif
