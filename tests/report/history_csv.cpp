// Tests of include/ctnn/report/history_csv.hpp.

#include <ctnn/report/history_csv.hpp>

#include "report_test_support.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <limits>
#include <string>

namespace {

ctnn::History small_history() {
  ctnn::History history;
  history.add({.epoch = 1,
               .train_loss = 0.5,
               .train_accuracy = 0.75,
               .validation_loss = 0.625,
               .validation_accuracy = 0.7,
               .seconds = 1.25,
               .learning_rate = 0.1});
  // No validation in this epoch.
  history.add({.epoch = 2,
               .train_loss = 0.1,
               .train_accuracy = 0.875,
               .seconds = 1.5,
               .learning_rate = 0.01});
  // Regression-like: no accuracy, no learning rate.
  history.add({.epoch = 3, .train_loss = 1e-05, .seconds = 2});
  return history;
}
}  // namespace

TEST_CASE("history_csv writes a header and one line per epoch, NaN as empty cells",
          "[report][csv]") {
  CHECK(
      ctnn::history_csv(small_history()) ==
      "epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,seconds,learning_rate\n"
      "1,0.5,0.75,0.625,0.7,1.25,0.1\n"
      "2,0.1,0.875,,,1.5,0.01\n"
      "3,1e-05,,,,2,\n");
}

TEST_CASE("history_csv of an empty history is the header alone", "[report][csv]") {
  CHECK(ctnn::history_csv(ctnn::History{}) ==
        "epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,seconds,learning_"
        "rate\n");
}

TEST_CASE("history_csv writes numbers that read back exactly", "[report][csv]") {
  ctnn::History history;
  // 0.1 + 0.2 is the double just above 0.3; 1/3 needs 16 digits; 6 digits would lose both.
  history.add({.epoch = 1,
               .train_loss = 0.1 + 0.2,
               .train_accuracy = 1.0 / 3,
               .validation_loss = 123456789.125,
               .validation_accuracy = 2.5e-300,
               .seconds = 0.0,
               .learning_rate = -0.0});
  const std::string csv = ctnn::history_csv(history);
  CHECK(csv.substr(csv.find('\n') + 1) ==
        "1,0.30000000000000004,0.3333333333333333,123456789.125,2.5e-300,0,-0\n");
  // And the property itself, for a few awkward values: strtod gives back the same double.
  for (const double value : {0.1 + 0.2, 1.0 / 3, 2.0 / 3, 1e-7 / 3, 6.02214076e23 / 7}) {
    ctnn::History one;
    one.add({.epoch = 1, .train_loss = value});
    const std::string text = ctnn::history_csv(one);
    const std::size_t begin = text.find("\n1,") + 3;
    const std::string cell = text.substr(begin, text.find(',', begin) - begin);
    CHECK(std::strtod(cell.c_str(), nullptr) == value);
  }
}

TEST_CASE("write_history_csv writes the file, replacing an old one", "[report][csv]") {
  ctnn_test::temporary_directory dir;
  const auto path = dir.path() / "history.csv";
  ctnn_test::write_plain_file(path, "old\n");
  ctnn::write_history_csv(small_history(), path);
  CHECK(ctnn_test::read_whole_file(path) == ctnn::history_csv(small_history()));
  CHECK(dir.entries() == std::vector<std::string>{"history.csv"});
}

TEST_CASE("write_history_csv into a missing directory throws naming the path", "[report][csv]") {
  ctnn_test::temporary_directory dir;
  const auto path = dir.path() / "missing" / "history.csv";
  CHECK_THROWS_AS(ctnn::write_history_csv(small_history(), path), ctnn::error);
  CHECK_THROWS_WITH(ctnn::write_history_csv(small_history(), path),
                    Catch::Matchers::Contains(path.string()));
}
