// fit and evaluate with a net of sequence layers: a sample of the Dataset is a whole sequence
// (its time steps' features one after another), its targets every step's or, after LastStep,
// the sequence's. evaluate is checked against the loss and classes worked out through `step`.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include <ctnn/core.hpp>
#include <ctnn/data.hpp>
#include <ctnn/evaluate.hpp>
#include <ctnn/fit.hpp>
#include <ctnn/optim.hpp>
#include <ctnn/trainer.hpp>

namespace {

constexpr std::size_t steps = 20;

// 48 sequences; targets y_t = tanh(2 x_(t−1)), which needs the step before.
ctnn::data::Dataset<float, float> delayed_copies() {
  std::vector<float> x(48 * steps), y(48 * steps);
  for (std::size_t s = 0; s < 48; ++s)
    for (std::size_t t = 0; t < steps; ++t) {
      x[s * steps + t] = std::sin(0.3f * static_cast<float>((s % 7 + 1) * t) + 0.1f * s);
      y[s * steps + t] = t == 0 ? 0.0f : std::tanh(2 * x[s * steps + t - 1]);
    }
  return {x, steps, y, steps};
}

// 60 sequences of one of three frequencies, the class.
ctnn::data::Dataset<float, int> three_tones() {
  std::vector<float> x(60 * steps);
  std::vector<int> labels(60);
  for (std::size_t s = 0; s < 60; ++s) {
    labels[s] = static_cast<int>(s % 3);
    for (std::size_t t = 0; t < steps; ++t)
      x[s * steps + t] = std::sin((0.2f + 0.5f * labels[s]) * static_cast<float>(t) + 0.3f * s);
  }
  return {x, steps, labels, 1};
}

}  // namespace

TEST_CASE("fit trains a sequence net on per-step targets; evaluate agrees with step",
          "[sequence][fit]") {
  using Net = ctnn::Net<ctnn::GRU<1, 8>, ctnn::Dense<8, 1>, ctnn::MSE>;
  const auto data = delayed_copies();
  Net net;
  ctnn::Trainer<Net, ctnn::Adam> trainer(net, ctnn::Adam{.lr = 0.02f}, ctnn::Sequences{8, steps});
  ctnn::FitOptions options;
  options.epochs = 40;
  options.batch_size = 8;
  options.progress_stream = nullptr;
  const ctnn::History history = ctnn::fit(trainer, data, options);
  INFO("training loss " << history.epochs.front().train_loss << " -> "
                        << history.last().train_loss);
  CHECK(history.last().train_loss < history.epochs.front().train_loss / 5);

  // The mean squared error over every step of every sequence, through step.
  double squared = 0;
  for (std::size_t s = 0; s < data.size(); ++s) {
    auto state = net.make_state();
    for (std::size_t t = 0; t < steps; ++t) {
      const float y = net.step(std::array{data.features()[s * steps + t]}, state)[0];
      squared += std::pow(static_cast<double>(y) - data.targets()[s * steps + t], 2);
    }
  }
  const ctnn::Evaluation result = ctnn::evaluate(net, data, 5);
  CHECK(result.loss == Approx(squared / (data.size() * steps)).epsilon(1e-5));
  CHECK(result.mse == Approx(result.loss).epsilon(1e-6));
}

TEST_CASE("fit classifies whole sequences through LastStep", "[sequence][fit]") {
  using Net = ctnn::Net<ctnn::GRU<1, 10>, ctnn::LastStep, ctnn::Dense<10, 3>, ctnn::SoftmaxCE>;
  const auto data = three_tones();
  Net net;
  ctnn::Trainer<Net, ctnn::Adam> trainer(net, ctnn::Adam{.lr = 0.02f}, ctnn::Sequences{10, steps});
  ctnn::FitOptions options;
  options.epochs = 60;
  options.batch_size = 10;
  options.progress_stream = nullptr;
  const ctnn::History history = ctnn::fit(trainer, data, data, options);
  CHECK(history.last().train_accuracy > 0.9);

  std::size_t correct = 0;
  std::vector<float> logits(3);
  for (std::size_t s = 0; s < data.size(); ++s) {
    net.forward_sequence(data.features().subspan(s * steps, steps), steps, logits);
    const auto predicted = std::max_element(logits.begin(), logits.end()) - logits.begin();
    correct += predicted == data.targets()[s] ? 1 : 0;
  }
  const ctnn::Evaluation result = ctnn::evaluate(net, data);
  CHECK(result.accuracy == Approx(static_cast<double>(correct) / data.size()));
  CHECK(history.last().validation_accuracy == result.accuracy);
  CHECK(result.accuracy > 0.9);
}

TEST_CASE("fit and evaluate name what does not fit a sequence net", "[sequence][fit]") {
  using Net = ctnn::Net<ctnn::GRU<2, 4>, ctnn::Dense<4, 1>, ctnn::MSE>;
  Net net;
  ctnn::Trainer<Net, ctnn::SGD> trainer(net, ctnn::SGD{}, ctnn::Sequences{4, 10});
  ctnn::FitOptions options;
  options.batch_size = 4;
  options.progress_stream = nullptr;
  const std::vector<float> x(4 * 7), y(4 * 3);
  CHECK_THROWS_WITH(ctnn::evaluate(net, ctnn::data::Dataset<float, float>(x, 7, y, 3)),
                    "ctnn::evaluate: a sample is a sequence of time steps of 2 features (the "
                    "net's input_size), but the data has 7 features per sample, not a multiple "
                    "of it");
  const std::vector<float> x2(4 * 6), y2(4 * 2);
  CHECK_THROWS_WITH(ctnn::fit(trainer, ctnn::data::Dataset<float, float>(x2, 6, y2, 2), options),
                    "ctnn::fit: training data: expected 3 targets per sequence (3 time steps of "
                    "the net's output_size 1), the data has 2 targets per sample");
  const std::vector<float> x3(4 * 24), y3(4 * 12);
  CHECK_THROWS_WITH(ctnn::fit(trainer, ctnn::data::Dataset<float, float>(x3, 24, y3, 12), options),
                    "ctnn::fit: the training data's sequences have 12 time steps, more than the "
                    "trainer's max_steps 10");
}
