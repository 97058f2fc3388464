#ifndef CTNN_DATA_DATASET_HPP
#define CTNN_DATA_DATASET_HPP

#include <ctnn/error.hpp>

#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace ctnn::data {

namespace detail {

//! The decimal text of an integer of any integral type (`std::uint8_t` prints as a number).
template <std::integral T>
[[nodiscard]] std::string integer_text(T value) {
  if constexpr (std::is_signed_v<T>) {
    return std::to_string(static_cast<std::intmax_t>(value));
  } else {
    return std::to_string(static_cast<std::uintmax_t>(value));
  }
}

//! True if `label` is in `0 .. classes - 1`.
template <std::integral T>
[[nodiscard]] constexpr bool is_label_below(T label, std::size_t classes) noexcept {
  if constexpr (std::is_signed_v<T>) {
    if (label < 0) {
      return false;
    }
  }
  return static_cast<std::uintmax_t>(label) < classes;
}

}  // namespace detail

//! A table of samples: `size()` rows, each with `feature_size()` features and `target_size()`
//! targets, both stored row-major in one contiguous vector each.
//!
//! Template parameters:
//! - `X`: the feature type (`float` for everything a net reads).
//! - `Y`: the target type: an integral class label (`std::uint8_t`, with `target_size() == 1`) for
//!   classification, `float` for regression.
//!
//! Shapes: `features()` is `size() x feature_size()`, `targets()` is `size() x target_size()`.
//! Rows are numbered from 0, as in `features(i)`.
//!
//! Example:
//! ```cpp
//! ctnn::data::Dataset<float, std::uint8_t> xor_data({0, 0, 0, 1, 1, 0, 1, 1}, 2, {0, 1, 1, 0});
//! xor_data.features(2);  // {1, 0}
//! ```
template <class X = float, class Y = std::uint8_t>
class Dataset {
  static_assert(std::is_arithmetic_v<X> && std::is_arithmetic_v<Y>,
                "ctnn::data::Dataset<X, Y>: features and targets must be arithmetic types");

public:
  using feature_type = X;  //!< The type of one feature value.
  using target_type = Y;   //!< The type of one target value (a label or a regression target).

  //! An empty dataset with no rows, no features and no targets.
  Dataset() = default;

  //! Takes `features` (row-major, `feature_size` values a row) and `targets` (row-major,
  //! `target_size` values a row). Throws `ctnn::error` if `feature_size` or `target_size` is 0,
  //! if the features do not divide into whole rows, or if the targets do not match the row count
  //! (including a row count times `target_size` too large for `std::size_t`).
  Dataset(std::vector<X> features, std::size_t feature_size, std::vector<Y> targets,
          std::size_t target_size = 1)
      : features_(std::move(features)),
        targets_(std::move(targets)),
        feature_size_(feature_size),
        target_size_(target_size) {
    const std::string where = "ctnn::data::Dataset: ";
    if (feature_size_ == 0) {
      throw error(where + "feature_size is 0; every sample needs at least one feature");
    }
    if (target_size_ == 0) {
      throw error(where + "target_size is 0; every sample needs at least one target");
    }
    if (features_.size() % feature_size_ != 0) {
      throw error(where + std::to_string(features_.size()) +
                  " feature values do not divide into rows of " + std::to_string(feature_size_) +
                  " features (expected a multiple of " + std::to_string(feature_size_) + ")");
    }
    size_ = features_.size() / feature_size_;
    if (size_ != 0 && target_size_ > std::numeric_limits<std::size_t>::max() / size_) {
      throw error(where + "the features hold " + std::to_string(size_) + " rows, so expected " +
                  std::to_string(size_) + " x " + std::to_string(target_size_) +
                  " target values, more than a std::size_t can count (is target_size right?)");
    }
    if (targets_.size() != size_ * target_size_) {
      throw error(where + "the features hold " + std::to_string(size_) + " rows, so expected " +
                  std::to_string(size_) + " x " + std::to_string(target_size_) + " = " +
                  std::to_string(size_ * target_size_) + " target values, found " +
                  std::to_string(targets_.size()));
    }
  }

  //! The number of samples (rows).
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  //! True if there are no samples.
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  //! The number of features per sample.
  [[nodiscard]] std::size_t feature_size() const noexcept { return feature_size_; }
  //! The number of targets per sample (1 for a class label).
  [[nodiscard]] std::size_t target_size() const noexcept { return target_size_; }

