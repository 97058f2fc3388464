#ifndef CTNN_DATA_BATCHES_HPP
#define CTNN_DATA_BATCHES_HPP

#include <ctnn/data/dataset.hpp>
#include <ctnn/data/shuffle.hpp>
#include <ctnn/detail/aligned_buffer.hpp>
#include <ctnn/error.hpp>
#include <ctnn/training/prefetch.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace ctnn::data {

//! One mini-batch, gathered by `Batches::gather`: `rows` samples, their features contiguous and
//! row-major (`rows x feature_size`), their targets likewise (`rows x target_size`). The spans
//! point into the `Batches` buffers and stay valid until its next `gather` or `shuffle`.
template <class X, class Y>
struct Batch {
  std::span<const X> features;  //!< `rows x feature_size`, row-major, 64-byte aligned.
  std::span<const Y> targets;   //!< `rows x target_size`, row-major, 64-byte aligned.
  std::size_t rows = 0;         //!< The number of samples: the batch size, or fewer in the last.
};

//! One mini-batch by reference, from `Batches::gather_rows`: where each sample's features start
//! in the dataset (`feature_size` values from each pointer), and the targets copied as in
//! `Batch`. For `Trainer::step`, which copies the features itself, on the threads that use them.
template <class X, class Y>
struct BatchRows {
  std::span<const X* const> feature_rows;  //!< `rows` pointers into the dataset's features.
  std::span<const Y> targets;              //!< `rows x target_size`, row-major, 64-byte aligned.
  std::size_t rows = 0;  //!< The number of samples: the batch size, or fewer in the last.
};

//! Mini-batches over a dataset in a seeded random order. It owns the order (a permutation of the
//! rows) and one batch worth of contiguous, aligned buffers, so after construction neither
//! `shuffle` nor `gather` nor `gather_rows` allocates.
//!
//! `count()` is ceil(size / batch_size): the last batch keeps the remaining rows, even if fewer.
//! The order starts as 0, 1, 2, ...; `shuffle` makes it a permutation that depends only on the
//! seed (or the engine's state), the same on every platform (see `ctnn::data::shuffle`).
//! The dataset must outlive the `Batches` and keep its shape.
//!
//! Example:
//! ```cpp
//! ctnn::data::Batches batches(train, 32);
//! std::mt19937_64 engine(42);
//! for (int epoch = 0; epoch < 10; ++epoch) {
//!   batches.shuffle(engine);  // a new order each epoch, the same sequence for seed 42
//!   for (std::size_t k = 0; k < batches.count(); ++k) {
//!     const auto batch = batches.gather(k);  // batch.features: batch.rows x 784
//!   }
//! }
//! ```
template <class X = float, class Y = std::uint8_t>
class Batches {
public:
  //! Batches of `batch_size` rows over `data`, in the order of `data`. Throws `ctnn::error` if
  //! `batch_size` is 0.
  Batches(const Dataset<X, Y>& data, std::size_t batch_size)
      : data_(&data),
        batch_size_(batch_size == 0 ? throw error("ctnn::data::Batches: the batch size is 0 "
                                                  "(expected at least 1 row a batch)")
                                    : batch_size),
        feature_size_(data.feature_size()),
        target_size_(data.target_size()),
        order_(data.size()),
        features_(std::min(batch_size_, data.size()) * data.feature_size()),
        targets_(std::min(batch_size_, data.size()) * data.target_size()),
        feature_rows_(std::min(batch_size_, data.size())) {
    std::iota(order_.begin(), order_.end(), std::size_t{0});
  }
  //! Not from a temporary dataset: the batches read the dataset on every `gather`.
  Batches(const Dataset<X, Y>&& data, std::size_t batch_size) = delete;

  //! The number of batches: ceil(size / batch_size), 0 for an empty dataset.
  [[nodiscard]] std::size_t count() const noexcept {
    return (order_.size() + batch_size_ - 1) / batch_size_;
  }
  //! The rows of every batch but possibly the last.
  [[nodiscard]] std::size_t batch_size() const noexcept { return batch_size_; }
  //! The number of rows of batch `k` (`k < count()`): `batch_size()`, or the rest in the last.
  [[nodiscard]] std::size_t rows(std::size_t k) const noexcept {
    return std::min(batch_size_, order_.size() - k * batch_size_);
  }
  //! The current order: batch `k` holds rows `order()[k * batch_size() ...]` of the dataset.
  [[nodiscard]] std::span<const std::size_t> order() const noexcept { return order_; }

