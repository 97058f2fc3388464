// Bad input at run time gets a ctnn::error that says what was wrong and where.

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include <ctnn/ctnn.hpp>

using ctnn::Dense;
using Catch::Contains;

namespace {
using Classifier = ctnn::Net<Dense<3, 4, ctnn::Tanh>, Dense<4, 5>, ctnn::SoftmaxCE>;
}

TEST_CASE("input and output spans must fit the batch", "[errors]") {
  const Classifier net;
  std::vector<float> inputs(7);
  std::vector<float> outputs(10);
  REQUIRE_THROWS_AS(net.forward(inputs, outputs, 2), ctnn::error);
  REQUIRE_THROWS_WITH(net.forward(inputs, outputs, 2),
                      Contains("inputs span holds 7 values") && Contains("needs 6"));
  inputs.resize(6);
  outputs.resize(9);
  REQUIRE_THROWS_WITH(net.forward(inputs, outputs, 2),
                      Contains("outputs span holds 9 values") && Contains("needs 10"));
  REQUIRE_THROWS_WITH(net.forward(inputs, outputs, 0), Contains("batch is empty"));
}

TEST_CASE("targets must fit the batch and the loss", "[errors]") {
  const Classifier net;
  const std::vector<float> inputs(6, 0.5f);
  REQUIRE_THROWS_WITH(net.loss(inputs, std::vector<int>{1, 2, 3}, 2),
                      Contains("3 targets for a batch of 2") && Contains("class indices"));
  REQUIRE_THROWS_WITH(net.loss(inputs, std::vector<int>{1, 5}, 2),
                      Contains("SoftmaxCE") && Contains("target 5") && Contains("sample 1") &&
                          Contains("[0, 5)"));
  REQUIRE_THROWS_WITH(net.loss(inputs, std::vector<int>{-1, 0}, 2),
                      Contains("target -1") && Contains("sample 0"));

  const ctnn::Net<Dense<3, 1, ctnn::Sigmoid>, ctnn::BCE> binary;
  REQUIRE_THROWS_WITH(binary.loss(inputs, std::vector<float>{0, 2}, 2),
                      Contains("BCE") && Contains("sample 1") && Contains("probability"));
  const ctnn::Net<Dense<3, 1>, ctnn::Logistic> logistic;
  REQUIRE_THROWS_WITH(logistic.loss(inputs, std::vector<float>{1, 0}, 2),
                      Contains("Logistic") && Contains("sample 1") && Contains("-1 or +1"));
  const ctnn::Net<Dense<3, 2>, ctnn::MSE> regression;
  REQUIRE_THROWS_WITH(
      regression.loss(inputs, std::vector<float>{0, 1, std::numeric_limits<float>::quiet_NaN(), 0}, 2),
      Contains("MSE") && Contains("sample 1") && Contains("finite"));
  REQUIRE_THROWS_WITH(regression.loss(inputs, std::vector<float>{0, 1, 2}, 2),
                      Contains("3 targets for a batch of 2") && Contains("expected 4"));
}

TEST_CASE("a trainer takes batches up to max_batch", "[errors]") {
  Classifier net;
  ctnn::Trainer<Classifier, ctnn::SGD> trainer(net, {}, 2);
  const std::vector<float> inputs(9, 0.5f);
  REQUIRE_THROWS_WITH(trainer.step(inputs, std::vector<int>{0, 1, 2}),
                      Contains("batch of 3 samples is larger than the max_batch of 2"));
  using ClassifierTrainer = ctnn::Trainer<Classifier, ctnn::SGD>;
  REQUIRE_THROWS_WITH(ClassifierTrainer(net, {}, 0), Contains("max_batch must be at least 1"));
  const std::vector<float> ragged(7, 0.5f);
  REQUIRE_THROWS_WITH(trainer.step(ragged, std::vector<int>{0, 1}), Contains("inputs span holds 7"));
}
