// Tests of ctnn/data/batches.hpp: the batch count, the last partial batch, seeded orders and the
// buffers that gather rows without allocating.

#include <ctnn/data/batches.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <stdexcept>
#include <type_traits>
#include <vector>

using ctnn::data::Batches;
using ctnn::data::Dataset;

namespace {

// n rows; row r has features {r, 100 + r} and label r, so every gathered value names its row.
Dataset<float, std::uint8_t> numbered_rows(std::size_t n) {
  std::vector<float> features;
  std::vector<std::uint8_t> labels;
  for (std::size_t r = 0; r < n; ++r) {
    features.push_back(static_cast<float>(r));
    features.push_back(static_cast<float>(100 + r));
    labels.push_back(static_cast<std::uint8_t>(r));
  }
  return {std::move(features), 2, std::move(labels)};
}

}  // namespace

TEST_CASE("Batches: count is ceil(n / batch_size) and the last batch keeps the rest",
          "[data][batches]") {
  const auto data = numbered_rows(10);
  Batches batches(data, 4);
  STATIC_REQUIRE(std::is_same_v<decltype(batches), Batches<float, std::uint8_t>>);
  REQUIRE(batches.count() == 3);  // 4 + 4 + 2
  CHECK(batches.batch_size() == 4);
  CHECK(batches.rows(0) == 4);
  CHECK(batches.rows(2) == 2);

  // Before any shuffle the order is the dataset's.
  const auto first = batches.gather(0);
  REQUIRE(first.rows == 4);
  CHECK(std::vector<float>(first.features.begin(), first.features.end()) ==
        std::vector<float>{0, 100, 1, 101, 2, 102, 3, 103});
  CHECK(std::vector<std::uint8_t>(first.targets.begin(), first.targets.end()) ==
        std::vector<std::uint8_t>{0, 1, 2, 3});

  const auto last = batches.gather(2);
  REQUIRE(last.rows == 2);
  CHECK(std::vector<float>(last.features.begin(), last.features.end()) ==
        std::vector<float>{8, 108, 9, 109});
  CHECK(std::vector<std::uint8_t>(last.targets.begin(), last.targets.end()) ==
        std::vector<std::uint8_t>{8, 9});

  REQUIRE_THROWS_AS(batches.gather(3), std::out_of_range);
}

TEST_CASE("Batches: exact multiples, one big batch, an empty dataset", "[data][batches]") {
  const auto eight = numbered_rows(8);
  CHECK(Batches(eight, 4).count() == 2);
  CHECK(Batches(eight, 1).count() == 8);
  CHECK(Batches(eight, 3).count() == 3);  // 3 + 3 + 2

  Batches one(eight, 32);
  REQUIRE(one.count() == 1);
  CHECK(one.gather(0).rows == 8);
  CHECK(one.gather(0).features.size() == 16);

  const Dataset<float, std::uint8_t> empty({}, 2, {});
  CHECK(Batches(empty, 4).count() == 0);

  REQUIRE_THROWS_WITH(Batches(eight, 0), Catch::Contains("ctnn::data::Batches: the batch size is 0"));
}

TEST_CASE("Batches::shuffle: a seeded order that keeps features and targets together",
          "[data][batches]") {
  const auto data = numbered_rows(10);
  Batches batches(data, 4);
  batches.shuffle(42);
  // The order for seed 42 is permutation(10, 42), pinned in tests/data/shuffle.cpp by an
  // independent implementation.
  const std::vector<std::size_t> expected = {1, 7, 9, 0, 3, 8, 4, 2, 5, 6};
  CHECK(std::vector<std::size_t>(batches.order().begin(), batches.order().end()) == expected);

  std::vector<int> seen(10, 0);
  for (std::size_t k = 0; k < batches.count(); ++k) {
    const auto batch = batches.gather(k);
    for (std::size_t r = 0; r < batch.rows; ++r) {
      const auto row = static_cast<std::size_t>(batch.features[2 * r]);
      CHECK(row == expected[k * 4 + r]);
      CHECK(batch.features[2 * r + 1] == static_cast<float>(100 + row));
      CHECK(std::size_t{batch.targets[r]} == row);
      ++seen[row];
    }
  }
  CHECK(seen == std::vector<int>(10, 1));  // every row exactly once

  // The order depends on the seed alone, not on earlier shuffles.
  batches.shuffle(7);
  batches.shuffle(42);
  CHECK(std::vector<std::size_t>(batches.order().begin(), batches.order().end()) == expected);
}