  //! Sets the order to the identity shuffled by a `std::mt19937_64` seeded with `seed`.
  void shuffle(std::uint64_t seed) {
    std::mt19937_64 engine(seed);
    shuffle(engine);
  }
  //! Sets the order to the identity shuffled by `engine` (which advances): call it once an epoch
  //! with one engine for a new order each epoch and a reproducible sequence of orders.
  template <Uniform64Engine G>
  void shuffle(G& engine) {
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    data::shuffle(std::span<std::size_t>(order_), engine);
  }

  //! Copies the rows of batch `k` into the buffers and returns views of them. Throws
  //! `std::out_of_range` if `k >= count()`, `ctnn::error` if the dataset changed shape.
  [[nodiscard]] Batch<X, Y> gather(std::size_t k) {
    require_batch("gather", k);
    const std::size_t n = rows(k);
    const std::size_t fs = feature_size_;
    const X* const features = data_->features().data();
    for (std::size_t r = 0; r < n; ++r) {
      prefetch_next(k, r);
      std::copy_n(features + order_[k * batch_size_ + r] * fs, fs, features_.data() + r * fs);
    }
    return {std::span<const X>(features_.data(), n * fs), gather_targets(k), n};
  }

  //! Batch `k` without copying its features: pointers to its rows in the dataset, and its
  //! targets copied as by `gather`. The pointers stay valid while the dataset lives unchanged.
  //! Nothing is prefetched here: `Trainer::step` prefetches the rows as it copies them (doing
  //! both measured no faster, and this runs on the caller's thread alone). Throws as `gather`.
  [[nodiscard]] BatchRows<X, Y> gather_rows(std::size_t k) {
    require_batch("gather_rows", k);
    const std::size_t n = rows(k);
    const X* const features = data_->features().data();
    for (std::size_t r = 0; r < n; ++r)
      feature_rows_[r] = features + order_[k * batch_size_ + r] * feature_size_;
    return {std::span<const X* const>(feature_rows_.data(), n), gather_targets(k), n};
  }

private:
  void require_batch(const char* what, std::size_t k) const {
    if (k >= count()) {
      throw std::out_of_range(std::string("ctnn::data::Batches::") + what + ": batch " +
                              std::to_string(k) + " is out of range (expected below count() = " +
                              std::to_string(count()) + ")");
    }
    if (data_->size() != order_.size() || data_->feature_size() != feature_size_ ||
        data_->target_size() != target_size_) {
      throw error(std::string("ctnn::data::Batches::") + what +
                  ": the dataset changed shape since the batches were made (expected " +
                  shape_text(order_.size(), feature_size_, target_size_) + ", found " +
                  shape_text(data_->size(), data_->feature_size(), data_->target_size()) +
                  "); make the batches again");
    }
  }

  std::span<const Y> gather_targets(std::size_t k) {
    const std::size_t n = rows(k);
    const std::size_t ts = target_size_;
    const Y* const targets = data_->targets().data();
    for (std::size_t r = 0; r < n; ++r)
      std::copy_n(targets + order_[k * batch_size_ + r] * ts, ts, targets_.data() + r * ts);
    return std::span<const Y>(targets_.data(), n * ts);
  }

  // Row r of the batch after k, if there is one, on its way to the cache while the caller
  // trains on this one (an epoch of 784-256-128-10 spent ~7% of its time waiting for rows).
  void prefetch_next(std::size_t k, std::size_t r) const {
    if (k + 1 < count() && r < rows(k + 1))
      ctnn::detail::prefetch_row(
          data_->features().data() + order_[(k + 1) * batch_size_ + r] * feature_size_,
          feature_size_);
  }

  static std::string shape_text(std::size_t rows, std::size_t features, std::size_t targets) {
    return std::to_string(rows) + " rows of " + std::to_string(features) + " features and " +
           std::to_string(targets) + " targets";
  }

  const Dataset<X, Y>* data_;
  std::size_t batch_size_;
  std::size_t feature_size_;
  std::size_t target_size_;
  std::vector<std::size_t> order_;
  ctnn::detail::aligned_buffer<X> features_;
  ctnn::detail::aligned_buffer<Y> targets_;
  std::vector<const X*> feature_rows_;  // gather_rows's pointers, batch_size of them
};

}  // namespace ctnn::data

#endif
