// Tests of ctnn/data/standardize.hpp against statistics worked out by hand.

#include <ctnn/data/standardize.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

using ctnn::data::Dataset;
using ctnn::data::Standardizer;

namespace {

// Three features over 8 rows:
//   feature 0: 2 4 4 4 5 5 7 9  mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32, sd sqrt(32/8) = 2
//   feature 1: 3 3 3 3 3 3 3 3  constant: mean 3, sd 0
//   feature 2: 1 1 1 1 1 1 1 9  mean 2, squared deviations 7*1 + 49 = 56, sd sqrt(56/8) = sqrt(7)
Dataset<float, std::uint8_t> training_rows() {
  return {{2, 3, 1, 4, 3, 1, 4, 3, 1, 4, 3, 1, 5, 3, 1, 5, 3, 1, 7, 3, 1, 9, 3, 9},
          3,
          {0, 1, 0, 1, 0, 1, 0, 1}};
}

}  // namespace

TEST_CASE("Standardizer::fit computes the mean and the population standard deviation",
          "[data][standardize]") {
  Standardizer standardizer;
  CHECK_FALSE(standardizer.fitted());
  standardizer.fit(training_rows());
  REQUIRE(standardizer.fitted());
  REQUIRE(standardizer.feature_size() == 3);
  CHECK(standardizer.mean()[0] == Approx(5.0));
  CHECK(standardizer.mean()[1] == Approx(3.0));
  CHECK(standardizer.mean()[2] == Approx(2.0));
  CHECK(standardizer.standard_deviation()[0] == Approx(2.0));
  CHECK(standardizer.standard_deviation()[1] == 0.0);
  CHECK(standardizer.standard_deviation()[2] == Approx(std::sqrt(7.0)));
}

TEST_CASE("Standardizer::apply gives the training data mean 0 and sd 1 per feature",
          "[data][standardize]") {
  auto train = training_rows();
  Standardizer standardizer;
  standardizer.fit(train);
  standardizer.apply(train);
  // Feature 0 by hand: (x - 5) / 2.
  const std::vector<float> expected0 = {-1.5F, -0.5F, -0.5F, -0.5F, 0.0F, 0.0F, 1.0F, 2.0F};
  for (std::size_t i = 0; i < train.size(); ++i) {
    CHECK(train.features(i)[0] == Approx(expected0[i]));
    CHECK(train.features(i)[1] == 0.0F);  // a constant feature is only centered
  }
  CHECK(train.features(7)[2] == Approx(7.0 / std::sqrt(7.0)));  // (9 - 2) / sqrt(7)
  for (const std::size_t j : {0U, 2U}) {
    double sum = 0;
    double squares = 0;
    for (std::size_t i = 0; i < train.size(); ++i) {
      sum += train.features(i)[j];
      squares += double{train.features(i)[j]} * train.features(i)[j];
    }
    const double mean = sum / 8;
    CHECK(mean == Approx(0.0).margin(1e-6));
    CHECK(std::sqrt(squares / 8 - mean * mean) == Approx(1.0));
  }
  // The targets are untouched.
  CHECK(train.targets(1)[0] == 1);
}

TEST_CASE("Standardizer::apply uses the training statistics on the validation data",
          "[data][standardize]") {
  Standardizer standardizer;
  standardizer.fit(training_rows());
  Dataset<float, std::uint8_t> validation({7, 3, 2, 1, 10, 1}, 3, {0, 1});
  standardizer.apply(validation);
  // Row 0: (7 - 5) / 2 = 1, 3 - 3 = 0, (2 - 2) / sqrt(7) = 0.
  CHECK(validation.features(0)[0] == Approx(1.0));
  CHECK(validation.features(0)[1] == Approx(0.0));
  CHECK(validation.features(0)[2] == Approx(0.0));
  // Row 1: (1 - 5) / 2 = -2, 10 - 3 = 7 (centered, not divided by sd 0), (1 - 2) / sqrt(7).
  CHECK(validation.features(1)[0] == Approx(-2.0));
  CHECK(validation.features(1)[1] == Approx(7.0));
  CHECK(validation.features(1)[2] == Approx(-0.37796447));

  std::vector<float> sample = {9, 3, 9};  // one new sample as a raw row
  standardizer.apply(std::span<float>(sample), 3);
  CHECK(sample[0] == Approx(2.0));
  CHECK(sample[2] == Approx(std::sqrt(7.0)));
}

TEST_CASE("Standardizer: errors for unfitted use, other feature sizes, empty or NaN data",
          "[data][standardize]") {
  Standardizer standardizer;
  Dataset<float, std::uint8_t> two({1, 2}, 2, {0});
  REQUIRE_THROWS_WITH(standardizer.apply(two),
                      "ctnn::data::Standardizer::apply: not fitted (call fit on the training data "
                      "first)");
  standardizer.fit(training_rows());
  REQUIRE_THROWS_AS(standardizer.apply(two), ctnn::error);
  REQUIRE_THROWS_WITH(standardizer.apply(two),
                      "ctnn::data::Standardizer::apply: the standardizer was fitted on 3 features "
                      "per sample, the data has 2");
  std::vector<float> partial = {1, 2, 3, 4};
  REQUIRE_THROWS_WITH(standardizer.apply(std::span<float>(partial), 3),
                      Catch::Contains("4 values are not whole rows of 3 features"));

  REQUIRE_THROWS_WITH(standardizer.fit(Dataset<float, std::uint8_t>({}, 3, {})),
                      Catch::Contains("the dataset is empty"));
  const float nan = std::numeric_limits<float>::quiet_NaN();
  REQUIRE_THROWS_WITH(standardizer.fit(Dataset<float, std::uint8_t>({1, nan}, 1, {0, 0})),
                      "ctnn::data::Standardizer::fit: feature row 1, column 0 (counted from 0) is "
                      "NaN (expected a finite number)");
}
