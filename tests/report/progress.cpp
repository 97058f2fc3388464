// Tests of include/ctnn/report/progress.hpp, with a fake clock.

#include <ctnn/report/progress.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <limits>
#include <sstream>
#include <string>

using ctnn::Progress;
using namespace std::chrono_literals;

namespace {
constexpr double no_value = std::numeric_limits<double>::quiet_NaN();

// A clock that only moves when the test says so.
struct fake_clock {
  Progress::clock::time_point now{};
  Progress::time_source source() {
    return [this] { return now; };
  }
};

const ctnn::EpochRecord epoch3{.epoch = 3,
                               .train_loss = 0.43124,
                               .train_accuracy = 0.8512,
                               .validation_loss = 0.45,
                               .validation_accuracy = 0.84,
                               .seconds = 1.234};
}  // namespace

TEST_CASE("Progress in plain mode prints one line per epoch and nothing during it",
          "[report][progress]") {
  std::ostringstream out;
  fake_clock clock;
  Progress progress(out, Progress::Mode::plain, clock.source());
  progress.begin_epoch(3, 10, 938);
  for (std::size_t batch = 1; batch <= 938; ++batch) {
    clock.now += 1s;
    progress.update(batch, 0.5, 12345);
  }
  CHECK(out.str().empty());
  progress.end_epoch(epoch3);
  // A regression epoch without validation: the NaN fields are left out.
  progress.begin_epoch(4, 10, 938);
  progress.end_epoch({.epoch = 4, .train_loss = 1.5, .seconds = 0.5});
  CHECK(out.str() ==
        "epoch 3/10 train_loss=0.4312 train_acc=0.8512 val_loss=0.4500 val_acc=0.8400 time=1.23s\n"
        "epoch 4/10 train_loss=1.5000 time=0.50s\n");
}

TEST_CASE("Progress in terminal mode redraws one line, at most every 100 ms",
          "[report][progress]") {
  std::ostringstream out;
  fake_clock clock;
  Progress progress(out, Progress::Mode::terminal, clock.source());
  progress.begin_epoch(1, 2, 10);
  clock.now += 1000ms;
  progress.update(1, 0.9, 1000);  // the first update draws
  const std::string first = "epoch 1/2 [#...............] 1/10 loss 0.9000 1,000 samples/s ETA 9s";
  CHECK(out.str() == "\r" + first);
  clock.now += 50ms;
  progress.update(2, 0.8, 1000);  // 50 ms after the last draw: skipped
  clock.now += 49ms;
  progress.update(3, 0.7, 1000);  // 99 ms: skipped
  CHECK(out.str() == "\r" + first);
  clock.now += 1ms;
  progress.update(5, 0.5, 12345.4);  // 100 ms: drawn; 1.1 s for 5 of 10 batches leaves 1.1 s
  const std::string second =
      "epoch 1/2 [########........] 5/10 loss 0.5000 12,345 samples/s ETA 1s";
  CHECK(second.size() == 69);
  clock.now += 200ms;
  progress.update(10, 0.25, no_value);  // no speed known; a shorter line blanks the rest
  const std::string third = "epoch 1/2 [################] 10/10 loss 0.2500 ETA 0s";
  CHECK(third.size() == 53);
  progress.end_epoch({.epoch = 1, .train_loss = 0.25, .seconds = 1.3});
  CHECK(out.str() == "\r" + first + "\r" + second + "\r" + third + std::string(16, ' ') + "\r" +
                         std::string(69, ' ') + "\r" + "epoch 1/2 train_loss=0.2500 time=1.30s\n");
}

TEST_CASE("Progress in terminal mode draws at most 10 times per second of updates",
          "[report][progress]") {
  std::ostringstream out;
  fake_clock clock;
  Progress progress(out, Progress::Mode::terminal, clock.source());
  progress.begin_epoch(1, 1, 10000);
  for (std::size_t batch = 1; batch <= 10000; ++batch) {  // 10,000 batches of 1 ms each
    clock.now += 1ms;
    progress.update(batch, 0.5, 64000);
  }
  std::size_t redraws = 0;
  for (const char c : out.str()) {
    redraws += c == '\r' ? 1 : 0;
  }
  CHECK(redraws == 100);  // at t = 1, 101, 201, ..., 9901 ms
}

TEST_CASE("Progress in quiet mode prints nothing", "[report][progress]") {
  std::ostringstream out;
  fake_clock clock;
  Progress progress(out, Progress::Mode::quiet, clock.source());
  progress.begin_epoch(1, 1, 10);
  for (std::size_t batch = 1; batch <= 10; ++batch) {
    clock.now += 1s;
    progress.update(batch, 0.5, 100);
  }
  progress.end_epoch(epoch3);
  CHECK(out.str().empty());
}

TEST_CASE("Progress picks plain mode for a stream that is not a terminal", "[report][progress]") {
  std::ostringstream out;
  CHECK(Progress::detect_mode(out) == Progress::Mode::plain);
  CHECK(Progress(out).mode() == Progress::Mode::plain);
}

TEST_CASE("Progress::eta_seconds assumes the speed so far", "[report][progress]") {
  CHECK(Progress::eta_seconds(250, 1000, 25.0) == 75.0);
  CHECK(ctnn::detail::format_duration(Progress::eta_seconds(250, 1000, 25.0)) == "1m15s");
  CHECK(Progress::eta_seconds(412, 938, 10.0) == Approx(10.0 * 526 / 412));
  CHECK(Progress::eta_seconds(938, 938, 10.0) == 0.0);
  CHECK(std::isnan(Progress::eta_seconds(0, 938, 10.0)));  // nothing done yet
  CHECK(std::isnan(Progress::eta_seconds(5, 938, 0.0)));   // no time has passed
  CHECK(std::isnan(Progress::eta_seconds(5, 0, 10.0)));    // unknown batch count
}

TEST_CASE("Progress lines without known totals, and cut to 79 characters", "[report][progress]") {
  CHECK(Progress::epoch_line({.epoch = 7, .train_loss = 0.1}, 0) == "epoch 7 train_loss=0.1000");
  CHECK(Progress::live_line(2, 0, 17, 0, 0.25, no_value, 3.0) == "epoch 2 17 loss 0.2500");
  CHECK(Progress::live_line(2, 5, 1, 4, 0.25, 0.0, no_value) ==
        "epoch 2/5 [####............] 1/4 loss 0.2500");  // 0 samples/s means unknown
  const std::string wide =
      Progress::live_line(100000, 100000, 123456, 654321, 123456.789, 98765432.1, 7200);
  CHECK(wide.size() == 79);
  CHECK(wide.substr(0, 33) == "epoch 100000/100000 [###.........");
}
