// ctnn::fit: the same as a hand-written loop of shuffled mini-batches, early stopping that
// restores the best epoch's parameters, schedules, callbacks, and clear errors.

#include <catch2/catch.hpp>

#include <cmath>
#include <iostream>
#include <random>
#include <sstream>
#include <vector>

#include <ctnn/core.hpp>
#include <ctnn/optim.hpp>
#include <ctnn/trainer.hpp>
#include <ctnn/data.hpp>
#include <ctnn/evaluate.hpp>
#include <ctnn/fit.hpp>
#include <ctnn/schedules.hpp>

using ctnn::Dense;
using Catch::Contains;

namespace {

using Regression = ctnn::BasicNet<double, Dense<3, 4, ctnn::Tanh>, Dense<4, 2>, ctnn::MSE>;
using Classifier = ctnn::Net<Dense<4, 8, ctnn::ReLU>, Dense<8, 3>, ctnn::SoftmaxCE>;

ctnn::data::Dataset<double, double> regression_data(std::size_t n, unsigned seed) {
  std::mt19937 engine(seed);
  std::uniform_real_distribution<double> uniform(-1, 1);
  std::vector<double> x(n * 3), y(n * 2);
  for (auto& v : x) v = uniform(engine);
  for (std::size_t i = 0; i < n; ++i) {
    y[2 * i] = x[3 * i] - 0.5 * x[3 * i + 1];
    y[2 * i + 1] = x[3 * i + 2] * x[3 * i];
  }
  return {x, 3, y, 2};
}

// Random features and random labels: nothing to learn, so a validation loss soon rises.
ctnn::data::Dataset<float, std::uint8_t> noise(std::size_t n, unsigned seed) {
  std::mt19937 engine(seed);
  std::uniform_real_distribution<float> uniform(-1, 1);
  std::vector<float> x(n * 4);
  std::vector<std::uint8_t> y(n);
  for (auto& v : x) v = uniform(engine);
  for (auto& v : y) v = static_cast<std::uint8_t>(engine() % 3);
  return {x, 4, y, 1};
}

ctnn::FitOptions quiet_options(std::size_t epochs, std::size_t batch) {
  ctnn::FitOptions options;
  options.epochs = epochs;
  options.batch_size = batch;
  options.seed = 99;
  options.progress_mode = ctnn::Progress::Mode::quiet;
  return options;
}

}  // namespace

TEST_CASE("fit is a loop of shuffled mini-batches, the last one partial", "[fit]") {
  const auto data = regression_data(50, 1);  // batches of 8: six full ones and one of 2
  Regression by_fit, by_hand;
  by_fit.init(4);
  by_hand.init(4);

  ctnn::Trainer<Regression, ctnn::SGD> fit_trainer(by_fit, ctnn::SGD{.lr = 0.1f}, 8);
  const auto history = ctnn::fit(fit_trainer, data, quiet_options(3, 8));

  ctnn::Trainer<Regression, ctnn::SGD> hand_trainer(by_hand, ctnn::SGD{.lr = 0.1f}, 8);
  ctnn::data::Batches batches(data, 8);
  REQUIRE(batches.count() == 7);
  std::mt19937_64 engine(99);
  std::vector<double> epoch_losses;
  for (int epoch = 0; epoch < 3; ++epoch) {
    batches.shuffle(engine);
    double sum = 0;
    for (std::size_t k = 0; k < batches.count(); ++k) {
      const auto batch = batches.gather(k);
      sum += hand_trainer.step(batch.features, batch.targets) * static_cast<double>(batch.rows);
    }
    epoch_losses.push_back(sum / 50);
  }

  CHECK(std::equal(by_fit.parameters().begin(), by_fit.parameters().end(),
                   by_hand.parameters().begin()));
  REQUIRE(history.size() == 3);
  for (std::size_t e = 0; e < 3; ++e) {
    CHECK(history.epochs[e].epoch == e + 1);
    CHECK(history.epochs[e].train_loss == Approx(epoch_losses[e]).epsilon(1e-12));
    CHECK(std::isnan(history.epochs[e].train_accuracy));  // regression: no accuracy
    CHECK(std::isnan(history.epochs[e].validation_loss));
    CHECK(history.epochs[e].seconds >= 0);
  }
}

