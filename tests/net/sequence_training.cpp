// Backpropagation through time: gradients in double against central differences of the loss
// computed through the streaming path (step), truncation against chunk-by-chunk differences with
// the state carried over, gradient clipping by global norm, and Trainer::step_sequences.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include <ctnn/core.hpp>
#include <ctnn/optim.hpp>
#include <ctnn/trainer.hpp>

#include "support/allocation_counter.hpp"
#include "support/gradient_check.hpp"

namespace {

using ctnn::Conv1D;
using ctnn::Dense;
using ctnn::GRU;
using ctnn::LastStep;
using ctnn::LSTM;

// The mean loss of `batch` sequences of `steps` steps, through `step` from a new state for each
// sequence, with the losses written out: MSE per step (targets batch x steps x outputs), or
// after LastStep, softmax cross-entropy of the last step (one class per sequence).
template <class Net>
double streamed_loss(const Net& net, std::span<const double> inputs,
                     std::span<const double> targets, std::size_t batch, std::size_t steps) {
  constexpr std::size_t in = Net::input_size;
  constexpr std::size_t out = Net::output_size;
  double total = 0;
  for (std::size_t b = 0; b < batch; ++b) {
    auto state = net.make_state();
    for (std::size_t t = 0; t < steps; ++t) {
      const auto y = net.step(inputs.subspan((b * steps + t) * in, in), state);
      if constexpr (Net::has_last_step) {
        if (t + 1 < steps) continue;
        double m = y[0], sum = 0;
        for (const double v : y) m = std::max(m, v);
        for (const double v : y) sum += std::exp(v - m);
        total += m + std::log(sum) - y[static_cast<std::size_t>(targets[b])];
      } else {
        for (std::size_t o = 0; o < out; ++o) {
          const double e = y[o] - targets[(b * steps + t) * out + o];
          total += e * e;
        }
      }
    }
  }
  return total / static_cast<double>(Net::has_last_step ? batch : batch * steps * out);
}

template <class Net>
std::vector<double> targets_for(std::size_t batch, std::size_t steps) {
  if constexpr (Net::has_last_step) {
    std::vector<double> classes(batch);
    for (std::size_t b = 0; b < batch; ++b)
      classes[b] = static_cast<double>(b % Net::output_size);
    return classes;
  } else {
    return ctnn::test::uniform_values(batch * steps * Net::output_size, -1, 1, 9);
  }
}

// BPTT's gradient (truncated every `truncation` steps, 0: never) and its relative error from
// central differences: of the whole streamed loss, or, truncated, the sum over the chunks of the
// differences of the chunk's own loss terms with the parameters changed only within the chunk,
// its incoming state that of the unchanged net.
template <class Net>
double gradient_error(std::size_t batch, std::size_t steps, std::size_t truncation = 0) {
  auto net = std::make_unique<Net>();
  net->init(3);
  for (double& p : net->parameters()) p *= 1.5;  // livelier gates than the initialization's
  const auto inputs = ctnn::test::uniform_values(batch * steps * Net::input_size, -2, 2, 5);
  const auto targets = targets_for<Net>(batch, steps);
  ctnn::TrainingWorkspace<Net> workspace(batch, 1, false, steps);
  workspace.set_truncation(truncation);
  std::vector<double> analytic(Net::parameter_count);
  if constexpr (Net::has_last_step) {
    const std::vector<int> classes(targets.begin(), targets.end());
    (void)workspace.sequence_loss_and_gradient(*net, inputs, classes, batch, steps,
                                               analytic.data());
  } else {
    (void)workspace.sequence_loss_and_gradient(*net, inputs, targets, batch, steps,
                                               analytic.data());
  }

  std::vector<double> numeric(Net::parameter_count, 0.0);
  const std::size_t chunk = truncation == 0 ? steps : truncation;
  const double h = 1e-6;
  for (std::size_t first = 0; first < steps; first += chunk) {
    const std::size_t last = std::min(steps, first + chunk);
    // The loss terms of steps first .. last - 1, the parameters `changed` within them.
    const auto chunk_loss = [&](const Net& changed) {
      double total = 0;
      for (std::size_t b = 0; b < batch; ++b) {
        auto state = net->make_state();
        for (std::size_t t = 0; t < last; ++t) {
          const auto x = std::span<const double>(inputs).subspan(
              (b * steps + t) * Net::input_size, Net::input_size);
          const auto y = t < first ? net->step(x, state) : changed.step(x, state);
          if (t < first) continue;
          for (std::size_t o = 0; o < Net::output_size; ++o) {
            const double e = y[o] - targets[(b * steps + t) * Net::output_size + o];
            total += e * e;
          }
        }
      }
      return total / static_cast<double>(batch * steps * Net::output_size);
    };
    auto changed = std::make_unique<Net>(*net);
    for (std::size_t i = 0; i < Net::parameter_count; ++i) {
      const double saved = changed->parameters()[i];
      changed->parameters()[i] = saved + h;
      const double up = truncation == 0 ? streamed_loss(*changed, inputs, targets, batch, steps)
                                        : chunk_loss(*changed);
      changed->parameters()[i] = saved - h;
      const double down = truncation == 0 ? streamed_loss(*changed, inputs, targets, batch, steps)
                                          : chunk_loss(*changed);
      changed->parameters()[i] = saved;
      numeric[i] += (up - down) / (2 * h);
    }
  }
  return ctnn::test::relative_error(analytic, numeric);
}

}  // namespace