TEST_CASE("Batches::shuffle(engine): a new order each epoch, reproducible from the seed",
          "[data][batches]") {
  const auto data = numbered_rows(50);
  Batches a(data, 8);
  Batches b(data, 8);
  std::mt19937_64 engine_a(3);
  std::mt19937_64 engine_b(3);
  a.shuffle(engine_a);
  const std::vector<std::size_t> epoch1(a.order().begin(), a.order().end());
  a.shuffle(engine_a);
  const std::vector<std::size_t> epoch2(a.order().begin(), a.order().end());
  CHECK(epoch1 != epoch2);

  b.shuffle(engine_b);
  CHECK(std::vector<std::size_t>(b.order().begin(), b.order().end()) == epoch1);
  b.shuffle(engine_b);
  CHECK(std::vector<std::size_t>(b.order().begin(), b.order().end()) == epoch2);

  // shuffle(seed) is shuffle with a fresh mt19937_64(seed).
  std::mt19937_64 fresh(3);
  a.shuffle(fresh);
  b.shuffle(3);
  CHECK(std::vector<std::size_t>(a.order().begin(), a.order().end()) ==
        std::vector<std::size_t>(b.order().begin(), b.order().end()));
}

TEST_CASE("Batches::gather reuses one aligned buffer", "[data][batches]") {
  const auto data = numbered_rows(10);
  Batches batches(data, 4);
  const float* features = batches.gather(0).features.data();
  const std::uint8_t* targets = batches.gather(0).targets.data();
  batches.shuffle(1);
  for (std::size_t k = 0; k < batches.count(); ++k) {
    const auto batch = batches.gather(k);
    CHECK(batch.features.data() == features);
    CHECK(batch.targets.data() == targets);
  }
  CHECK(reinterpret_cast<std::uintptr_t>(features) % 64 == 0);
}

TEST_CASE("Batches: a temporary dataset is refused, a reshaped one is detected",
          "[data][batches]") {
  STATIC_REQUIRE_FALSE(std::is_constructible_v<Batches<float, std::uint8_t>,
                                               Dataset<float, std::uint8_t>&&, std::size_t>);
  STATIC_REQUIRE(std::is_constructible_v<Batches<float, std::uint8_t>,
                                         Dataset<float, std::uint8_t>&, std::size_t>);
  auto data = numbered_rows(10);
  Batches batches(data, 4);
  data = numbered_rows(6);
  REQUIRE_THROWS_WITH(batches.gather(0),
                      Catch::Contains("the dataset changed shape since the batches were made "
                                      "(expected 10 rows of 2 features and 1 targets, found 6 "
                                      "rows"));
}

TEST_CASE("Batches::gather_rows points at the rows that gather copies", "[data][batches]") {
  const auto data = numbered_rows(10);
  Batches copied(data, 4);
  Batches pointed(data, 4);
  copied.shuffle(5);
  pointed.shuffle(5);
  for (std::size_t k = 0; k < pointed.count(); ++k) {
    CAPTURE(k);
    const auto copy = copied.gather(k);
    const auto rows = pointed.gather_rows(k);
    REQUIRE(rows.rows == copy.rows);
    REQUIRE(rows.feature_rows.size() == copy.rows);
    for (std::size_t r = 0; r < rows.rows; ++r) {
      // Row i of the dataset starts at features()[2 i], and holds {i, 100 + i}.
      const std::size_t row = pointed.order()[k * 4 + r];
      CHECK(rows.feature_rows[r] == data.features().data() + 2 * row);
      CHECK(rows.feature_rows[r][0] == copy.features[2 * r]);
      CHECK(rows.feature_rows[r][1] == copy.features[2 * r + 1]);
      CHECK(rows.targets[r] == copy.targets[r]);
    }
  }
  REQUIRE_THROWS_WITH(pointed.gather_rows(3),
                      Catch::Contains("Batches::gather_rows: batch 3 is out of range (expected "
                                      "below count() = 3)"));
}
