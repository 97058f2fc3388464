// Tests of ctnn/data/split.hpp: sizes, disjoint parts that cover the data, seeded choice.

#include <ctnn/data/split.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

using ctnn::data::Dataset;

namespace {

// n rows; row r has the single feature r and the target 1000 + r.
Dataset<float, int> numbered_rows(std::size_t n) {
  std::vector<float> features;
  std::vector<int> targets;
  for (std::size_t r = 0; r < n; ++r) {
    features.push_back(static_cast<float>(r));
    targets.push_back(1000 + static_cast<int>(r));
  }
  return {std::move(features), 1, std::move(targets)};
}

std::vector<int> rows_of(const Dataset<float, int>& part) {
  std::vector<int> rows;
  for (std::size_t i = 0; i < part.size(); ++i) {
    const int row = static_cast<int>(part.features(i)[0]);
    CHECK(part.targets(i)[0] == 1000 + row);  // the target stays with its features
    rows.push_back(row);
  }
  return rows;
}

}  // namespace

TEST_CASE("split: the validation rows are the first of permutation(n, seed), in file order",
          "[data][split]") {
  const auto data = numbered_rows(10);
  const auto [train, validation] = ctnn::data::split(data, 0.3, 42);
  // permutation(10, 42) = 1 7 9 0 3 8 4 2 5 6 (pinned in tests/data/shuffle.cpp): round(0.3 * 10)
  // = 3 rows {1, 7, 9} are held out.
  CHECK(rows_of(validation) == std::vector<int>{1, 7, 9});
  CHECK(rows_of(train) == std::vector<int>{0, 2, 3, 4, 5, 6, 8});
}

TEST_CASE("split: sizes, disjoint parts covering every row, the same for a seed",
          "[data][split]") {
  const auto data = numbered_rows(101);
  const auto parts = ctnn::data::split(data, 0.2, 7);
  CHECK(parts.validation.size() == 20);  // round(20.2)
  CHECK(parts.train.size() == 81);
  CHECK(parts.train.feature_size() == 1);

  std::vector<int> all = rows_of(parts.train);
  const std::vector<int> held_out = rows_of(parts.validation);
  all.insert(all.end(), held_out.begin(), held_out.end());
  std::sort(all.begin(), all.end());
  CHECK(std::adjacent_find(all.begin(), all.end()) == all.end());  // no row in both parts
  REQUIRE(all.size() == 101);
  CHECK(all.front() == 0);
  CHECK(all.back() == 100);

  CHECK(rows_of(ctnn::data::split(data, 0.2, 7).validation) == held_out);
  CHECK(rows_of(ctnn::data::split(data, 0.2, 8).validation) != held_out);

  CHECK(ctnn::data::split(numbered_rows(7), 0.5, 1).validation.size() == 4);  // 3.5 rounds up
  CHECK(ctnn::data::split(numbered_rows(2), 0.5, 1).validation.size() == 1);
}

TEST_CASE("split: a fraction that leaves a part empty is an error", "[data][split]") {
  const auto data = numbered_rows(20);
  REQUIRE_THROWS_AS(ctnn::data::split(data, 0.01, 1), ctnn::error);
  REQUIRE_THROWS_WITH(ctnn::data::split(data, 0.01, 1),
                      "ctnn::data::split: validation_fraction 0.01 of 20 rows leaves the "
                      "validation part empty (expected at least 1 row in each part, found 20 for "
                      "training and 0 for validation)");
  REQUIRE_THROWS_WITH(ctnn::data::split(data, 0.99, 1),
                      Catch::Contains("leaves the training part empty") &&
                          Catch::Contains("found 0 for training and 20 for validation"));
  for (const double bad : {0.0, 1.0, -0.5, 1.5, std::numeric_limits<double>::quiet_NaN()}) {
    INFO("validation_fraction " << bad);
    REQUIRE_THROWS_WITH(ctnn::data::split(data, bad, 1),
                        Catch::Contains("(expected a fraction strictly between 0 and 1)"));
  }
  REQUIRE_THROWS_WITH(ctnn::data::split(numbered_rows(1), 0.5, 1), Catch::Contains("empty"));
}

TEST_CASE("subset: chosen rows in the given order; out of range is an error", "[data][split]") {
  const auto data = numbered_rows(5);
  const std::vector<std::size_t> rows = {4, 0, 4};
  const auto picked = ctnn::data::subset(data, std::span<const std::size_t>(rows));
  CHECK(rows_of(picked) == std::vector<int>{4, 0, 4});

  const std::vector<std::size_t> bad = {1, 5};
  REQUIRE_THROWS_WITH(ctnn::data::subset(data, std::span<const std::size_t>(bad)),
                      "ctnn::data::subset: row number 5 at position 1 is out of range (expected "
                      "below 5, the dataset's size)");
}