TEST_CASE("early stopping stops after `patience` epochs and restores the best epoch", "[fit]") {
  const auto train = noise(60, 2);
  const auto validation = noise(60, 3);
  auto net = std::make_unique<Classifier>();
  net->init(5);
  ctnn::Trainer<Classifier, ctnn::Adam> trainer(*net, ctnn::Adam{.lr = 0.05f}, 10);
  auto options = quiet_options(100, 10);
  options.patience = 3;
  std::vector<std::vector<float>> snapshots;  // the parameters after each epoch
  options.on_epoch = [&](const ctnn::EpochRecord&) {
    snapshots.emplace_back(net->parameters().begin(), net->parameters().end());
    return true;
  };
  const auto history = ctnn::fit(trainer, train, validation, options);

  REQUIRE(history.size() < 100);
  const std::size_t best = history.best_epoch;
  CHECK(history.size() == best + 3);  // three epochs without improvement, then stop
  for (std::size_t e = best; e < history.size(); ++e)
    CHECK(history.epochs[e].validation_loss >= history.best().validation_loss);
  CHECK(std::equal(net->parameters().begin(), net->parameters().end(), snapshots[best - 1].begin()));
  CHECK(!std::isnan(history.best().validation_accuracy));
}

TEST_CASE("a schedule sets the learning rate before each epoch", "[fit]") {
  const auto data = regression_data(16, 6);
  Regression net;
  ctnn::Trainer<Regression, ctnn::SGD> trainer(net, ctnn::SGD{.lr = 0.2f}, 16);
  auto options = quiet_options(5, 16);
  options.schedule = ctnn::StepDecay{.step_size = 2, .gamma = 0.5};
  const auto history = ctnn::fit(trainer, data, options);
  // lr = 0.2 · 0.5^floor(epoch / 2) for epochs 0..4
  const double expected[] = {0.2, 0.2, 0.1, 0.1, 0.05};
  for (std::size_t e = 0; e < 5; ++e) CHECK(history.epochs[e].learning_rate == Approx(expected[e]));
}

TEST_CASE("schedules follow their formulas", "[fit][schedule]") {
  const ctnn::CosineDecay cosine{.epochs = 4, .min_lr = 0.1};
  CHECK(cosine(0, 1.0) == Approx(1.0));
  CHECK(cosine(2, 1.0) == Approx(0.55));  // 0.1 + 0.9 · (1 + cos(π/2)) / 2
  CHECK(cosine(4, 1.0) == Approx(0.1));
  CHECK(cosine(9, 1.0) == Approx(0.1));  // held at min_lr after the last epoch
  CHECK(cosine(1, 1.0) == Approx(0.1 + 0.9 * (1 + std::cos(M_PI / 4)) / 2));
  const ctnn::StepDecay step{.step_size = 3, .gamma = 0.1};
  CHECK(step(2, 1.0) == Approx(1.0));
  CHECK(step(3, 1.0) == Approx(0.1));
  CHECK(step(7, 1.0) == Approx(0.01));
}

TEST_CASE("a callback can stop training; a classifier reports accuracy", "[fit]") {
  const auto train = noise(30, 7);
  auto net = std::make_unique<Classifier>();
  ctnn::Trainer<Classifier, ctnn::SGD> trainer(*net, ctnn::SGD{.lr = 0.1f}, 10);
  auto options = quiet_options(10, 10);
  options.on_epoch = [](const ctnn::EpochRecord& record) { return record.epoch < 2; };
  const auto history = ctnn::fit(trainer, train, options);
  REQUIRE(history.size() == 2);
  CHECK(history.epochs[0].train_accuracy >= 0);
  CHECK(history.epochs[0].train_accuracy <= 1);
}

TEST_CASE("plain progress prints one line per epoch", "[fit]") {
  const auto data = regression_data(16, 8);
  Regression net;
  ctnn::Trainer<Regression, ctnn::SGD> trainer(net, ctnn::SGD{.lr = 0.1f}, 8);
  std::ostringstream out;
  auto options = quiet_options(2, 8);
  options.progress_mode = ctnn::Progress::Mode::plain;
  options.progress_stream = &out;
  ctnn::fit(trainer, data, options);
  CHECK_THAT(out.str(), Contains("epoch 1/2 train_loss=") && Contains("epoch 2/2 train_loss="));
}

