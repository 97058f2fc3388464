#ifndef CTNN_DATA_DATASET_CHECKS_HPP
#define CTNN_DATA_DATASET_CHECKS_HPP

#include <concepts>
#include <cstddef>
#include <string>

#include <ctnn/data/dataset.hpp>
#include <ctnn/error.hpp>

namespace ctnn::detail {

//! The time steps of one sample of `data` for `Net`: its features over the net's input_size for a
//! net with sequence layers (a sample is a sequence), 1 otherwise.
template <class Net, class X, class Y>
std::size_t steps_per_sample(const data::Dataset<X, Y>& data) {
  if constexpr (Net::has_sequence_layers) return data.feature_size() / Net::input_size;
  return 1;
}

//! The rows of the loss in one sample: one per time step, or one after LastStep.
template <class Net, class X, class Y>
std::size_t loss_rows_per_sample(const data::Dataset<X, Y>& data) {
  return Net::has_last_step ? 1 : steps_per_sample<Net>(data);
}

//! Throws ctnn::error unless `data` can feed `Net`: features of the net's scalar type and
//! input_size, all finite; class labels in range for a SoftmaxCE net; output_size targets per
//! sample otherwise. For a net with sequence layers a sample is a whole sequence: a multiple of
//! input_size features (its time steps one after another), and targets for each time step, or
//! for the sequence after LastStep. `what` names the caller and the data set in the message.
template <class Net, class X, class Y>
void require_dataset_fits(const data::Dataset<X, Y>& data, const std::string& what) {
  using T = typename Net::value_type;
  using loss = typename Net::loss_type;
  static_assert(std::same_as<X, T>,
                "ctnn: the dataset's features must have the net's scalar type (float for Net)");
  if (data.empty()) throw error(what + ": the data set is empty");
  if constexpr (Net::has_sequence_layers) {
    if (data.feature_size() % Net::input_size != 0)
      throw error(what + ": a sample is a sequence of time steps of " +
                  std::to_string(Net::input_size) + " features (the net's input_size), but the "
                  "data has " + std::to_string(data.feature_size()) +
                  " features per sample, not a multiple of it");
  } else {
    data::require_feature_size(data, Net::input_size, what);
  }
  const std::size_t rows = loss_rows_per_sample<Net>(data);
  const std::size_t expected = loss::class_targets ? rows : rows * Net::output_size;
  const std::string unit = loss::class_targets ? "class label" : "target";
  const std::string of = loss::class_targets ? "" : "the net's output_size";
  const std::string why = !Net::has_sequence_layers ? of
                          : Net::has_last_step
                              ? (loss::class_targets ? "" : of + ", ") + "after LastStep"
                              : std::to_string(rows) + " time steps" +
                                    (loss::class_targets ? "" : " of " + of + " " +
                                                                    std::to_string(Net::output_size));
  if (data.target_size() != expected)
    throw error(what + ": expected " + std::to_string(expected) + " " + unit +
                (expected == 1 ? "" : "s") + " per " +
                (Net::has_sequence_layers ? "sequence" : "sample") +
                (why.empty() ? "" : " (" + why + ")") + ", the data has " +
                std::to_string(data.target_size()) + " targets per sample");
  if constexpr (loss::class_targets) {
    static_assert(std::integral<Y>, "ctnn: a SoftmaxCE net needs class labels of an integral type");
    data::check_labels_below(data, Net::output_size, what + " (labels vs the net's output_size)");
  } else {
    static_assert(std::same_as<Y, T>,
                  "ctnn: targets of this loss are numbers of the net's scalar type");
  }
  data.check_finite(what);
}

}  // namespace ctnn::detail

#endif
