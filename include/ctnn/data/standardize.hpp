#ifndef CTNN_DATA_STANDARDIZE_HPP
#define CTNN_DATA_STANDARDIZE_HPP

#include <ctnn/data/dataset.hpp>
#include <ctnn/error.hpp>

#include <cmath>
#include <concepts>
#include <cstddef>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace ctnn::data {

//! Scales every feature to mean 0 and standard deviation 1: x' = (x - mean) / sd, with the mean
//! and the population standard deviation (divided by n, as scikit-learn's StandardScaler) of each
//! feature over the dataset given to `fit`. Fit it on the training part only, then `apply` the
//! same statistics to every part (training, validation, test, new samples), so that no
//! information from held-out data leaks into training.
//!
//! A constant feature (all values equal in the fitted data, sd 0) is only centered: it becomes 0
//! and later values are shifted by the same mean, not divided by 0.
//!
//! Example:
//! ```cpp
//! ctnn::data::Standardizer standardizer;
//! standardizer.fit(train);
//! standardizer.apply(train);
//! standardizer.apply(validation);
//! ```
class Standardizer {
public:
  //! Computes the mean and standard deviation of every feature of `data` (in double precision).
  //! Throws `ctnn::error` if `data` is empty or holds NaN or infinite features.
  template <std::floating_point X, class Y>
  void fit(const Dataset<X, Y>& data) {
    if (data.empty()) {
      throw error("ctnn::data::Standardizer::fit: the dataset is empty (expected at least 1 row)");
    }
    data.check_finite("ctnn::data::Standardizer::fit");
    const std::size_t fs = data.feature_size();
    const std::size_t n = data.size();
    const auto values = data.features();
    // Sums in double are exact for n equal floats (below 2^29 rows), so a constant feature gets
    // exactly its value as mean and exactly 0 as sd, and is then only centered.
    std::vector<double> mean(fs, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < fs; ++j) {
        mean[j] += static_cast<double>(values[i * fs + j]);
      }
    }
    for (auto& m : mean) {
      m /= static_cast<double>(n);
    }
    std::vector<double> sd(fs, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < fs; ++j) {
        const double d = static_cast<double>(values[i * fs + j]) - mean[j];
        sd[j] += d * d;
      }
    }
    for (auto& s : sd) {
      s = std::sqrt(s / static_cast<double>(n));
    }
    mean_ = std::move(mean);
    sd_ = std::move(sd);
  }

  //! Standardizes the features of `data` in place with the fitted statistics. Throws
  //! `ctnn::error` if `fit` was not called or `data` has a different number of features.
  template <std::floating_point X, class Y>
  void apply(Dataset<X, Y>& data) const {
    apply(data.features(), data.feature_size());
  }

  //! Standardizes `features` in place: rows of `feature_size` values, row-major (say one new
  //! sample before prediction). Throws as `apply(Dataset&)` does, and if `features` is not whole
  //! rows.
  template <std::floating_point X>
  void apply(std::span<X> features, std::size_t feature_size) const {
    const std::string what = "ctnn::data::Standardizer::apply: ";
    if (!fitted()) {
      throw error(what + "not fitted (call fit on the training data first)");
    }
    if (feature_size != mean_.size()) {
      throw error(what + "the standardizer was fitted on " + std::to_string(mean_.size()) +
                  " features per sample, the data has " + std::to_string(feature_size));
    }
    if (features.size() % feature_size != 0) {
      throw error(what + std::to_string(features.size()) + " values are not whole rows of " +
                  std::to_string(feature_size) + " features");
    }
    for (std::size_t k = 0; k < features.size(); ++k) {
      const std::size_t j = k % feature_size;
      const double centered = static_cast<double>(features[k]) - mean_[j];
      features[k] = static_cast<X>(sd_[j] > 0.0 ? centered / sd_[j] : centered);
    }
  }

  //! True once `fit` has run.
  [[nodiscard]] bool fitted() const noexcept { return !mean_.empty(); }
  //! The number of features it was fitted on (0 before `fit`).
  [[nodiscard]] std::size_t feature_size() const noexcept { return mean_.size(); }
  //! The fitted mean of every feature.
  [[nodiscard]] std::span<const double> mean() const noexcept { return mean_; }
  //! The fitted population standard deviation of every feature (0 for a constant feature).
  [[nodiscard]] std::span<const double> standard_deviation() const noexcept { return sd_; }

private:
  std::vector<double> mean_;
  std::vector<double> sd_;
};

}  // namespace ctnn::data

#endif
