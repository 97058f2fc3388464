// Logits of ±1000 give finite losses and gradients for every loss (the losses use log-sum-exp
// and softplus forms instead of log(softmax) or log(sigmoid)).

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include <ctnn/core.hpp>
#include <ctnn/training/workspace.hpp>

using ctnn::Dense;

namespace {

template <class Net, class Targets>
void check_finite(const Net& net, const std::vector<float>& inputs, const Targets& targets,
                  double expected_loss) {
  const std::size_t batch = inputs.size() / Net::input_size;
  std::array<float, Net::parameter_count> gradient{};
  const float loss = ctnn::loss_and_gradient(net, inputs, targets, batch, gradient);
  CHECK(std::isfinite(loss));
  CHECK(loss == Approx(expected_loss).epsilon(1e-6));
  for (float g : gradient) CHECK(std::isfinite(g));
  CHECK(net.loss(inputs, targets, batch) == Approx(loss));
}

}  // namespace

TEST_CASE("SoftmaxCE with logits of +-1000", "[loss][safety]") {
  // The logits are (1000 x, -1000 x): for x = 1 and label 1, the loss is log(e^1000 + e^-1000)
  // + 1000 = 2000 to float precision; for label 0 it is log(1 + e^-2000) = 0.
  const ctnn::Net<Dense<1, 2>, ctnn::SoftmaxCE> net({1000, -1000, 0, 0});
  check_finite(net, {1}, std::vector<int>{1}, 2000);
  check_finite(net, {1}, std::vector<int>{0}, 0);
  const auto p = net.predict(std::array{1.f});
  CHECK(p[0] == 1);
  CHECK(p[1] == 0);
}

TEST_CASE("BCE with a pre-activation of +-1000", "[loss][safety]") {
  // softplus(a) - t a: a = 1000, t = 0 gives 1000; t = 1 gives 0; a = -1000, t = 1 gives 1000.
  const ctnn::Net<Dense<1, 1, ctnn::Sigmoid>, ctnn::BCE> net({1000, 0});
  check_finite(net, {1}, std::vector<float>{0}, 1000);
  check_finite(net, {1}, std::vector<float>{1}, 0);
  check_finite(net, {-1}, std::vector<float>{1}, 1000);
  // The mean over a batch of the three: (1000 + 0 + 1000) / 3.
  check_finite(net, {1, 1, -1}, std::vector<float>{0, 1, 1}, 2000.0 / 3);
}

TEST_CASE("Logistic with an output of +-1000", "[loss][safety]") {
  // log(1 + e^(-y f)): f = -1000, y = +1 gives 1000; f = 1000, y = +1 gives 0.
  const ctnn::Net<Dense<1, 1>, ctnn::Logistic> net({1000, 0});
  check_finite(net, {-1}, std::vector<float>{1}, 1000);
  check_finite(net, {1}, std::vector<float>{1}, 0);
  check_finite(net, {1}, std::vector<float>{-1}, 1000);
  CHECK(net.predict(std::array{1.f})[0] == 1);
  CHECK(net.classify(std::array{-1.f}) == 0);
}

TEST_CASE("MSE with outputs of +-1000", "[loss][safety]") {
  // (1000 - 0)² and (-1000 - 1)², averaged over 2 outputs: (10^6 + 1002001) / 2.
  const ctnn::Net<Dense<1, 2>, ctnn::MSE> net({1000, -1000, 0, 0});
  check_finite(net, {1}, std::vector<float>{0, 1}, (1e6 + 1002001) / 2);
}
