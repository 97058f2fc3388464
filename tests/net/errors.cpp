// Bad input at run time gets a ctnn::error that says what was wrong and where.

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include <ctnn/core.hpp>
#include <ctnn/optim.hpp>
#include <ctnn/trainer.hpp>

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

TEST_CASE("a rejected step leaves the trainer as it was", "[errors][trainer]") {
  Classifier net;
  net.init(7);
  ctnn::Trainer<Classifier, ctnn::SGD> trainer(net, ctnn::SGD{.lr = 0.5f}, 2);
  trainer.set_fused_update(false);  // keeps a gradient to compare
  const std::vector<float> x{0.1f, -0.4f, 0.9f};
  // The logits the step reads are those of the net before the step's update.
  const std::array<float, 5> logits = net.forward(std::span<const float, 3>(x.data(), 3));
  trainer.step(x, std::vector<int>{2});
  REQUIRE(trainer.last_outputs().size() == 5);
  for (std::size_t k = 0; k < 5; ++k) CHECK(trainer.last_outputs()[k] == Approx(logits[k]));

  const std::vector<float> outputs(trainer.last_outputs().begin(), trainer.last_outputs().end());
  const std::vector<float> parameters(net.parameters().begin(), net.parameters().end());
  const std::vector<float> gradient(trainer.gradient().begin(), trainer.gradient().end());
  const auto unchanged = [&] {
    CHECK(std::vector<float>(trainer.last_outputs().begin(), trainer.last_outputs().end()) ==
          outputs);
    CHECK(std::vector<float>(net.parameters().begin(), net.parameters().end()) == parameters);
    CHECK(std::vector<float>(trainer.gradient().begin(), trainer.gradient().end()) == gradient);
  };

  trainer.set_fused_update(true);  // a rejected fused step must not drop the kept gradient
  const std::vector<float> three(9, 0.5f);
  CHECK_THROWS_WITH(trainer.step(three, std::vector<int>{0, 1, 2}),
                    Contains("batch of 3 samples is larger than the max_batch of 2"));
  unchanged();
  const std::vector<const float*> rows(3, x.data());
  CHECK_THROWS_WITH(trainer.step(std::span<const float* const>(rows), std::vector<int>{0, 1, 2}),
                    Contains("batch of 3 samples is larger than the max_batch of 2"));
  unchanged();
  CHECK_THROWS_WITH(trainer.step(std::vector<float>(5, 0.5f), std::vector<int>{0, 1}),
                    Contains("inputs span holds 5 values"));
  unchanged();
  CHECK_THROWS_WITH(trainer.step(std::vector<float>(6, 0.5f), std::vector<int>{0}),
                    Contains("1 targets for a batch of 2"));
  unchanged();
}

TEST_CASE("both step overloads refuse an empty batch with the same error", "[errors][trainer]") {
  Classifier net;
  ctnn::Trainer<Classifier, ctnn::SGD> trainer(net, {}, 2);
  const std::vector<int> no_labels;
  const std::string expected =
      "ctnn::Trainer::step: the batch is empty (expected 1 to 2 samples, the trainer's max_batch)";
  CHECK_THROWS_WITH(trainer.step(std::span<const float>(), no_labels), expected);
  CHECK_THROWS_WITH(trainer.step(std::span<const float* const>(), no_labels), expected);
  CHECK(trainer.last_outputs().empty());
  // Fewer values than one sample's is a batch that does not fit, not an empty one.
  CHECK_THROWS_WITH(trainer.step(std::vector<float>(2, 0.5f), std::vector<int>{0}),
                    Contains("inputs span holds 2 values") && Contains("needs 3"));
}