TEST_CASE("a null progress stream means no progress output", "[fit]") {
  const auto data = regression_data(16, 8);
  Regression net;
  ctnn::Trainer<Regression, ctnn::SGD> trainer(net, ctnn::SGD{.lr = 0.1f}, 8);
  // std::cerr, the default stream, goes to a string for the test, to see that nothing is
  // written there either.
  std::ostringstream captured;
  std::streambuf* const cerr_buffer = std::cerr.rdbuf(captured.rdbuf());
  struct restore_cerr {
    std::streambuf* buffer;
    ~restore_cerr() { std::cerr.rdbuf(buffer); }
  } restore{cerr_buffer};

  auto options = quiet_options(2, 8);
  options.progress_stream = nullptr;
  options.progress_mode.reset();  // the mode picked for the stream
  CHECK(ctnn::fit(trainer, data, options).size() == 2);
  options.progress_mode = ctnn::Progress::Mode::plain;  // a mode that prints, with no stream
  CHECK(ctnn::fit(trainer, data, options).size() == 2);
  CHECK(captured.str().empty());
}

TEST_CASE("fit refuses data and options that do not fit, before training", "[fit][errors]") {
  auto net = std::make_unique<Classifier>();
  ctnn::Trainer<Classifier, ctnn::SGD> trainer(*net, {}, 10);
  const auto options = quiet_options(1, 10);

  const ctnn::data::Dataset<float, std::uint8_t> three_features(std::vector<float>(6), 3,
                                                                std::vector<std::uint8_t>{0, 1}, 1);
  REQUIRE_THROWS_WITH(ctnn::fit(trainer, three_features, options),
                      Contains("ctnn::fit: training data") && Contains("expected 4 features") &&
                          Contains("has 3"));

  const ctnn::data::Dataset<float, std::uint8_t> bad_label(std::vector<float>(8), 4,
                                                           std::vector<std::uint8_t>{0, 7}, 1);
  REQUIRE_THROWS_WITH(ctnn::fit(trainer, bad_label, options), Contains("row 1") && Contains("7"));

  std::vector<float> with_nan(8, 0.5f);
  with_nan[5] = std::nanf("");
  const ctnn::data::Dataset<float, std::uint8_t> nan_data(with_nan, 4, std::vector<std::uint8_t>{0, 1}, 1);
  REQUIRE_THROWS_WITH(ctnn::fit(trainer, nan_data, options), Contains("row 1"));

  const auto good = noise(20, 9);
  auto too_big = options;
  too_big.batch_size = 11;
  REQUIRE_THROWS_WITH(ctnn::fit(trainer, good, too_big), Contains("batch_size 11") && Contains("max_batch 10"));
  auto no_validation = options;
  no_validation.patience = 2;
  REQUIRE_THROWS_WITH(ctnn::fit(trainer, good, no_validation), Contains("needs a validation set"));
}

TEST_CASE("a loss that stops being finite stops fit with the epoch and batch", "[fit][errors]") {
  // A linear float net with lr = 10^6: each step multiplies the error by ~10^6, so the loss
  // overflows float within the first of the epoch's 20 batches of 2.
  const auto doubles = regression_data(40, 10);
  const std::vector<float> x(doubles.features().begin(), doubles.features().end());
  const std::vector<float> y(doubles.targets().begin(), doubles.targets().end());
  const ctnn::data::Dataset<float, float> data(x, 3, y, 2);
  using Linear = ctnn::Net<Dense<3, 2>, ctnn::MSE>;
  Linear net;
  ctnn::Trainer<Linear, ctnn::SGD> trainer(net, ctnn::SGD{.lr = 1e6f}, 2);
  REQUIRE_THROWS_WITH(ctnn::fit(trainer, data, quiet_options(5, 2)),
                      Contains("loss is inf, not finite") && Contains("at epoch 1, batch ") &&
                          Contains("of 20") && Contains("learning rate 1000000") &&
                          Contains("lower the learning rate"));
}
