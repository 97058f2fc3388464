#ifndef CTNN_REPORT_PROGRESS_HPP
#define CTNN_REPORT_PROGRESS_HPP

//! @file progress.hpp
//! What a person watching training sees: a live line while an epoch runs (on a terminal) and
//! one summary line per epoch.

#include <ctnn/report/format.hpp>
#include <ctnn/report/history.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <limits>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

#include <unistd.h>

namespace ctnn {

//! Training progress on a stream. `ctnn::fit` calls `begin_epoch`, then `update` after each
//! batch, then `end_epoch`:
//! ```
//! epoch 3/10 [#########.......] 412/938 loss 0.4312 12,345 samples/s ETA 3s    (redrawn)
//! epoch 3/10 train_loss=0.4312 train_acc=0.8512 val_loss=0.4500 val_acc=0.8400 time=1.23s
//! ```
//! - Mode::terminal redraws the first line in place with "\r", at most every
//!   `min_redraw_interval` (so `update` may be called after every batch at no real cost), and
//!   prints the second line when the epoch ends.
//! - Mode::plain (a file or a pipe) prints only the second line, so logs stay readable.
//! - Mode::quiet prints nothing.
//! Not thread-safe: call it from the training loop's thread.
class Progress {
public:
  //! How progress is shown; see the class comment.
  enum class Mode { terminal, plain, quiet };
  //! The clock every duration is measured with.
  using clock = std::chrono::steady_clock;
  //! Returns the current time; tests pass a fake one.
  using time_source = std::function<clock::time_point()>;

  //! The shortest time between two redraws of the live line: 10 per second at most.
  static constexpr clock::duration min_redraw_interval = std::chrono::milliseconds(100);
  //! Characters of the bar between "[" and "]".
  static constexpr std::size_t bar_width = 16;
  //! The live line is cut to this many characters, so that it never wraps on an 80-column
  //! terminal (a wrapped line cannot be redrawn with "\r").
  static constexpr std::size_t max_line_width = 79;

  //! Progress on `out` (std::cerr by default) in the mode `detect_mode(out)` picks.
  explicit Progress(std::ostream& out = std::cerr) : Progress(out, detect_mode(out)) {}

  //! Progress on `out` in `mode`, measuring time with `now`.
  Progress(
      std::ostream& out, Mode mode, time_source now = [] { return clock::now(); })
      : out_(&out), mode_(mode), now_(std::move(now)) {}

  //! Mode::terminal if `out` is std::cerr, std::clog or std::cout and that stream's file
  //! descriptor is a terminal (and TERM is not "dumb"), Mode::plain otherwise.
  static Mode detect_mode(const std::ostream& out) {
    int fd = -1;
    if (&out == &std::cerr || &out == &std::clog) {
      fd = ::fileno(stderr);
    } else if (&out == &std::cout) {
      fd = ::fileno(stdout);
    }
    if (fd < 0 || ::isatty(fd) == 0) {
      return Mode::plain;
    }
    const char* term = std::getenv("TERM");
    return term != nullptr && std::string_view(term) == "dumb" ? Mode::plain : Mode::terminal;
  }

  //! The mode this object prints in.
  Mode mode() const noexcept { return mode_; }

  //! Starts epoch `epoch` (from 1) of `epochs` (0 if unknown) made of `batch_count` batches
  //! (0 if unknown).
  void begin_epoch(std::size_t epoch, std::size_t epochs, std::size_t batch_count) {
    epoch_ = epoch;
    epochs_ = epochs;
    batch_count_ = batch_count;
    last_draw_.reset();
    if (mode_ == Mode::terminal) {
      start_ = now_();
    }
  }

  //! Reports that `batches_done` batches of the epoch are done, with the mean loss so far and
  //! the current speed (NaN or 0 if unknown). Redraws the live line in Mode::terminal if
  //! `min_redraw_interval` has passed since the last redraw; does nothing otherwise.
  void update(std::size_t batches_done, double running_loss, double samples_per_second) {
    if (mode_ != Mode::terminal) {
      return;
    }
    const clock::time_point now = now_();
    if (last_draw_ && now - *last_draw_ < min_redraw_interval) {
      return;
    }
    last_draw_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    draw(live_line(epoch_, epochs_, batches_done, batch_count_, running_loss, samples_per_second,
                   eta_seconds(batches_done, batch_count_, elapsed)));
  }

