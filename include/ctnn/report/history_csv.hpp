#ifndef CTNN_REPORT_HISTORY_CSV_HPP
#define CTNN_REPORT_HISTORY_CSV_HPP

//! @file history_csv.hpp
//! A training history as CSV, for spreadsheets, pandas or gnuplot.

#include <ctnn/io/atomic_write.hpp>
#include <ctnn/report/format.hpp>
#include <ctnn/report/history.hpp>

#include <cmath>
#include <filesystem>
#include <string>

namespace ctnn {

//! The CSV text of `history`: the header line
//! `epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,seconds,learning_rate`,
//! then one line per epoch. Numbers are written in the shortest form that reads back as the
//! same double ("0.1", "1e-05"); NaN is an empty cell, infinities are "inf" and "-inf" (as
//! strtod and std::from_chars read them). Lines end in "\n".
inline std::string history_csv(const History& history) {
  std::string out =
      "epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,seconds,"
      "learning_rate\n";
  const auto cell = [&out](double value) {
    out += ',';
    if (!std::isnan(value)) {
      out += detail::shortest_decimal(value);
    }
  };
  for (const EpochRecord& r : history.epochs) {
    out += std::to_string(r.epoch);
    cell(r.train_loss);
    cell(r.train_accuracy);
    cell(r.validation_loss);
    cell(r.validation_accuracy);
    cell(r.seconds);
    cell(r.learning_rate);
    out += '\n';
  }
  return out;
}

//! Writes `history_csv(history)` to `path`, replacing the file atomically: if writing fails,
//! a previous file at `path` is left as it was. Throws `ctnn::error` naming the path and the
//! reason.
//!
//! Example: `ctnn::write_history_csv(ctnn::fit(trainer, train, options), "history.csv");`
inline void write_history_csv(const History& history, const std::filesystem::path& path) {
  detail::write_file_atomically(path, history_csv(history));
}

}  // namespace ctnn

#endif
