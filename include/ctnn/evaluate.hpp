#ifndef CTNN_EVALUATE_HPP
#define CTNN_EVALUATE_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <vector>

#include <ctnn/data/dataset.hpp>
#include <ctnn/data/dataset_checks.hpp>
#include <ctnn/detail/target_span.hpp>
#include <ctnn/error.hpp>

namespace ctnn {

//! How a net does on a data set. For a net with sequence layers the counts are over the rows of
//! the loss: every time step's, or every sequence's after LastStep.
struct Evaluation {
  static constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  //! The mean loss, as `Net::loss` defines it.
  double loss = nan;
  //! Classification nets: the fraction of samples classified as their target says.
  double accuracy = nan;
  //! Classification nets: the number of classes (output_size for SoftmaxCE, 2 for BCE and
  //! Logistic) and the confusion matrix, classes x classes, row-major: confusion[t·classes + p]
  //! counts samples of true class t predicted as p (class 1 is the positive class of a binary
  //! net; a Logistic label -1 is class 0).
  std::size_t classes = 0;
  std::vector<std::size_t> confusion;
  //! Regression (MSE) nets: mean squared and mean absolute error over all outputs.
  double mse = nan;
  double mae = nan;
};

//! Evaluates `net` on every sample of `data`, in chunks of `chunk` (at least 1) samples.
//! Throws ctnn::error when `chunk` is 0 or the data does not fit the net (see `fit`).
template <class Net, class X, class Y>
Evaluation evaluate(const Net& net, const data::Dataset<X, Y>& data, std::size_t chunk = 256) {
  using T = typename Net::value_type;
  using loss_type = typename Net::loss_type;
  constexpr std::size_t outputs = Net::output_size;
  if (chunk == 0)
    throw error("ctnn::evaluate: the chunk size is 0; it must be at least 1 (samples per chunk)");
  static_assert(Net::has_loss, "ctnn::evaluate: the net has no loss to evaluate; end its elements with one");
  detail::require_dataset_fits<Net>(data, "ctnn::evaluate");

  Evaluation result;
  if constexpr (loss_type::is_classifier) {
    result.classes = loss_type::class_targets ? outputs : 2;
    result.confusion.assign(result.classes * result.classes, 0);
  }
  // One forward pass a chunk: the outputs as the loss reads them give the loss and the
  // predicted classes; for a regression loss they are the outputs themselves. A sample of a
  // sequence net is a sequence: its rows are its time steps' (one after LastStep).
  const std::size_t steps = detail::steps_per_sample<Net>(data);
  const std::size_t rows_per_sample = detail::loss_rows_per_sample<Net>(data);
  std::vector<T> out(std::min(chunk, data.size()) * rows_per_sample * outputs);
  double loss_sum = 0, squared = 0, absolute = 0;
  std::size_t correct = 0;
  for (std::size_t start = 0; start < data.size(); start += chunk) {
    const std::size_t samples = std::min(chunk, data.size() - start);
    const std::size_t rows = samples * rows_per_sample;
    const auto features =
        data.features().subspan(start * data.feature_size(), samples * data.feature_size());
    const auto targets =
        data.targets().subspan(start * data.target_size(), samples * data.target_size());
    if constexpr (Net::has_sequence_layers)
      net.forward_sequence_for_loss(features, steps, std::span<T>(out.data(), rows * outputs),
                                    samples);
    else
      net.forward_for_loss(features, std::span<T>(out.data(), rows * outputs), rows);
    const auto target_values = detail::target_span<loss_type, T, outputs>(targets, rows);
    loss_sum += static_cast<double>(loss_type::template evaluate<outputs>(
                    out.data(), target_values, rows, static_cast<T*>(nullptr))) *
                static_cast<double>(rows);
    for (std::size_t r = 0; r < rows; ++r) {
      const T* row = out.data() + r * outputs;
      if constexpr (loss_type::is_classifier) {
        const std::size_t truth = loss_type::true_class(targets[r]);
        const std::size_t predicted = loss_type::template predicted_class<outputs>(row);
        ++result.confusion[truth * result.classes + predicted];
        correct += truth == predicted ? 1 : 0;
      } else {
        for (std::size_t o = 0; o < outputs; ++o) {
          const double error = static_cast<double>(row[o]) - static_cast<double>(targets[r * outputs + o]);
          squared += error * error;
          absolute += std::abs(error);
        }
      }
    }
  }
  const auto n = static_cast<double>(data.size() * rows_per_sample);
  result.loss = loss_sum / n;
  if constexpr (loss_type::is_classifier) {
    result.accuracy = static_cast<double>(correct) / n;
  } else {
    result.mse = squared / (n * outputs);
    result.mae = absolute / (n * outputs);
  }
  return result;
}

}  // namespace ctnn

#endif
