// Backpropagation agrees with finite differences for every loss, including the losses that
// fuse with the last activation (softmax inside SoftmaxCE, the Sigmoid before BCE).

#include <catch2/catch.hpp>

#include <ctnn/core.hpp>
#include <ctnn/training/workspace.hpp>

#include "support/gradient_check.hpp"

namespace {

template <class Net, class Targets>
double gradient_error(const Targets& targets, std::size_t batch, unsigned seed) {
  auto net = std::make_unique<Net>();
  const auto params = ctnn::test::uniform_values(Net::parameter_count, -1, 1, seed);
  std::copy(params.begin(), params.end(), net->parameters().begin());
  const auto inputs = ctnn::test::uniform_values(batch * Net::input_size, -2, 2, seed + 1);
  std::array<double, Net::parameter_count> analytic{};
  ctnn::loss_and_gradient(*net, inputs, targets, batch, analytic);
  return ctnn::test::relative_error(analytic,
                                    ctnn::test::numerical_gradient(*net, inputs, targets, batch));
}

template <class... Layers>
using DNet = ctnn::BasicNet<double, Layers...>;

}  // namespace

TEST_CASE("MSE gradient", "[gradient][loss]") {
  const auto targets = ctnn::test::uniform_values(6 * 4, -1, 1, 3);
  CHECK(gradient_error<DNet<ctnn::Dense<3, 5, ctnn::Tanh>, ctnn::Dense<5, 4>, ctnn::MSE>>(targets, 6, 1) < 1e-6);
  const auto probabilities = ctnn::test::uniform_values(6 * 4, 0, 1, 4);
  CHECK(gradient_error<DNet<ctnn::Dense<3, 5, ctnn::Tanh>, ctnn::Dense<5, 4, ctnn::Sigmoid>, ctnn::MSE>>(
            probabilities, 6, 2) < 1e-6);
}

TEST_CASE("SoftmaxCE gradient", "[gradient][loss]") {
  const std::vector<long> labels{3, 0, 1, 2, 3, 3};
  CHECK(gradient_error<DNet<ctnn::Dense<3, 5, ctnn::Tanh>, ctnn::Dense<5, 4>, ctnn::SoftmaxCE>>(labels, 6, 5) <
        1e-6);
  SECTION("after a non-linear last layer, the gradient also flows through its activation") {
    CHECK(gradient_error<DNet<ctnn::Dense<3, 5, ctnn::Tanh>, ctnn::Dense<5, 4, ctnn::Sigmoid>, ctnn::SoftmaxCE>>(
              labels, 6, 6) < 1e-6);
  }
}

TEST_CASE("BCE gradient, from the pre-activation of the Sigmoid output", "[gradient][loss]") {
  const std::vector<double> targets{0, 1, 1, 0, 0.3, 1, 0};
  CHECK(gradient_error<DNet<ctnn::Dense<3, 5, ctnn::Tanh>, ctnn::Dense<5, 1, ctnn::Sigmoid>, ctnn::BCE>>(
            targets, 7, 7) < 1e-6);
  CHECK(gradient_error<DNet<ctnn::Dense<4, 1, ctnn::Sigmoid>, ctnn::BCE>>(targets, 7, 8) < 1e-6);
}

TEST_CASE("Logistic gradient", "[gradient][loss]") {
  const std::vector<double> labels{1, -1, -1, 1, 1};
  CHECK(gradient_error<DNet<ctnn::Dense<3, 5, ctnn::ReLU>, ctnn::Dense<5, 1>, ctnn::Logistic>>(labels, 5, 9) <
        1e-6);
}
