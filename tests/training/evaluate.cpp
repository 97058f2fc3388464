// ctnn::evaluate on nets whose outputs are known by hand.

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include <ctnn/core.hpp>
#include <ctnn/data.hpp>
#include <ctnn/evaluate.hpp>
#include <ctnn/fit.hpp>
#include <ctnn/schedules.hpp>

using ctnn::Dense;

TEST_CASE("classification: accuracy and confusion matrix", "[evaluate]") {
  // Logits = (x, -x, 0): class 0 for x > 0, class 1 for x < 0.
  const ctnn::Net<Dense<1, 3>, ctnn::SoftmaxCE> net({1, -1, 0, 0, 0, 0});
  const ctnn::data::Dataset<float, std::uint8_t> data({2, -1, 3, -2, 1}, 1, {0, 1, 1, 2, 0}, 1);
  const auto result = ctnn::evaluate(net, data, 2);  // chunks of 2, 2 and 1 samples
  REQUIRE(result.classes == 3);
  // true 0 -> predicted 0 twice; true 1: x=-1 -> 1, x=3 -> 0; true 2: x=-2 -> 1.
  const std::vector<std::size_t> expected{2, 0, 0, /**/ 1, 1, 0, /**/ 0, 1, 0};
  CHECK(result.confusion == expected);
  CHECK(result.accuracy == Approx(3.0 / 5));
  CHECK(result.loss == Approx(net.loss(data.features(), data.targets(), 5)));
  CHECK(std::isnan(result.mse));
}

TEST_CASE("binary nets count classes 0 and 1", "[evaluate]") {
  const ctnn::Net<Dense<1, 1>, ctnn::Logistic> logistic({1, 0});  // f = x
  const ctnn::data::Dataset<float, float> signs({1, -2, 3, 0.5f}, 1, {1, -1, -1, 1}, 1);
  const auto result = ctnn::evaluate(logistic, signs);
  REQUIRE(result.classes == 2);
  CHECK(result.confusion == std::vector<std::size_t>{1, 1, 0, 2});  // true -1 (class 0): x=-2 -> 0, x=3 -> 1
  CHECK(result.accuracy == Approx(0.75));
}

TEST_CASE("regression: mean squared and absolute error over all outputs", "[evaluate]") {
  const ctnn::Net<Dense<1, 2>, ctnn::MSE> net({2, -1, 1, 0});  // (2x + 1, -x)
  const ctnn::data::Dataset<float, float> data({1, 2}, 1, {3, 0, 4, -2}, 2);
  // outputs (3, -1) and (5, -2); errors 0, -1, 1, 0
  const auto result = ctnn::evaluate(net, data);
  CHECK(result.mse == Approx(0.5));
  CHECK(result.mae == Approx(0.5));
  CHECK(result.loss == Approx(0.5));
  CHECK(std::isnan(result.accuracy));
  CHECK(result.confusion.empty());
}

TEST_CASE("a chunk size of 0 is refused as such", "[evaluate][errors]") {
  const ctnn::Net<Dense<1, 2>, ctnn::MSE> net({2, -1, 1, 0});
  const ctnn::data::Dataset<float, float> data({1, 2}, 1, {3, 0, 4, -2}, 2);
  CHECK_THROWS_AS(ctnn::evaluate(net, data, 0), ctnn::error);
  CHECK_THROWS_WITH(ctnn::evaluate(net, data, 0),
                    "ctnn::evaluate: the chunk size is 0; it must be at least 1 (samples per "
                    "chunk)");
  CHECK(ctnn::evaluate(net, data, 1).mse == Approx(0.5));  // as in chunks of 256, above
}
