#ifndef CTNN_DATA_DATASET_CHECKS_HPP
#define CTNN_DATA_DATASET_CHECKS_HPP

#include <concepts>
#include <string>

#include <ctnn/data/dataset.hpp>
#include <ctnn/error.hpp>

namespace ctnn::detail {

//! Throws ctnn::error unless `data` can feed `Net`: features of the net's scalar type and
//! input_size, all finite; class labels in range for a SoftmaxCE net; output_size targets per
//! sample otherwise. `what` names the caller and the data set in the message.
template <class Net, class X, class Y>
void require_dataset_fits(const data::Dataset<X, Y>& data, const std::string& what) {
  using T = typename Net::value_type;
  using loss = typename Net::loss_type;
  static_assert(std::same_as<X, T>,
                "ctnn: the dataset's features must have the net's scalar type (float for Net)");
  if (data.empty()) throw error(what + ": the data set is empty");
  data::require_feature_size(data, Net::input_size, what);
  if constexpr (loss::class_targets) {
    static_assert(std::integral<Y>, "ctnn: a SoftmaxCE net needs class labels of an integral type");
    if (data.target_size() != 1)
      throw error(what + ": expected 1 class label per sample, the data has " +
                  std::to_string(data.target_size()) + " targets per sample");
    data::check_labels_below(data, Net::output_size, what + " (labels vs the net's output_size)");
  } else {
    static_assert(std::same_as<Y, T>,
                  "ctnn: targets of this loss are numbers of the net's scalar type");
    if (data.target_size() != Net::output_size)
      throw error(what + ": expected " + std::to_string(Net::output_size) +
                  " targets per sample (the net's output_size), the data has " +
                  std::to_string(data.target_size()));
  }
  data.check_finite(what);
}

}  // namespace ctnn::detail

#endif