  //! All features, row-major: `size() x feature_size()`.
  [[nodiscard]] std::span<const X> features() const noexcept { return features_; }
  //! All features, row-major and writable (scaling in place, as `Standardizer::apply` does).
  [[nodiscard]] std::span<X> features() noexcept { return features_; }
  //! All targets, row-major: `size() x target_size()`.
  [[nodiscard]] std::span<const Y> targets() const noexcept { return targets_; }
  //! All targets, row-major and writable.
  [[nodiscard]] std::span<Y> targets() noexcept { return targets_; }

  //! The features of row `i`; throws `std::out_of_range` if `i >= size()`.
  [[nodiscard]] std::span<const X> features(std::size_t i) const {
    return features().subspan(row_index(i, "features") * feature_size_, feature_size_);
  }
  //! The features of row `i`, writable; throws `std::out_of_range` if `i >= size()`.
  [[nodiscard]] std::span<X> features(std::size_t i) {
    return features().subspan(row_index(i, "features") * feature_size_, feature_size_);
  }
  //! The targets of row `i`; throws `std::out_of_range` if `i >= size()`.
  [[nodiscard]] std::span<const Y> targets(std::size_t i) const {
    return targets().subspan(row_index(i, "targets") * target_size_, target_size_);
  }
  //! The targets of row `i`, writable; throws `std::out_of_range` if `i >= size()`.
  [[nodiscard]] std::span<Y> targets(std::size_t i) {
    return targets().subspan(row_index(i, "targets") * target_size_, target_size_);
  }

  //! Throws `ctnn::error` naming the first NaN or infinite value, its row and its column (both
  //! counted from 0), features first, then targets. Integral types are always finite.
  //! `what` starts the message (say, the file the data came from).
  void check_finite(std::string_view what = "ctnn::data::Dataset::check_finite") const {
    check_finite_values(std::span<const X>(features_), feature_size_, what, "feature");
    check_finite_values(std::span<const Y>(targets_), target_size_, what, "target");
  }

private:
  [[nodiscard]] std::size_t row_index(std::size_t i, const char* which) const {
    if (i >= size_) {
      throw std::out_of_range("ctnn::data::Dataset::" + std::string(which) + "(i): row " +
                              std::to_string(i) + " is out of range (the dataset has " +
                              std::to_string(size_) + " rows)");
    }
    return i;
  }

  template <class T>
  static void check_finite_values(std::span<const T> values, std::size_t row_size,
                                  std::string_view what, const char* which) {
    if constexpr (std::is_floating_point_v<T>) {
      for (std::size_t k = 0; k < values.size(); ++k) {
        if (!std::isfinite(values[k])) {
          throw error(std::string(what) + ": " + which + " row " + std::to_string(k / row_size) +
                      ", column " + std::to_string(k % row_size) + " (counted from 0) is " +
                      (std::isnan(values[k]) ? "NaN" : values[k] > 0 ? "+Inf" : "-Inf") +
                      " (expected a finite number)");
        }
      }
    }
  }

  std::vector<X> features_;
  std::vector<Y> targets_;
  std::size_t feature_size_ = 0;
  std::size_t target_size_ = 0;
  std::size_t size_ = 0;
};

//! Throws `ctnn::error` unless every sample of `data` has `expected` features. Meant for checking
//! data against a net before training: `require_feature_size(data, Net::input_size, "ctnn::fit")`
//! says "ctnn::fit: expected 784 features per sample (the net's input_size), the data has 785".
template <class X, class Y>
void require_feature_size(const Dataset<X, Y>& data, std::size_t expected,
                          std::string_view what = "ctnn::data::require_feature_size") {
  if (data.feature_size() != expected) {
    throw error(std::string(what) + ": expected " + std::to_string(expected) +
                " features per sample (the net's input_size), the data has " +
                std::to_string(data.feature_size()));
  }
}

//! Throws `ctnn::error` naming the first row whose label is not in `0 .. classes - 1`, the label
//! and the class count. For integral targets only (class labels).
template <class X, std::integral Y>
void check_labels_below(const Dataset<X, Y>& data, std::size_t classes,
                        std::string_view what = "ctnn::data::check_labels_below") {
  if (classes == 0) {
    throw error(std::string(what) + ": the class count is 0 (expected at least 1 class)");
  }
  const auto targets = data.targets();
  for (std::size_t k = 0; k < targets.size(); ++k) {
    const Y label = targets[k];
    if (!detail::is_label_below(label, classes)) {
      throw error(std::string(what) + ": row " + std::to_string(k / data.target_size()) +
                  " (counted from 0) has label " + detail::integer_text(label) +
                  ", expected a label in 0.." + std::to_string(classes - 1) + " for " +
                  std::to_string(classes) + " classes");
    }
  }
}

}  // namespace ctnn::data

#endif
