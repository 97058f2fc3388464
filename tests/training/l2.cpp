// L2 regularization as the lectures write it: J = mean loss + (λ / 2n) Σ w², weights only.

#include <catch2/catch.hpp>

#include <vector>

#include <ctnn/core.hpp>
#include <ctnn/optim.hpp>
#include <ctnn/trainer.hpp>

#include "support/gradient_check.hpp"

using ctnn::Dense;

TEST_CASE("L2 adds (lambda / n) w to the weights' gradient, never to biases", "[l2]") {
  using Net = ctnn::BasicNet<double, Dense<3, 4, ctnn::Tanh>, Dense<4, 2>, ctnn::SoftmaxCE>;
  Net net;
  const auto params = ctnn::test::uniform_values(Net::parameter_count, -1, 1, 3);
  std::copy(params.begin(), params.end(), net.parameters().begin());
  const std::vector<double> inputs{0.1, 0.2, -0.3, 0.7, -0.5, 0.4};
  const std::vector<int> labels{1, 0};
  std::array<double, Net::parameter_count> gradient{};
  ctnn::loss_and_gradient(net, inputs, labels, 2, gradient);
  const Net before = net;

  const double lambda = 3, n = 100, lr = 0.5;
  ctnn::Trainer<Net, ctnn::SGD> trainer(net, ctnn::SGD{.lr = 0.5f}, 2);
  trainer.set_l2(lambda, 100);
  trainer.step(inputs, labels);

  auto is_bias = [](std::size_t i) {
    return (i >= 12 && i < 16) || i >= 16 + 8;  // layer 0: 12 weights, 4 biases; layer 1: 8, 2
  };
  for (std::size_t i = 0; i < Net::parameter_count; ++i) {
    CAPTURE(i);
    const double w = before.parameters()[i];
    const double penalty = is_bias(i) ? 0 : lambda / n * w;
    CHECK(net.parameters()[i] == Approx(w - lr * (gradient[i] + penalty)).epsilon(1e-12));
  }
  REQUIRE_THROWS_AS(trainer.set_l2(-1, 10), ctnn::error);
  REQUIRE_THROWS_AS(trainer.set_l2(1, 0), ctnn::error);
}
