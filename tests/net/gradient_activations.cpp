// Backpropagation agrees with finite differences for every trainable activation, in nets of
// two to four layers (MATH.md: "backprop gradients are checked against finite differences").

#include <catch2/catch.hpp>

#include <ctnn/ctnn.hpp>

#include "support/gradient_check.hpp"

namespace {

template <class Net, class Targets>
void check_gradient(const Targets& targets, std::size_t batch, unsigned seed) {
  auto net = std::make_unique<Net>();
  const auto params = ctnn::test::uniform_values(Net::parameter_count, -1, 1, seed);
  std::copy(params.begin(), params.end(), net->parameters().begin());
  const auto inputs = ctnn::test::uniform_values(batch * Net::input_size, -2, 2, seed + 1);

  std::array<double, Net::parameter_count> analytic{};
  const double loss = net->loss_and_gradient(inputs, targets, batch, analytic);
  REQUIRE(loss == Approx(net->loss(inputs, targets, batch)).epsilon(1e-12));
  const auto numeric = ctnn::test::numerical_gradient(*net, inputs, targets, batch);
  const double error = ctnn::test::relative_error(analytic, numeric);
  CAPTURE(error);
  REQUIRE(error < 1e-6);
}

template <class Act>
using TwoLayers = ctnn::BasicNet<double, ctnn::Dense<3, 4, Act>, ctnn::Dense<4, 2>, ctnn::MSE>;
template <class Act>
using ThreeLayers = ctnn::BasicNet<double, ctnn::Dense<4, 5, Act>, ctnn::Dense<5, 3, Act>,
                                   ctnn::Dense<3, 2, Act>, ctnn::MSE>;
template <class Act>
using FourLayers = ctnn::BasicNet<double, ctnn::Dense<3, 6, Act>, ctnn::Dense<6, 4, Act>,
                                  ctnn::Dense<4, 5, Act>, ctnn::Dense<5, 3>, ctnn::SoftmaxCE>;

}  // namespace

TEMPLATE_TEST_CASE("backprop matches finite differences for each activation", "[gradient]",
                   ctnn::Identity, ctnn::Sigmoid, ctnn::Tanh, ctnn::ReLU, ctnn::LeakyReLU,
                   ctnn::Softplus) {
  SECTION("two layers, MSE") {
    const auto targets = ctnn::test::uniform_values(5 * 2, -1, 1, 7);
    check_gradient<TwoLayers<TestType>>(targets, 5, 11);
  }
  SECTION("three layers, the activation also on the output, MSE") {
    const auto targets = ctnn::test::uniform_values(6 * 2, 0, 1, 8);
    check_gradient<ThreeLayers<TestType>>(targets, 6, 21);
  }
  SECTION("four layers, SoftmaxCE") {
    const std::vector<int> labels{0, 2, 1, 2, 0, 1, 1};
    check_gradient<FourLayers<TestType>>(labels, labels.size(), 31);
  }
}

TEST_CASE("backprop matches finite differences on sizes around the SIMD width", "[gradient]") {
  // Widths 1, 7, 13, 16, 17 and 33 exercise full registers, scalar tails and single columns;
  // batches 1, 4 and 9 exercise the kernel's 4-row blocks and the leftover rows.
  using Net = ctnn::BasicNet<double, ctnn::Dense<7, 13, ctnn::Tanh>, ctnn::Dense<13, 33, ctnn::Sigmoid>,
                             ctnn::Dense<33, 17, ctnn::ReLU>, ctnn::Dense<17, 16, ctnn::Softplus>,
                             ctnn::Dense<16, 1>, ctnn::MSE>;
  for (std::size_t batch : {1u, 4u, 9u}) {
    CAPTURE(batch);
    const auto targets = ctnn::test::uniform_values(batch, -1, 1, 40);
    check_gradient<Net>(targets, batch, 41);
  }
}

TEST_CASE("float and double gradients agree on sizes around the SIMD width", "[gradient]") {
  // The float path uses twice as many lanes per register as the double path, so its tails
  // fall elsewhere; finite differences in float would be too coarse, so compare to double.
  using DoubleNet = ctnn::BasicNet<double, ctnn::Dense<13, 33, ctnn::Tanh>,
                                   ctnn::Dense<33, 17, ctnn::LeakyReLU>, ctnn::Dense<17, 7>,
                                   ctnn::SoftmaxCE>;
  using FloatNet = ctnn::Net<ctnn::Dense<13, 33, ctnn::Tanh>, ctnn::Dense<33, 17, ctnn::LeakyReLU>,
                             ctnn::Dense<17, 7>, ctnn::SoftmaxCE>;
  const std::size_t batch = 11;
  const std::vector<unsigned> labels{0, 6, 3, 2, 5, 1, 4, 6, 0, 2, 3};
  const auto params = ctnn::test::uniform_values(DoubleNet::parameter_count, -0.5, 0.5, 50);
  const auto inputs = ctnn::test::uniform_values(batch * DoubleNet::input_size, -1, 1, 51);

  DoubleNet wide;
  std::copy(params.begin(), params.end(), wide.parameters().begin());
  FloatNet narrow;
  std::transform(params.begin(), params.end(), narrow.parameters().begin(),
                 [](double p) { return static_cast<float>(p); });
  const std::vector<float> float_inputs(inputs.begin(), inputs.end());

  std::array<double, DoubleNet::parameter_count> wide_gradient{};
  std::array<float, FloatNet::parameter_count> narrow_gradient{};
  const double wide_loss = wide.loss_and_gradient(inputs, labels, batch, wide_gradient);
  const float narrow_loss = narrow.loss_and_gradient(float_inputs, labels, batch, narrow_gradient);
  REQUIRE(narrow_loss == Approx(wide_loss).epsilon(1e-5));
  const std::vector<double> widened(narrow_gradient.begin(), narrow_gradient.end());
  REQUIRE(ctnn::test::relative_error(widened, wide_gradient) < 1e-5);
}
