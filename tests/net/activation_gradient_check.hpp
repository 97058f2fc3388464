// Shared by the gradient_activations_*.cpp tests, which are split across translation units
// because each activation instantiates three nets' forward and backward passes (one file took
// over four minutes to compile under the sanitizers).
#ifndef CTNN_TESTS_NET_ACTIVATION_GRADIENT_CHECK_HPP
#define CTNN_TESTS_NET_ACTIVATION_GRADIENT_CHECK_HPP

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <memory>
#include <vector>

#include <ctnn/core.hpp>
#include <ctnn/training/workspace.hpp>

#include "support/gradient_check.hpp"

namespace ctnn::test {

//! Backprop's gradient of Net's mean loss equals central finite differences (relative error
//! below 1e-6), for random parameters and inputs.
template <class Net, class Targets>
void check_gradient(const Targets& targets, std::size_t batch, unsigned seed) {
  auto net = std::make_unique<Net>();
  const auto params = uniform_values(Net::parameter_count, -1, 1, seed);
  std::copy(params.begin(), params.end(), net->parameters().begin());
  const auto inputs = uniform_values(batch * Net::input_size, -2, 2, seed + 1);

  std::array<double, Net::parameter_count> analytic{};
  const double loss = ctnn::loss_and_gradient(*net, inputs, targets, batch, analytic);
  REQUIRE(loss == Approx(net->loss(inputs, targets, batch)).epsilon(1e-12));
  const auto numeric = numerical_gradient(*net, inputs, targets, batch);
  const double error = relative_error(analytic, numeric);
  CAPTURE(error);
  REQUIRE(error < 1e-6);
}

template <class Act>
using TwoLayers = BasicNet<double, Dense<3, 4, Act>, Dense<4, 2>, MSE>;
template <class Act>
using ThreeLayers = BasicNet<double, Dense<4, 5, Act>, Dense<5, 3, Act>, Dense<3, 2, Act>, MSE>;
template <class Act>
using FourLayers = BasicNet<double, Dense<3, 6, Act>, Dense<6, 4, Act>, Dense<4, 5, Act>,
                            Dense<5, 3>, SoftmaxCE>;

//! The activation in the three nets above: hidden only (two layers, MSE), also on the output
//! (three layers, MSE), and under a softmax (four layers, SoftmaxCE).
template <class Act>
void check_activation_gradients() {
  SECTION("two layers, MSE") {
    const auto targets = uniform_values(5 * 2, -1, 1, 7);
    check_gradient<TwoLayers<Act>>(targets, 5, 11);
  }
  SECTION("three layers, the activation also on the output, MSE") {
    const auto targets = uniform_values(6 * 2, 0, 1, 8);
    check_gradient<ThreeLayers<Act>>(targets, 6, 21);
  }
  SECTION("four layers, SoftmaxCE") {
    const std::vector<int> labels{0, 2, 1, 2, 0, 1, 1};
    check_gradient<FourLayers<Act>>(labels, labels.size(), 31);
  }
}

}  // namespace ctnn::test

#endif
