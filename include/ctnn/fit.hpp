#ifndef CTNN_FIT_HPP
#define CTNN_FIT_HPP

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iostream>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <vector>

#include <ctnn/data/batches.hpp>
#include <ctnn/data/dataset.hpp>
#include <ctnn/data/dataset_checks.hpp>
#include <ctnn/detail/count_correct.hpp>
#include <ctnn/error.hpp>
#include <ctnn/evaluate.hpp>
#include <ctnn/report/history.hpp>
#include <ctnn/report/progress.hpp>

namespace ctnn {

//! How `fit` trains.
struct FitOptions {
  //! The most epochs to run (fewer with early stopping or a callback that says stop).
  std::size_t epochs = 10;
  //! Samples per mini-batch; at most the trainer's max_batch. The last batch of an epoch keeps
  //! the remaining samples.
  std::size_t batch_size = 32;
  //! Seeds the shuffling: the same seed gives the same sequence of batches.
  std::uint64_t seed = 0;
  //! Early stopping: stop after this many epochs without a lower validation loss, and restore
  //! the parameters of the best epoch. 0 turns it off. Needs a validation set.
  std::size_t patience = 0;
  //! Learning-rate schedule: lr = schedule(epoch from 0, initial lr), set on the optimizer
  //! before each epoch (see schedules.hpp). Empty: the optimizer's lr stays as it is.
  std::function<double(std::size_t, double)> schedule;
  //! Called after each epoch with its record; returning false stops training.
  std::function<bool(const EpochRecord&)> on_epoch;
  //! Where progress goes, and how (see Progress): by default std::cerr, a live bar on a
  //! terminal and one line per epoch otherwise. nullptr means no progress output at all
  //! (Mode::quiet, whatever progress_mode says).
  std::ostream* progress_stream = &std::cerr;
  std::optional<Progress::Mode> progress_mode;
};

namespace detail {

template <class Trainer, class X, class Y>
History fit(Trainer& trainer, const data::Dataset<X, Y>& train,
            const data::Dataset<X, Y>* validation, const FitOptions& options) {
  using Net = typename Trainer::net_type;
  using T = typename Net::value_type;
  using loss_type = typename Net::loss_type;
  using clock = std::chrono::steady_clock;

  require_dataset_fits<Net>(train, "ctnn::fit: training data");
  if (validation != nullptr) require_dataset_fits<Net>(*validation, "ctnn::fit: validation data");
  if (options.patience > 0 && validation == nullptr)
    throw error("ctnn::fit: early stopping (patience " + std::to_string(options.patience) +
                ") needs a validation set");
  if (options.batch_size == 0 || options.batch_size > trainer.max_batch())
    throw error("ctnn::fit: batch_size " + std::to_string(options.batch_size) +
                " must be between 1 and the trainer's max_batch " +
                std::to_string(trainer.max_batch()));
  // A sample of a sequence net is a whole sequence, trained with step_sequences.
  const std::size_t steps = detail::steps_per_sample<Net>(train);
  if (steps > trainer.max_steps())
    throw error("ctnn::fit: the training data's sequences have " + std::to_string(steps) +
                " time steps, more than the trainer's max_steps " +
                std::to_string(trainer.max_steps()));

  Net& net = trainer.net();
  data::Batches<X, Y> batches(train, options.batch_size);
  std::mt19937_64 engine(options.seed);
  // Without a stream, quiet: a Progress in Mode::quiet never writes to the stream it holds.
  Progress progress = options.progress_stream == nullptr
                          ? Progress(std::cerr, Progress::Mode::quiet)
                      : options.progress_mode
                          ? Progress(*options.progress_stream, *options.progress_mode)
                          : Progress(*options.progress_stream);
  const double initial_lr = static_cast<double>(trainer.optimizer().lr);
  std::vector<T> best_parameters;
  double best_validation_loss = std::numeric_limits<double>::infinity();
  std::size_t epochs_without_improvement = 0;
  History history;

  for (std::size_t epoch = 1; epoch <= options.epochs; ++epoch) {
    if (options.schedule)
      trainer.optimizer().lr = static_cast<decltype(trainer.optimizer().lr)>(options.schedule(epoch - 1, initial_lr));
    batches.shuffle(engine);
    progress.begin_epoch(epoch, options.epochs, batches.count());
    const auto start = clock::now();
    double loss_sum = 0;
    std::size_t seen = 0, seen_rows = 0, correct = 0;
    for (std::size_t k = 0; k < batches.count(); ++k) {
      const auto batch = [&] {
        if constexpr (Net::has_sequence_layers)
          return batches.gather(k);
        else
          return batches.gather_rows(k);
      }();
      T loss;
      try {
        if constexpr (Net::has_sequence_layers)
          loss = trainer.step_sequences(batch.features, batch.targets, steps);
        else
          loss = trainer.step(batch.feature_rows, batch.targets);
      } catch (const error& e) {  // e.g. a loss that overflowed: say where, and the rate
        throw error("ctnn::fit: at epoch " + std::to_string(epoch) + ", batch " +
                    std::to_string(k + 1) + " of " + std::to_string(batches.count()) +
                    " (learning rate " + std::to_string(trainer.optimizer().lr) + "): " +
                    e.what());
      }
      // The loss's rows: the samples', or the sequences' time steps (one after LastStep).
      const std::size_t rows = trainer.last_outputs().size() / Net::output_size;
      if constexpr (loss_type::is_classifier)
        correct += detail::count_correct<loss_type, Net::output_size>(
            trainer.last_outputs().data(), batch.targets, rows);
      loss_sum += static_cast<double>(loss) * static_cast<double>(batch.rows);
      seen += batch.rows;
      seen_rows += rows;
      const double elapsed = std::chrono::duration<double>(clock::now() - start).count();
      progress.update(k + 1, loss_sum / static_cast<double>(seen),
                      elapsed > 0 ? static_cast<double>(seen) / elapsed : 0.0);
    }

    EpochRecord record;
    record.epoch = epoch;
    record.train_loss = loss_sum / static_cast<double>(seen);
    if constexpr (loss_type::is_classifier)
      record.train_accuracy = static_cast<double>(correct) / static_cast<double>(seen_rows);
    record.learning_rate = static_cast<double>(trainer.optimizer().lr);
    record.seconds = std::chrono::duration<double>(clock::now() - start).count();
    if (validation != nullptr) {
      const Evaluation result = evaluate(net, *validation);
      record.validation_loss = result.loss;
      record.validation_accuracy = result.accuracy;
    }
    history.add(record);
    progress.end_epoch(record);

    if (options.patience > 0) {
      if (record.validation_loss < best_validation_loss) {
        best_validation_loss = record.validation_loss;
        best_parameters.assign(net.parameters().begin(), net.parameters().end());
        epochs_without_improvement = 0;
      } else if (++epochs_without_improvement >= options.patience) {
        break;
      }
    }
    if (options.on_epoch && !options.on_epoch(record)) break;
  }
  if (!best_parameters.empty())
    std::copy(best_parameters.begin(), best_parameters.end(), net.parameters().begin());
  return history;
}

}  // namespace detail

//! Trains `trainer`'s net on `train` for `options.epochs` epochs of shuffled mini-batches and
//! returns one record per epoch: mean training loss and (for classifiers) the running accuracy
//! over the epoch's batches, and the time taken.
//!
//! Throws ctnn::error, before training, when the data does not fit the net (feature count,
//! targets per sample, a label outside the classes, NaN or Inf anywhere), and during training
//! when the loss stops being finite, naming the epoch and the batch.
template <class Trainer, class X, class Y>
History fit(Trainer& trainer, const data::Dataset<X, Y>& train, const FitOptions& options = {}) {
  return detail::fit(trainer, train, static_cast<const data::Dataset<X, Y>*>(nullptr), options);
}

//! As above, and after each epoch evaluates the net on `validation` (loss and accuracy); with
//! `options.patience`, stops early and restores the parameters of the epoch with the lowest
//! validation loss.
template <class Trainer, class X, class Y>
History fit(Trainer& trainer, const data::Dataset<X, Y>& train,
            const data::Dataset<X, Y>& validation, const FitOptions& options = {}) {
  return detail::fit(trainer, train, &validation, options);
}

}  // namespace ctnn

#endif
