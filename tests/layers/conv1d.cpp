// The causal Conv1D against nn.Conv1d's definition over a left-padded sequence
// (tests/layers/sequence_reference.hpp): dilations, kernels of one step, an activation, and
// causality itself.

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <random>
#include <vector>

#include <ctnn/core.hpp>

#include "layers/sequence_reference.hpp"

namespace {

// Conv1D<In, Out, Kernel, Dilation, Act> streamed over 50 random steps against the reference
// convolution of the whole sequence followed by φ = Act.
template <class T, std::size_t In, std::size_t Out, std::size_t Kernel, std::size_t Dilation,
          class Act = ctnn::Identity>
double largest_difference(unsigned seed) {
  using Layer = ctnn::Conv1D<In, Out, Kernel, Dilation, Act>;
  ctnn::BasicNet<T, Layer> net;
  net.init(seed);
  const T* p = net.parameters().data();
  // Stored as W[i·Kernel + k][o], then the bias; PyTorch's weight is [Out][In][Kernel].
  std::vector<double> weight(Out * In * Kernel);
  for (std::size_t o = 0; o < Out; ++o)
    for (std::size_t i = 0; i < In; ++i)
      for (std::size_t k = 0; k < Kernel; ++k)
        weight[(o * In + i) * Kernel + k] = p[(i * Kernel + k) * Out + o];
  const std::vector<double> bias(p + In * Kernel * Out, p + In * Kernel * Out + Out);

  constexpr std::size_t steps = 50;
  std::mt19937 random(seed);
  std::normal_distribution<double> normal;
  std::vector<double> x(steps * In);
  for (double& v : x) v = static_cast<double>(static_cast<T>(normal(random)));
  const auto expected =
      ctnn::test::causal_conv1d(weight, bias, x, steps, In, Out, Kernel, Dilation);

  auto state = net.make_state();
  double worst = 0;
  for (std::size_t t = 0; t < steps; ++t) {
    std::array<T, In> x_t{};
    for (std::size_t i = 0; i < In; ++i) x_t[i] = static_cast<T>(x[t * In + i]);
    const auto y = net.step(x_t, state);
    for (std::size_t o = 0; o < Out; ++o) {
      const double want = Act::f(expected[t * Out + o]);
      worst = std::max(worst, std::abs(static_cast<double>(y[o]) - want));
    }
  }
  return worst;
}

}  // namespace

TEST_CASE("Conv1D: a causal convolution computed by hand", "[conv1d]") {
  // One channel, kernel 2, dilation 3: y_t = w0·x_{t−3} + w1·x_t + b, with x before 0 zero.
  // w0 = 2, w1 = 10, b = 1; x = 1, 2, 3, 4, 5 → y = 11, 21, 31, 2·1 + 41, 2·2 + 51.
  const ctnn::BasicNet<double, ctnn::Conv1D<1, 1, 2, 3>> net(std::array{2.0, 10.0, 1.0});
  auto state = net.make_state();
  const std::array expected{11.0, 21.0, 31.0, 43.0, 55.0};
  for (std::size_t t = 0; t < expected.size(); ++t)
    CHECK(net.step(std::array{static_cast<double>(t + 1)}, state)[0] == expected[t]);
}

TEST_CASE("Conv1D equals nn.Conv1d over a left-padded sequence", "[conv1d]") {
  CHECK(largest_difference<double, 2, 3, 3, 1>(1) <= 1e-12);
  CHECK(largest_difference<double, 3, 5, 3, 2>(2) <= 1e-12);
  CHECK(largest_difference<double, 1, 8, 3, 4>(3) <= 1e-12);
  CHECK(largest_difference<double, 4, 3, 1, 7>(4) <= 1e-12);   // a kernel of one step
  CHECK(largest_difference<double, 5, 9, 4, 5>(5) <= 1e-12);   // reaches 15 steps back
  CHECK(largest_difference<double, 3, 17, 2, 64>(6) <= 1e-12);  // further back than the steps
  CHECK(largest_difference<double, 2, 6, 3, 2, ctnn::Tanh>(7) <= 1e-12);
  CHECK(largest_difference<float, 8, 8, 3, 16>(8) <= 1e-5);
  CHECK(largest_difference<float, 3, 19, 3, 2, ctnn::Tanh>(9) <= 1e-5);
}

TEST_CASE("Conv1D sees only the present and the past", "[conv1d]") {
  using Stack = ctnn::Net<ctnn::Conv1D<2, 4, 3, 1>, ctnn::Conv1D<4, 4, 3, 2>, ctnn::Dense<4, 1>>;
  Stack net;
  net.init(3);
  constexpr std::size_t steps = 20;
  std::vector<float> a(steps * 2), b(steps * 2);
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = b[i] = std::sin(0.3f * static_cast<float>(i));
  for (std::size_t i = 12 * 2; i < b.size(); ++i) b[i] += 1.0f;  // the future from step 12 on
  std::vector<float> ya(steps), yb(steps);
  net.forward_sequence(a, steps, ya);
  net.forward_sequence(b, steps, yb);
  for (std::size_t t = 0; t < 12; ++t) CHECK(ya[t] == yb[t]);
  CHECK(ya[12] != yb[12]);
  CHECK(ya[19] != yb[19]);
}

TEST_CASE("Conv1D's parameters are nn.Conv1d's tensors", "[conv1d]") {
  using Layer = ctnn::Conv1D<3, 5, 4, 2, ctnn::Tanh>;
  STATIC_REQUIRE(Layer::parameter_count == 5 * 3 * 4 + 5);
  STATIC_REQUIRE(Layer::receptive_field == 7);
  CHECK(Layer::parameter_tensors[0].name == "weight");
  CHECK(Layer::parameter_tensors[0].shape.view().size() == 3);
  CHECK(Layer::parameter_tensors[0].shape.view()[0] == 5);
  CHECK(Layer::parameter_tensors[0].shape.view()[2] == 4);
  CHECK(Layer::name() == "Conv1D<3, 5, 4, 2, Tanh>");
  CHECK(ctnn::Conv1D<8, 8, 3>::name() == "Conv1D<8, 8, 3>");
  CHECK(ctnn::Conv1D<8, 8, 3, 4>::name() == "Conv1D<8, 8, 3, 4>");
}
