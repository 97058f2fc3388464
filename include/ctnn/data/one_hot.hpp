#ifndef CTNN_DATA_ONE_HOT_HPP
#define CTNN_DATA_ONE_HOT_HPP

#include <ctnn/data/dataset.hpp>
#include <ctnn/error.hpp>

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <ranges>
#include <span>
#include <string>
#include <vector>

namespace ctnn::data {

namespace detail {

template <std::integral L>
void one_hot_into(std::span<const L> labels, std::size_t classes, std::span<float> out) {
  const std::string what = "ctnn::data::one_hot: ";
  if (classes == 0) {
    throw error(what + "the class count is 0 (expected at least 1 class)");
  }
  if (out.size() != labels.size() * classes) {
    throw error(what + "the output holds " + std::to_string(out.size()) + " values (expected " +
                std::to_string(labels.size()) + " labels x " + std::to_string(classes) +
                " classes = " + std::to_string(labels.size() * classes) + ")");
  }
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (!is_label_below(labels[i], classes)) {
      throw error(what + "label " + integer_text(labels[i]) + " at index " + std::to_string(i) +
                  " is out of range (expected a label in 0.." + std::to_string(classes - 1) +
                  " for " + std::to_string(classes) + " classes)");
    }
  }
  std::fill(out.begin(), out.end(), 0.0F);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    out[i * classes + static_cast<std::size_t>(labels[i])] = 1.0F;
  }
}

}  // namespace detail

//! Integral class labels in contiguous memory: a `std::span`, a `std::vector`, `Dataset::targets()`.
template <class R>
concept LabelRange = std::ranges::contiguous_range<R> && std::ranges::sized_range<R> &&
                     std::integral<std::ranges::range_value_t<R>>;

//! Writes the one-hot rows of `labels` into `out` (`size(labels) x classes`, row-major): row i is
//! 1 at column `labels[i]` and 0 elsewhere. Allocates nothing, for use on each mini-batch.
//! Throws `ctnn::error` naming the first label that is not in `0 .. classes - 1` and its index,
//! or if `out` does not have `size(labels) * classes` values.
template <LabelRange R>
void one_hot_into(const R& labels, std::size_t classes, std::span<float> out) {
  using L = std::ranges::range_value_t<R>;
  detail::one_hot_into(std::span<const L>(std::ranges::data(labels), std::ranges::size(labels)),
                       classes, out);
}

//! The one-hot encoding of `labels` as a new vector of `size(labels) x classes` floats, row-major.
//! Throws as `one_hot_into` does.
//!
//! Example: `one_hot(std::vector<int>{2, 0}, 3)` is {0, 0, 1, 1, 0, 0};
//! `one_hot(dataset.targets(), 10)` encodes the labels of a whole dataset.
template <LabelRange R>
[[nodiscard]] std::vector<float> one_hot(const R& labels, std::size_t classes) {
  std::vector<float> out(std::ranges::size(labels) * classes);
  one_hot_into(labels, classes, std::span<float>(out));
  return out;
}

}  // namespace ctnn::data

#endif
