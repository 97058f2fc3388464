// Tests of include/ctnn/report/history.hpp.

#include <ctnn/report/history.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

namespace {
constexpr double no_value = std::numeric_limits<double>::quiet_NaN();
}

TEST_CASE("EpochRecord leaves every measurement NaN until it is set", "[report][history]") {
  const ctnn::EpochRecord record{.epoch = 1, .train_loss = 0.5};
  CHECK(record.train_loss == 0.5);
  CHECK(std::isnan(record.train_accuracy));
  CHECK(std::isnan(record.validation_loss));
  CHECK(std::isnan(record.validation_accuracy));
  CHECK(std::isnan(record.seconds));
  CHECK(std::isnan(record.learning_rate));
}

TEST_CASE("History::best is the lowest validation loss, ties to the earlier epoch",
          "[report][history]") {
  ctnn::History history;
  CHECK(history.best_epoch == 0);
  history.add({.epoch = 1, .train_loss = 0.9, .validation_loss = 0.8});
  CHECK(history.best_epoch == 1);
  history.add({.epoch = 2, .train_loss = 0.5, .validation_loss = 0.4});
  history.add({.epoch = 3, .train_loss = 0.3, .validation_loss = no_value});  // skipped validation
  history.add({.epoch = 4, .train_loss = 0.2, .validation_loss = 0.4});       // a tie: 2 stays best
  history.add({.epoch = 5, .train_loss = 0.1, .validation_loss = 0.6});       // overfitting
  CHECK(history.best_epoch == 2);
  CHECK(history.best().epoch == 2);
  CHECK(history.last().epoch == 5);
  CHECK(history.size() == 5);
  CHECK(history.has_validation());
}

TEST_CASE("History::best falls back to the training loss without validation", "[report][history]") {
  ctnn::History history;
  history.add({.epoch = 1, .train_loss = 0.9});
  history.add({.epoch = 2, .train_loss = 0.3});
  history.add({.epoch = 3, .train_loss = no_value});  // diverged: NaN is never the best
  history.add({.epoch = 4, .train_loss = 0.35});
  CHECK_FALSE(history.has_validation());
  CHECK(history.best_epoch == 2);
  CHECK(history.best().train_loss == 0.3);
}

TEST_CASE("History::update_best follows records changed directly", "[report][history]") {
  ctnn::History history;
  history.epochs.push_back({.epoch = 7, .train_loss = 2.0});
  history.epochs.push_back({.epoch = 8, .train_loss = 1.0});
  CHECK(history.best_epoch == 0);
  history.update_best();
  CHECK(history.best_epoch == 8);
}

TEST_CASE("History::best and last throw on an empty history", "[report][history]") {
  const ctnn::History history;
  CHECK(history.empty());
  CHECK_THROWS_AS(history.best(), ctnn::error);
  CHECK_THROWS_WITH(history.last(), Catch::Matchers::Contains("empty"));
}
