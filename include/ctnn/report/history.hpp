#ifndef CTNN_REPORT_HISTORY_HPP
#define CTNN_REPORT_HISTORY_HPP

//! @file history.hpp
//! What training measured, one record per epoch: `ctnn::fit` returns a `History`, and
//! `write_history_csv`, `write_learning_curves_svg` and `Progress` read it.

#include <ctnn/error.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

namespace ctnn {

//! The measurements of one epoch. A value that does not apply is NaN: accuracies for a
//! regression loss, validation values when there is no validation set, the learning rate when
//! the optimizer has none. Writers leave NaN out (an empty CSV cell, no point in a plot, no
//! field in a progress line).
struct EpochRecord {
  //! The epoch's number, counting from 1.
  std::size_t epoch = 0;
  //! Mean loss over the epoch's training batches.
  double train_loss = std::numeric_limits<double>::quiet_NaN();
  //! Fraction (0..1) of training samples classified correctly; NaN for regression.
  double train_accuracy = std::numeric_limits<double>::quiet_NaN();
  //! Mean loss on the validation set after the epoch; NaN without a validation set.
  double validation_loss = std::numeric_limits<double>::quiet_NaN();
  //! Fraction (0..1) of validation samples classified correctly; NaN for regression or
  //! without a validation set.
  double validation_accuracy = std::numeric_limits<double>::quiet_NaN();
  //! Wall-clock duration of the epoch in seconds (steady clock).
  double seconds = std::numeric_limits<double>::quiet_NaN();
  //! The learning rate used during the epoch; NaN if the optimizer has none.
  double learning_rate = std::numeric_limits<double>::quiet_NaN();
};

//! The records of a training run, in the order the epochs ran.
//!
//! "Best" means the lowest validation loss; when no epoch has a validation loss, the lowest
//! training loss. NaN never counts as lowest, ties go to the earlier epoch, and when no epoch
//! has a loss at all, the first epoch is the best.
struct History {
  //! One record per epoch, in order.
  std::vector<EpochRecord> epochs;
  //! `EpochRecord::epoch` of the best record, 0 while there is none. `add` keeps it up to date;
  //! if you change `epochs` directly, call `update_best()`.
  std::size_t best_epoch = 0;

  //! Appends `record` and updates `best_epoch`.
  void add(const EpochRecord& record) {
    epochs.push_back(record);
    update_best();
  }

  //! Sets `best_epoch` from `epochs`.
  void update_best() { best_epoch = epochs.empty() ? 0 : epochs[best_index()].epoch; }

  //! True when no epoch has been recorded.
  bool empty() const noexcept { return epochs.empty(); }
  //! The number of recorded epochs.
  std::size_t size() const noexcept { return epochs.size(); }

  //! True if some epoch has a validation loss (that is, training had a validation set).
  bool has_validation() const noexcept {
    for (const EpochRecord& r : epochs) {
      if (!std::isnan(r.validation_loss)) {
        return true;
      }
    }
    return false;
  }

  //! The best record (see above). Throws `ctnn::error` if the history is empty.
  const EpochRecord& best() const {
    require_nonempty("best");
    return epochs[best_index()];
  }

  //! The most recent record. Throws `ctnn::error` if the history is empty.
  const EpochRecord& last() const {
    require_nonempty("last");
    return epochs.back();
  }

private:
  // The index of the best record; epochs must not be empty.
  std::size_t best_index() const noexcept {
    const bool by_validation = has_validation();
    std::size_t best = 0;
    double best_loss = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t i = 0; i < epochs.size(); ++i) {
      const double loss = by_validation ? epochs[i].validation_loss : epochs[i].train_loss;
      if (!std::isnan(loss) && (std::isnan(best_loss) || loss < best_loss)) {
        best = i;
        best_loss = loss;
      }
    }
    return best;
  }

  void require_nonempty(const char* function) const {
    if (epochs.empty()) {
      throw error(std::string("ctnn::History::") + function +
                  ": the history is empty; train for at least one epoch first");
    }
  }
};

}  // namespace ctnn

#endif
