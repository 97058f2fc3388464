// Backpropagation on sizes around the SIMD width: against finite differences in double, and
// float against double (the float registers hold twice the lanes, so their tails fall elsewhere).

#include "activation_gradient_check.hpp"

TEST_CASE("backprop matches finite differences on sizes around the SIMD width", "[gradient]") {
  // Widths 1, 7, 13, 16, 17 and 33 exercise full registers, scalar tails and single columns;
  // batches 1, 4 and 9 exercise the kernel's 4-row blocks and the leftover rows.
  using Net = ctnn::BasicNet<double, ctnn::Dense<7, 13, ctnn::Tanh>,
                             ctnn::Dense<13, 33, ctnn::Sigmoid>, ctnn::Dense<33, 17, ctnn::ReLU>,
                             ctnn::Dense<17, 16, ctnn::Softplus>,
                             ctnn::Dense<16, 1>, ctnn::MSE>;
  for (std::size_t batch : {1u, 4u, 9u}) {
    CAPTURE(batch);
    const auto targets = ctnn::test::uniform_values(batch, -1, 1, 40);
    ctnn::test::check_gradient<Net>(targets, batch, 41);
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
  const double wide_loss = ctnn::loss_and_gradient(wide, inputs, labels, batch, wide_gradient);
  const float narrow_loss = ctnn::loss_and_gradient(narrow, float_inputs, labels, batch, narrow_gradient);
  REQUIRE(narrow_loss == Approx(wide_loss).epsilon(1e-5));
  const std::vector<double> widened(narrow_gradient.begin(), narrow_gradient.end());
  REQUIRE(ctnn::test::relative_error(widened, wide_gradient) < 1e-5);
}