TEST_CASE("BPTT gradients equal central differences", "[sequence][gradient]") {
  CHECK(gradient_error<ctnn::BasicNet<double, GRU<3, 5>, Dense<5, 2>, ctnn::MSE>>(3, 7) < 1e-7);
  CHECK(gradient_error<ctnn::BasicNet<double, LSTM<2, 5>, LSTM<5, 3>, Dense<3, 1>, ctnn::MSE>>(
            2, 9) < 1e-7);
  CHECK(gradient_error<ctnn::BasicNet<double, Conv1D<2, 5, 3, 1, ctnn::Tanh>,
                                      Conv1D<5, 5, 3, 2, ctnn::Tanh>, Conv1D<5, 5, 3, 4>,
                                      GRU<5, 3>, Dense<3, 2>, ctnn::MSE>>(2, 11) < 1e-7);
  // GELU's derivative needs the pre-activations, which Conv1D then keeps.
  CHECK(gradient_error<ctnn::BasicNet<double, Conv1D<3, 4, 2, 3, ctnn::GELU>, Dense<4, 1>,
                                      ctnn::MSE>>(2, 8) < 1e-7);
  CHECK(gradient_error<ctnn::BasicNet<double, GRU<3, 5>, LastStep, Dense<5, 4>,
                                      ctnn::SoftmaxCE>>(3, 6) < 1e-7);
  CHECK(gradient_error<ctnn::BasicNet<double, LSTM<3, 6>, ctnn::Tanh, LastStep, Dense<6, 3>,
                                      ctnn::SoftmaxCE>>(2, 5) < 1e-7);
}

TEST_CASE("truncated BPTT is chunk-by-chunk training with the state carried over",
          "[sequence][gradient]") {
  CHECK(gradient_error<ctnn::BasicNet<double, GRU<2, 4>, Dense<4, 1>, ctnn::MSE>>(2, 10, 3) <
        1e-7);
  CHECK(gradient_error<ctnn::BasicNet<double, LSTM<2, 3>, Dense<3, 2>, ctnn::MSE>>(2, 9, 4) <
        1e-7);
  CHECK(gradient_error<ctnn::BasicNet<double, Conv1D<2, 3, 3, 2, ctnn::Tanh>, GRU<3, 3>,
                                      Dense<3, 1>, ctnn::MSE>>(2, 12, 5) < 1e-7);
  // A truncation at least as long as the sequences cuts nothing.
  using Net = ctnn::BasicNet<double, GRU<2, 4>, Dense<4, 1>, ctnn::MSE>;
  Net net;
  const auto inputs = ctnn::test::uniform_values(2 * 6 * 2, -1, 1, 1);
  const auto targets = ctnn::test::uniform_values(2 * 6, -1, 1, 2);
  ctnn::TrainingWorkspace<Net> whole(2, 1, false, 6);
  ctnn::TrainingWorkspace<Net> truncated(2, 1, false, 6);
  truncated.set_truncation(6);
  std::vector<double> a(Net::parameter_count), b(Net::parameter_count);
  (void)whole.sequence_loss_and_gradient(net, inputs, targets, 2, 6, a.data());
  (void)truncated.sequence_loss_and_gradient(net, inputs, targets, 2, 6, b.data());
  CHECK(a == b);
}