  //! Ends the epoch: clears the live line (Mode::terminal) and prints `epoch_line(record,
  //! epochs)` (Mode::terminal and Mode::plain).
  void end_epoch(const EpochRecord& record) {
    if (mode_ == Mode::quiet) {
      return;
    }
    if (drawn_width_ > 0) {
      *out_ << '\r' << std::string(drawn_width_, ' ') << '\r';
      drawn_width_ = 0;
    }
    *out_ << epoch_line(record, epochs_) << '\n' << std::flush;
  }

  //! The seconds left in an epoch of `total` batches with `done` done after `elapsed_seconds`,
  //! assuming the same speed: elapsed * (total - done) / done. 0 when done >= total; NaN when
  //! it cannot be known: nothing done or no time elapsed yet, or `total` is 0 (unknown).
  static double eta_seconds(std::size_t done, std::size_t total, double elapsed_seconds) {
    if (done == 0 || total == 0 || !(elapsed_seconds > 0)) {
      return std::numeric_limits<double>::quiet_NaN();
    }
    if (done >= total) {
      return 0;
    }
    return elapsed_seconds * static_cast<double>(total - done) / static_cast<double>(done);
  }

  //! The live line: `epoch 3/10 [#########.......] 412/938 loss 0.4312 12,345 samples/s
  //! ETA 3s`. Without `epochs` the epoch is shown alone, without `total` there is no bar and
  //! no ETA; a speed that is not positive (unknown) and an ETA that is not finite are left
  //! out. Cut to `max_line_width` characters.
  static std::string live_line(std::size_t epoch, std::size_t epochs, std::size_t done,
                               std::size_t total, double loss, double samples_per_second,
                               double eta) {
    std::string line = epoch_prefix(epoch, epochs);
    if (total > 0) {
      const std::size_t filled = std::min(done, total) * bar_width / total;
      line += " [" + std::string(filled, '#') + std::string(bar_width - filled, '.') + "] " +
              std::to_string(done) + "/" + std::to_string(total);
    } else {
      // Appended piece by piece here and below, not " " + ...: g++ 12 at -O3 warns falsely
      // (-Wrestrict, GCC bug 105651) about a literal plus a temporary string.
      line += ' ';
      line += std::to_string(done);
    }
    line += " loss ";
    line += detail::fixed_decimal(loss, 4);
    if (std::isfinite(samples_per_second) && samples_per_second > 0 && samples_per_second < 1e18) {
      line += ' ';
      line += detail::grouped_digits(static_cast<std::uint64_t>(std::llround(samples_per_second)));
      line += " samples/s";
    }
    if (total > 0 && std::isfinite(eta)) {
      line += " ETA " + detail::format_duration(eta);
    }
    if (line.size() > max_line_width) {
      line.resize(max_line_width);
    }
    return line;
  }

  //! The summary of an epoch: `epoch 3/10 train_loss=0.4312 train_acc=0.8512 val_loss=0.4500
  //! val_acc=0.8400 time=1.23s`; NaN fields are left out, and "/10" when `epochs` is 0.
  static std::string epoch_line(const EpochRecord& record, std::size_t epochs) {
    std::string line = epoch_prefix(record.epoch, epochs);
    const auto field = [&line](std::string_view name, double value, int decimals,
                               std::string_view unit = {}) {
      if (!std::isnan(value)) {
        line += ' ';
        line += name;
        line += '=';
        line += detail::fixed_decimal(value, decimals);
        line += unit;
      }
    };
    field("train_loss", record.train_loss, 4);
    field("train_acc", record.train_accuracy, 4);
    field("val_loss", record.validation_loss, 4);
    field("val_acc", record.validation_accuracy, 4);
    field("time", record.seconds, 2, "s");
    return line;
  }

private:
  static std::string epoch_prefix(std::size_t epoch, std::size_t epochs) {
    std::string prefix = "epoch ";
    prefix += std::to_string(epoch);
    if (epochs > 0) {
      prefix += '/';
      prefix += std::to_string(epochs);
    }
    return prefix;
  }

  // Replaces the live line by `line`, blanking what is left of a longer previous one.
  void draw(const std::string& line) {
    *out_ << '\r' << line;
    if (line.size() < drawn_width_) {
      *out_ << std::string(drawn_width_ - line.size(), ' ');
    }
    *out_ << std::flush;
    drawn_width_ = std::max(drawn_width_, line.size());
  }

  std::ostream* out_;
  Mode mode_;
  time_source now_;
  std::size_t epoch_ = 0, epochs_ = 0, batch_count_ = 0;
  clock::time_point start_{};
  std::optional<clock::time_point> last_draw_;
  std::size_t drawn_width_ = 0;  // the widest live line drawn since it was last cleared
};

}  // namespace ctnn

#endif
