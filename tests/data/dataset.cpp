// Tests of ctnn/data/dataset.hpp: shapes, row views, and the checks run before training.

#include <ctnn/data/dataset.hpp>

#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

using ctnn::data::Dataset;

TEST_CASE("Dataset: rows are consecutive runs of feature_size features", "[data][dataset]") {
  // XOR: 4 samples of 2 features, one label each.
  const Dataset<float, std::uint8_t> xor_data({0, 0, 0, 1, 1, 0, 1, 1}, 2, {0, 1, 1, 0});
  REQUIRE(xor_data.size() == 4);
  REQUIRE(xor_data.feature_size() == 2);
  REQUIRE(xor_data.target_size() == 1);
  CHECK_FALSE(xor_data.empty());
  CHECK(xor_data.features().size() == 8);
  CHECK(xor_data.targets().size() == 4);
  CHECK(xor_data.features(2)[0] == 1.0F);
  CHECK(xor_data.features(2)[1] == 0.0F);
  CHECK(xor_data.features(3).size() == 2);
  CHECK(xor_data.targets(3)[0] == 0);
  CHECK(xor_data.targets(1)[0] == 1);
  CHECK_THROWS_AS(xor_data.features(4), std::out_of_range);
  CHECK_THROWS_AS(xor_data.targets(4), std::out_of_range);
}

TEST_CASE("Dataset: several regression targets a row", "[data][dataset]") {
  Dataset<float, float> data({1, 2, 3, 4, 5, 6}, 3, {10, 11, 20, 21}, 2);
  REQUIRE(data.size() == 2);
  CHECK(data.targets(1)[0] == 20.0F);
  CHECK(data.targets(1)[1] == 21.0F);
  data.features(1)[2] = 60;  // rows are writable views
  CHECK(data.features()[5] == 60.0F);
}

TEST_CASE("Dataset: the default is empty", "[data][dataset]") {
  const Dataset<> data;
  CHECK(data.empty());
  CHECK(data.size() == 0);
  CHECK(data.features().empty());
}

TEST_CASE("Dataset: the constructor checks the sizes", "[data][dataset]") {
  using D = Dataset<float, std::uint8_t>;
  REQUIRE_THROWS_AS(D({1, 2, 3}, 2, {0}), ctnn::error);
  REQUIRE_THROWS_WITH(D({1, 2, 3}, 2, {0}),
                      "ctnn::data::Dataset: 3 feature values do not divide into rows of 2 "
                      "features (expected a multiple of 2)");
  REQUIRE_THROWS_WITH(D({1, 2, 3, 4}, 2, {0, 1, 2}),
                      "ctnn::data::Dataset: the features hold 2 rows, so expected 2 x 1 = 2 "
                      "target values, found 3");
  REQUIRE_THROWS_WITH(D({1, 2}, 0, {0}), Catch::Contains("feature_size is 0"));
  REQUIRE_THROWS_WITH(D({1, 2}, 2, {0}, 0), Catch::Contains("target_size is 0"));
  CHECK_NOTHROW(D({}, 784, {}));  // no rows is a valid (empty) dataset
}

TEST_CASE("Dataset: a target count too large for std::size_t is refused", "[data][dataset]") {
  using D = Dataset<float, float>;
  static_assert(sizeof(std::size_t) == 8, "the numbers below are those of a 64-bit size_t");
  // 2 rows x 2^63 targets is 2^64, which wraps around to 0, the size of the empty targets.
  const std::size_t half_of_range = std::size_t{1} << 63;
  REQUIRE_THROWS_AS(D({1, 2}, 1, {}, half_of_range), ctnn::error);
  REQUIRE_THROWS_WITH(D({1, 2}, 1, {}, half_of_range),
                      "ctnn::data::Dataset: the features hold 2 rows, so expected 2 x "
                      "9223372036854775808 target values, more than a std::size_t can count (is "
                      "target_size right?)");
  // The largest target_size that does not overflow goes on to the count check.
  REQUIRE_THROWS_WITH(D({1, 2}, 1, {}, half_of_range - 1),
                      Catch::Contains("expected 2 x 9223372036854775807 = 18446744073709551614 "
                                      "target values, found 0"));
  CHECK_NOTHROW(D({}, 1, {}, std::numeric_limits<std::size_t>::max()));  // no rows, no targets
}

TEST_CASE("Dataset::check_finite names the row and the column of NaN and Inf",
          "[data][dataset]") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  CHECK_NOTHROW(Dataset<float, float>({1, 2, 3, 4}, 2, {0, 1}).check_finite());

  const Dataset<float, std::uint8_t> with_nan({1, 2, 3, 4, 5, nan}, 3, {0, 1});
  REQUIRE_THROWS_AS(with_nan.check_finite(), ctnn::error);
  REQUIRE_THROWS_WITH(with_nan.check_finite(),
                      "ctnn::data::Dataset::check_finite: feature row 1, column 2 (counted from "
                      "0) is NaN (expected a finite number)");

  const Dataset<float, float> with_inf({1, 2, 3, 4}, 2, {0, -inf});
  REQUIRE_THROWS_WITH(with_inf.check_finite("train.csv"),
                      "train.csv: target row 1, column 0 (counted from 0) is -Inf (expected a "
                      "finite number)");

  const Dataset<double, float> with_pos_inf({1, inf}, 1, {0, 0});
  REQUIRE_THROWS_WITH(with_pos_inf.check_finite(), Catch::Contains("feature row 1, column 0") &&
                                                       Catch::Contains("is +Inf"));
}

TEST_CASE("require_feature_size compares the data with the net's input size",
          "[data][dataset]") {
  const Dataset<float, std::uint8_t> data({1, 2, 3, 4, 5, 6}, 3, {0, 1});
  CHECK_NOTHROW(ctnn::data::require_feature_size(data, 3));
  REQUIRE_THROWS_AS(ctnn::data::require_feature_size(data, 784), ctnn::error);
  REQUIRE_THROWS_WITH(ctnn::data::require_feature_size(data, 784, "ctnn::fit"),
                      "ctnn::fit: expected 784 features per sample (the net's input_size), the "
                      "data has 3");
}

TEST_CASE("check_labels_below names the row, the label and the class count", "[data][dataset]") {
  const Dataset<float, std::uint8_t> data({0, 0, 0, 0}, 1, {0, 9, 10, 3});
  CHECK_NOTHROW(ctnn::data::check_labels_below(data, 11));
  REQUIRE_THROWS_AS(ctnn::data::check_labels_below(data, 10), ctnn::error);
  REQUIRE_THROWS_WITH(ctnn::data::check_labels_below(data, 10),
                      "ctnn::data::check_labels_below: row 2 (counted from 0) has label 10, "
                      "expected a label in 0..9 for 10 classes");
  // The first bad row is named: with 3 classes, row 1 (label 9) fails before row 2.
  REQUIRE_THROWS_WITH(ctnn::data::check_labels_below(data, 3),
                      Catch::Contains("row 1 (counted from 0) has label 9"));
  REQUIRE_THROWS_WITH(ctnn::data::check_labels_below(data, 0), Catch::Contains("class count is 0"));

  const Dataset<float, int> negative({0, 0}, 1, {1, -1});
  REQUIRE_THROWS_WITH(ctnn::data::check_labels_below(negative, 2),
                      Catch::Contains("row 1 (counted from 0) has label -1"));
}