TEST_CASE("gradient clipping by global norm, as clip_grad_norm_", "[sequence][trainer]") {
  using Net = ctnn::Net<GRU<1, 6>, Dense<6, 1>, ctnn::MSE>;
  Net net;
  const std::vector<float> inputs(4 * 20, 3.0f);
  const std::vector<float> targets(4 * 20, -5.0f);
  Net reference = net;
  ctnn::Trainer<Net, ctnn::SGD> plain(reference, ctnn::SGD{.lr = 0.0f}, ctnn::Sequences{4, 20});
  plain.set_fused_update(false);  // keep the gradient
  (void)plain.step_sequences(inputs, targets, 20);
  const auto unclipped = std::vector<float>(plain.gradient().begin(), plain.gradient().end());
  double norm = 0;
  for (const float g : unclipped) norm += static_cast<double>(g) * g;
  norm = std::sqrt(norm);
  REQUIRE(norm > 0.5);

  ctnn::Trainer<Net, ctnn::SGD> clipped(net, ctnn::SGD{.lr = 0.0f}, ctnn::Sequences{4, 20});
  clipped.set_clip_norm(0.5);
  CHECK_FALSE(clipped.fused_update());
  (void)clipped.step_sequences(inputs, targets, 20);
  CHECK(clipped.gradient_norm() == Approx(norm).epsilon(1e-6));
  const double scale = 0.5 / (norm + 1e-6);  // PyTorch's clip coefficient
  for (std::size_t i = 0; i < unclipped.size(); ++i)
    CHECK(clipped.gradient()[i] == Approx(unclipped[i] * scale).epsilon(1e-5).margin(1e-9));
  CHECK_THROWS_WITH(clipped.set_clip_norm(-1), Catch::Contains("must be >= 0"));
}

TEST_CASE("Trainer::step_sequences learns, on any thread count, allocating nothing",
          "[sequence][trainer]") {
  // Predict a delayed, squashed copy of the input: y_t = tanh(2 x_(t-2)).
  using Net = ctnn::Net<Conv1D<1, 4, 2, 2, ctnn::Tanh>, GRU<4, 8>, Dense<8, 1>, ctnn::MSE>;
  constexpr std::size_t batch = 8, steps = 30;
  std::vector<float> inputs(batch * steps), targets(batch * steps);
  for (std::size_t b = 0; b < batch; ++b)
    for (std::size_t t = 0; t < steps; ++t) {
      inputs[b * steps + t] = std::sin(0.37f * static_cast<float>(t * (b + 1)) + 0.5f * b);
      targets[b * steps + t] = t >= 2 ? std::tanh(2 * inputs[b * steps + t - 2]) : 0.0f;
    }
  Net one, two;
  ctnn::Trainer<Net, ctnn::Adam> trainer(one, ctnn::Adam{.lr = 0.01f}, ctnn::Sequences{8, 32});
  ctnn::Trainer<Net, ctnn::Adam> threaded(two, ctnn::Adam{.lr = 0.01f}, ctnn::Sequences{8, 32}, 2);
  trainer.set_clip_norm(1.0);
  threaded.set_clip_norm(1.0);
  const float first = trainer.step_sequences(inputs, targets, steps);
  (void)threaded.step_sequences(inputs, targets, steps);
  const std::size_t before = ctnn::test::process_allocation_count();
  float last = first;
  for (int epoch = 0; epoch < 300; ++epoch) {
    last = trainer.step_sequences(inputs, targets, steps);
    (void)threaded.step_sequences(inputs, targets, steps);
  }
  CHECK(ctnn::test::process_allocation_count() - before == 0);
  INFO("loss " << first << " -> " << last);
  CHECK(last < first / 10);
  for (std::size_t i = 0; i < Net::parameter_count; ++i)
    CHECK(two.parameters()[i] == Approx(one.parameters()[i]).margin(1e-4));
  CHECK(trainer.last_outputs().size() == batch * steps);
}

TEST_CASE("step_sequences names what does not fit", "[sequence][trainer]") {
  using Net = ctnn::Net<GRU<2, 3>, Dense<3, 1>, ctnn::MSE>;
  Net net;
  ctnn::Trainer<Net, ctnn::SGD> trainer(net, ctnn::SGD{}, ctnn::Sequences{2, 10});
  const std::vector<float> inputs(2 * 12 * 2), targets(2 * 12);
  CHECK_THROWS_WITH(trainer.step_sequences(inputs, targets, 12),
                    "ctnn::Trainer::step_sequences: sequences of 12 steps; the trainer takes 1 "
                    "to 10 (its max_steps)");
  CHECK_THROWS_WITH(trainer.step_sequences(std::span<const float>(inputs).first(2 * 10 * 2 - 1),
                                           targets, 10),
                    Catch::Contains("ctnn::Trainer::step_sequences"));
  CHECK_THROWS_AS(trainer.step_sequences(std::span<const float>(inputs).first(2 * 10 * 2),
                                         std::span<const float>(targets).first(19), 10),
                  ctnn::error);
}
