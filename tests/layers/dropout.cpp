// Dropout<Percent>: where it stands in a net, the identity in inference (and for Percent = 0 in
// training too), the share of values it drops, masks that depend on (seed, step, batch row)
// only, so on no thread count, and backpropagation through a mask against finite differences of
// the training loss.

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <type_traits>
#include <vector>

#include <ctnn/core.hpp>
#include <ctnn/optim.hpp>
#include <ctnn/trainer.hpp>
#include <ctnn/layers/dropout.hpp>

#include "support/gradient_check.hpp"

using ctnn::BasicNet;
using ctnn::Dense;
using ctnn::Dropout;
using ctnn::DropoutLayer;
using ctnn::TrainingStep;

static_assert(ctnn::TrainableLayer<DropoutLayer<6, 20>>);
static_assert(std::is_same_v<ctnn::Net<Dense<4, 6>, Dropout<20>, Dense<6, 2>>::layer_type<1>,
                             DropoutLayer<6, 20>>);
// An activation before Dropout is fused into the Dense layer; one after it is a layer of its own.
static_assert(std::is_same_v<ctnn::Net<Dense<4, 6>, ctnn::ReLU, Dropout<20>>::layer_type<0>,
                             Dense<4, 6, ctnn::ReLU>>);
static_assert(std::is_same_v<ctnn::Net<Dense<4, 6>, Dropout<20>, ctnn::ReLU>::layer_type<2>,
                             ctnn::ActivationLayer<6, ctnn::ReLU>>);
static_assert(ctnn::Net<Dense<4, 6>, Dropout<20>, Dense<6, 2>>::parameter_count ==
              ctnn::Net<Dense<4, 6>, Dense<6, 2>>::parameter_count);

namespace {

// The mask that a training pass of Layer draws for `rows` rows: each value's factor.
template <class Layer, class T = double>
std::vector<T> mask(TrainingStep step, std::size_t rows) {
  const std::vector<T> x(rows * Layer::in_size, T(1));
  std::vector<T> y(x.size()), kept(x.size());
  Layer::train_forward(static_cast<const T*>(nullptr), x.data(), rows, y.data(), kept.data(),
                       step);
  return kept;
}

// Whether `count` successes of n trials lie within 5 standard deviations of n·p.
bool binomial_fits(std::size_t count, std::size_t n, double p) {
  const double mean = static_cast<double>(n) * p;
  return std::abs(static_cast<double>(count) - mean) <= 5 * std::sqrt(mean * (1 - p));
}

template <int Percent>
void check_dropping() {
  using T = float;
  using Layer = DropoutLayer<37, Percent>;
  constexpr std::size_t n = Layer::in_size;
  constexpr std::size_t rows = 400;
  const double p = Percent / 100.0;
  const auto values = ctnn::test::uniform_values(rows * n, 0.5, 1.5, Percent);
  const std::vector<T> x(values.begin(), values.end());
  std::vector<T> y(x.size()), kept(x.size());
  Layer::train_forward(static_cast<const T*>(nullptr), x.data(), rows, y.data(), kept.data(),
                       TrainingStep{.seed = 3, .step = 1, .first_row = 0});

  std::size_t dropped = 0, both_dropped = 0;
  std::vector<std::size_t> dropped_in_unit(n, 0);
  for (std::size_t k = 0; k < x.size(); ++k) {
    CAPTURE(k);
    if (y[k] == 0) {
      ++dropped;
      ++dropped_in_unit[k % n];
      if (k % n > 0 && y[k - 1] == 0) ++both_dropped;
      CHECK(kept[k] == 0);
    } else {
      CHECK(kept[k] == Layer::template scale<T>);
      CHECK(y[k] == x[k] * (T(100) / T(100 - Percent)));
    }
  }
  CAPTURE(Percent, dropped, both_dropped);
  CHECK(binomial_fits(dropped, rows * n, p));
  // Units of a row are independent (neighbours are both dropped with probability p²), and each
  // unit is dropped in about p of the rows.
  CHECK(binomial_fits(both_dropped, rows * (n - 1), p * p));
  for (std::size_t j = 0; j < n; ++j) {
    CAPTURE(j, dropped_in_unit[j]);
    CHECK(binomial_fits(dropped_in_unit[j], rows, p));
  }

  // Inference is the identity.
  Layer::forward(static_cast<const T*>(nullptr), x.data(), rows, y.data());
  CHECK(y == x);
  std::vector<T> one(n);
  Layer::forward_scalar(static_cast<const T*>(nullptr), x.data(), one.data());
  CHECK(std::ranges::equal(one, std::span(x).first(n)));
}

// The mean training loss of `net` on a batch, its layers' train_forward run one after the other
// with `step`: what a training step's forward pass computes, dropout masks included.
template <class Net>
double training_loss(const Net& net, std::span<const double> inputs,
                     std::span<const double> targets, std::size_t batch, TrainingStep step) {
  std::vector<double> x(inputs.begin(), inputs.end());
  Net::for_each_layer([&](auto i) {
    using L = typename Net::template layer_type<i>;
    std::vector<double> y(batch * L::out_size), kept(batch * L::kept_size);
    L::train_forward(net.parameters().data() + Net::parameter_offset(i), x.data(), batch,
                     y.data(), kept.data(), step);
    x = std::move(y);
  });
  return Net::loss_type::template evaluate<Net::output_size>(x.data(), targets, batch,
                                                             static_cast<double*>(nullptr));
}

}  // namespace

