// Tests of ctnn/data/one_hot.hpp.

#include <ctnn/data/one_hot.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <span>
#include <vector>

TEST_CASE("one_hot puts a 1 at each label's column", "[data][one_hot]") {
  const std::vector<std::uint8_t> labels = {2, 0, 1};
  CHECK(ctnn::data::one_hot(std::span<const std::uint8_t>(labels), 3) ==
        std::vector<float>{0, 0, 1,  //
                           1, 0, 0,  //
                           0, 1, 0});
  CHECK(ctnn::data::one_hot(std::vector<int>{0}, 1) == std::vector<float>{1});
  CHECK(ctnn::data::one_hot(std::vector<int>{}, 4).empty());

  ctnn::data::Dataset<float, std::uint8_t> data({0, 0}, 1, {1, 3});
  const auto& const_data = data;
  const std::vector<float> expected = {0, 1, 0, 0, 0, 0, 0, 1};
  CHECK(ctnn::data::one_hot(data.targets(), 4) == expected);
  CHECK(ctnn::data::one_hot(const_data.targets(), 4) == expected);
}

TEST_CASE("one_hot_into overwrites a reused buffer", "[data][one_hot]") {
  std::vector<float> out(6, 7.0F);
  ctnn::data::one_hot_into(std::vector<short>{1, 2}, 3, std::span<float>(out));
  CHECK(out == std::vector<float>{0, 1, 0, 0, 0, 1});

  std::vector<float> wrong(5);
  REQUIRE_THROWS_WITH(ctnn::data::one_hot_into(std::vector<short>{1, 2}, 3, std::span<float>(wrong)),
                      "ctnn::data::one_hot: the output holds 5 values (expected 2 labels x 3 "
                      "classes = 6)");
}

TEST_CASE("one_hot: a label outside 0..classes-1 names the label and its index",
          "[data][one_hot]") {
  REQUIRE_THROWS_AS(ctnn::data::one_hot(std::vector<int>{0, 3}, 3), ctnn::error);
  REQUIRE_THROWS_WITH(ctnn::data::one_hot(std::vector<int>{0, 3}, 3),
                      "ctnn::data::one_hot: label 3 at index 1 is out of range (expected a label "
                      "in 0..2 for 3 classes)");
  REQUIRE_THROWS_WITH(ctnn::data::one_hot(std::vector<int>{-1}, 3),
                      Catch::Contains("label -1 at index 0 is out of range"));
  REQUIRE_THROWS_WITH(ctnn::data::one_hot(std::vector<std::uint8_t>{200}, 10),
                      Catch::Contains("label 200 at index 0"));
  REQUIRE_THROWS_WITH(ctnn::data::one_hot(std::vector<int>{0}, 0),
                      Catch::Contains("the class count is 0"));
}