TEST_CASE("Dropout<0> changes nothing, in training either", "[layer][dropout]") {
  using With = ctnn::Net<Dense<4, 6, ctnn::ReLU>, Dropout<0>, Dense<6, 2>, ctnn::MSE>;
  using Without = ctnn::Net<Dense<4, 6, ctnn::ReLU>, Dense<6, 2>, ctnn::MSE>;
  auto with = std::make_unique<With>();
  auto without = std::make_unique<Without>();
  with->init(2);
  without->init(2);
  REQUIRE(std::ranges::equal(with->parameters(), without->parameters()));

  const std::size_t batch = 9;
  const auto x = ctnn::test::random_values<float>(batch * 4, 5);
  const auto targets = ctnn::test::random_values<float>(batch * 2, 6);
  std::array<float, With::parameter_count> gradient_with{}, gradient_without{};
  const float loss_with = ctnn::loss_and_gradient(*with, x, targets, batch, gradient_with);
  const float loss_without = ctnn::loss_and_gradient(*without, x, targets, batch, gradient_without);
  CHECK(loss_with == loss_without);  // bit for bit
  CHECK(gradient_with == gradient_without);
}

TEST_CASE("Dropout drops about Percent% of the values and scales the rest by 1 / (1 - p)",
          "[layer][dropout]") {
  check_dropping<20>();
  check_dropping<50>();
  check_dropping<95>();
}

TEST_CASE("a net's inference ignores Dropout", "[layer][dropout]") {
  using With = ctnn::Net<Dense<4, 6, ctnn::ReLU>, Dropout<50>, Dense<6, 2>>;
  using Without = ctnn::Net<Dense<4, 6, ctnn::ReLU>, Dense<6, 2>>;
  const With with;
  const Without without;
  const std::size_t batch = 7;
  const auto x = ctnn::test::random_values<float>(batch * 4, 8);
  std::vector<float> y_with(batch * 2), y_without(batch * 2);
  with.forward(x, y_with, batch);
  without.forward(x, y_without, batch);
  CHECK(y_with == y_without);
}

TEST_CASE("a dropout mask depends on the seed, the step and the batch row only",
          "[layer][dropout]") {
  using Layer = DropoutLayer<13, 40>;
  constexpr std::size_t rows = 10;
  const TrainingStep step{.seed = 5, .step = 3, .first_row = 0};
  const auto whole = mask<Layer>(step, rows);
  CHECK(mask<Layer>(step, rows) == whole);

  // Rows 0-3 and rows 4-9 as two passes, as two threads compute them.
  auto split = mask<Layer>(step, 4);
  const auto rest = mask<Layer>(TrainingStep{.seed = 5, .step = 3, .first_row = 4}, rows - 4);
  split.insert(split.end(), rest.begin(), rest.end());
  CHECK(split == whole);

  CHECK(mask<Layer>(TrainingStep{.seed = 5, .step = 4, .first_row = 0}, rows) != whole);
  CHECK(mask<Layer>(TrainingStep{.seed = 6, .step = 3, .first_row = 0}, rows) != whole);
}

TEST_CASE("a Trainer with Dropout takes the same steps on one thread and on two",
          "[layer][dropout][threads]") {
  using Mlp = ctnn::Net<Dense<5, 16, ctnn::ReLU>, Dropout<30>, Dense<16, 2>, ctnn::MSE>;
  // Two threads split a batch of 16 into rows 0-7 and 8-15. Each computes the mean loss of its
  // 8 rows and scales its gradient by 8/16; with MSE over 2 outputs both factors are powers of
  // two, exact, so a different mask is the only way the thread count could change a step.
  constexpr std::size_t batch = 16;
  const auto train = [](std::size_t threads, std::uint64_t seed) {
    auto net = std::make_unique<Mlp>();
    net->init(1);
    ctnn::Trainer<Mlp, ctnn::SGD> trainer(*net, ctnn::SGD{.lr = 0.1f}, batch, threads);
    trainer.set_seed(seed);
    for (unsigned s = 0; s < 4; ++s) {
      const auto x = ctnn::test::random_values<float>(batch * 5, 10 + s);
      const auto targets = ctnn::test::random_values<float>(batch * 2, 20 + s);
      trainer.step(x, targets);
    }
    return std::vector<float>(net->parameters().begin(), net->parameters().end());
  };
  const auto one = train(1, 9);
  CHECK(train(2, 9) == one);  // bit for bit
  CHECK(train(1, 10) != one);  // the masks matter
}

TEST_CASE("backpropagation through a dropout mask matches finite differences of the training loss",
          "[layer][dropout][gradient]") {
  // Net::loss is inference, without dropout, so the usual gradient check does not apply. The
  // mask depends on (seed, step, row) only, not on the parameters: the training loss for a fixed
  // step, computed here by running the layers' train_forward, is a smooth function of the
  // parameters, and its finite differences check the workspace's backward pass independently.
  using Mlp = BasicNet<double, Dense<4, 6>, Dropout<30>, Dense<6, 2>, ctnn::MSE>;
  constexpr std::size_t batch = 5;
  constexpr std::uint64_t seed = 17;
  const TrainingStep first_step{.seed = seed, .step = 0, .first_row = 0};
  const auto kept = mask<Mlp::layer_type<1>>(first_step, batch);
  REQUIRE(std::ranges::count(kept, 0.0) > 0);  // some values dropped, some kept
  REQUIRE(std::ranges::count(kept, 0.0) < static_cast<std::ptrdiff_t>(kept.size()));

  auto net = std::make_unique<Mlp>();
  const auto params = ctnn::test::uniform_values(Mlp::parameter_count, -1, 1, 30);
  std::ranges::copy(params, net->parameters().begin());
  const auto inputs = ctnn::test::uniform_values(batch * 4, -2, 2, 31);
  const auto targets = ctnn::test::uniform_values(batch * 2, -1, 1, 32);

  ctnn::TrainingWorkspace<Mlp> workspace(batch);
  workspace.set_seed(seed);
  std::vector<double> analytic(Mlp::parameter_count);
  const double loss = workspace.loss_and_gradient(*net, inputs, targets, batch, analytic.data());
  CHECK(loss == Approx(training_loss(*net, inputs, targets, batch, first_step)).epsilon(1e-14));
  CHECK(loss != Approx(net->loss(inputs, targets, batch)));  // dropout was on

  std::vector<double> numeric(Mlp::parameter_count);
  const double h = 1e-6;
  auto parameters = net->parameters();
  for (std::size_t k = 0; k < Mlp::parameter_count; ++k) {
    const double saved = parameters[k];
    parameters[k] = saved + h;
    const double up = training_loss(*net, inputs, targets, batch, first_step);
    parameters[k] = saved - h;
    const double down = training_loss(*net, inputs, targets, batch, first_step);
    parameters[k] = saved;
    numeric[k] = (up - down) / (2 * h);
  }
  const double error = ctnn::test::relative_error(analytic, numeric);
  CAPTURE(error);
  CHECK(error < 1e-6);
}
