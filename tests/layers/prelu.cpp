// PReLU<N>: forward against hand-computed values and against forward_scalar, a net with it
// against PyTorch's nn.PReLU (reference.inc, written by reference.py), backpropagation against
// finite differences, and training with a Trainer.

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <memory>
#include <span>
#include <type_traits>
#include <vector>

#include <ctnn/layers/prelu.hpp>
#include <ctnn/optim.hpp>
#include <ctnn/trainer.hpp>

#include "net/activation_gradient_check.hpp"

#include "layers/reference.inc"

using ctnn::BasicNet;
using ctnn::Dense;
using ctnn::PReLU;

static_assert(ctnn::TrainableLayer<PReLU<7>>);
static_assert(PReLU<7>::parameter_count == 7 && PReLU<7>::weight_count == 0);

namespace {

// y for slopes (0.25, -0.5, 2) and the rows (2, -4, 0) and (-1, 3, -0.5), worked by hand.
constexpr std::array<double, 3> hand_slopes{0.25, -0.5, 2};
constexpr std::array<double, 6> hand_inputs{2, -4, 0, -1, 3, -0.5};
constexpr std::array<double, 6> hand_outputs{2, 2, 0, -0.25, 3, -1};

constexpr std::array<double, 3> scalar_row(std::size_t row) {
  std::array<double, 3> y{};
  PReLU<3>::forward_scalar(hand_slopes.data(), hand_inputs.data() + 3 * row, y.data());
  return y;
}
static_assert(scalar_row(1) == std::array<double, 3>{-0.25, 3, -1},
              "forward_scalar works in constant expressions");

}  // namespace

TEST_CASE("PReLU's forward: hand-computed values", "[layer][prelu]") {
  std::array<double, 6> y{};
  PReLU<3>::forward(hand_slopes.data(), hand_inputs.data(), 2, y.data());
  CHECK(y == hand_outputs);
  for (std::size_t row = 0; row < 2; ++row) {
    const auto expected = std::span(hand_outputs).subspan(3 * row, 3);
    CHECK(std::ranges::equal(scalar_row(row), expected));
  }
}

TEMPLATE_TEST_CASE("PReLU's forward in registers equals forward_scalar", "[layer][prelu][simd]",
                   float, double) {
  using T = TestType;
  constexpr std::size_t n = 19;  // two and a half registers of AVX-512 floats, a scalar tail
  constexpr std::size_t rows = 5;
  const auto slopes = ctnn::test::random_values<T>(n, 1);
  const auto x = ctnn::test::random_values<T>(rows * n, 2);
  std::vector<T> y(rows * n), expected(rows * n);
  PReLU<n>::forward(slopes.data(), x.data(), rows, y.data());
  for (std::size_t r = 0; r < rows; ++r)
    PReLU<n>::forward_scalar(slopes.data(), x.data() + r * n, expected.data() + r * n);
  CHECK(y == expected);
}

TEST_CASE("PReLU starts at slope 0.25, and net.layer<I>() views its slopes", "[layer][prelu]") {
  using Mlp = ctnn::Net<Dense<5, 7>, PReLU<7>, Dense<7, 3>, ctnn::SoftmaxCE>;
  static_assert(std::is_same_v<Mlp::layer_type<1>, PReLU<7>>);
  Mlp net;
  const auto slopes = net.layer<1>();
  static_assert(std::is_same_v<decltype(slopes), const std::span<float, 7>>);
  CHECK(std::ranges::all_of(slopes, [](float a) { return a == 0.25f; }));
  slopes[3] = -1.5f;
  CHECK(net.parameters()[Mlp::parameter_offset(1) + 3] == -1.5f);
  const Mlp& shared = net;
  CHECK(shared.layer<1>()[3] == -1.5f);
}

TEMPLATE_TEST_CASE("a net with PReLU matches PyTorch's nn.PReLU", "[layer][prelu][pytorch]",
                   float, double) {
  using T = TestType;
  using Ref = ctnn::test::layer_reference::prelu_net;
  using Mlp = BasicNet<T, Dense<5, 7>, PReLU<7>, Dense<7, 3>, ctnn::SoftmaxCE>;
  static_assert(Ref::parameters.size() == Mlp::parameter_count);
  // |ctnn - torch| <= tolerance · max(1, |torch|); the inputs are float32 values in both types.
  const double tolerance = std::is_same_v<T, double> ? 1e-12 : 1e-5;
  const auto check_close = [&](double value, double expected) {
    CHECK(std::abs(value - expected) <= tolerance * std::max(1.0, std::abs(expected)));
  };

  auto net = std::make_unique<Mlp>();
  std::ranges::copy(Ref::parameters, net->parameters().begin());
  const std::vector<T> inputs(Ref::inputs.begin(), Ref::inputs.end());
  std::vector<T> logits(Ref::logits.size());
  net->forward(inputs, logits, Ref::batch);
  for (std::size_t k = 0; k < logits.size(); ++k) {
    CAPTURE(k);
    check_close(logits[k], Ref::logits[k]);
  }

  std::array<T, Mlp::parameter_count> gradient{};
  const T loss = ctnn::loss_and_gradient(*net, inputs, Ref::labels, Ref::batch, gradient);
  check_close(loss, Ref::loss);
  check_close(net->loss(inputs, Ref::labels, Ref::batch), Ref::loss);
  for (std::size_t k = 0; k < gradient.size(); ++k) {
    CAPTURE(k);
    check_close(gradient[k], Ref::gradient[k]);
  }
}

TEST_CASE("PReLU's backpropagation matches finite differences", "[layer][prelu][gradient]") {
  SECTION("hidden, under a softmax") {
    const std::vector<int> labels{0, 2, 1, 2, 0, 1, 1, 0, 2};
    ctnn::test::check_gradient<BasicNet<double, Dense<5, 7>, PReLU<7>, Dense<7, 3>,
                                        ctnn::SoftmaxCE>>(labels, labels.size(), 41);
  }
  SECTION("first and last, under MSE") {
    const std::size_t batch = 11;
    const auto targets = ctnn::test::uniform_values(batch * 6, -1, 1, 42);
    ctnn::test::check_gradient<BasicNet<double, PReLU<5>, Dense<5, 6>, PReLU<6>, ctnn::MSE>>(
        targets, batch, 43);
  }
}

TEST_CASE("a Trainer learns PReLU's slopes, and L2 leaves them alone", "[layer][prelu][trainer]") {
  using Mlp = ctnn::Net<Dense<1, 8>, PReLU<8>, Dense<8, 1>, ctnn::MSE>;
  // y = |x| - 0.5 on [-1, 1]: a PReLU net fits it exactly with some slope -1.
  constexpr std::size_t batch = 32;
  std::vector<float> inputs(batch), targets(batch);
  for (std::size_t r = 0; r < batch; ++r) {
    inputs[r] = -1.0f + 2.0f * static_cast<float>(r) / (batch - 1);
    targets[r] = std::abs(inputs[r]) - 0.5f;
  }

  auto net = std::make_unique<Mlp>();
  net->init(4);
  ctnn::Trainer<Mlp, ctnn::Adam> trainer(*net, ctnn::Adam{.lr = 0.01f}, batch);
  const float first_loss = trainer.step(inputs, targets);
  for (int s = 0; s < 500; ++s) trainer.step(inputs, targets);
  const float last_loss = net->loss(inputs, targets, batch);
  CAPTURE(first_loss, last_loss);
  CHECK(last_loss < first_loss / 20);
  CHECK(std::ranges::none_of(net->layer<1>(), [](float a) { return a == 0.25f; }));

  // The slopes are not weights: their gradient is the same with and without L2.
  ctnn::Trainer<Mlp, ctnn::SGD> plain(*net, ctnn::SGD{.lr = 0}, batch);
  ctnn::Trainer<Mlp, ctnn::SGD> with_l2(*net, ctnn::SGD{.lr = 0}, batch);
  with_l2.set_l2(10, batch);
  plain.set_fused_update(false);
  with_l2.set_fused_update(false);
  plain.step(inputs, targets);
  with_l2.step(inputs, targets);
  const std::size_t slopes = Mlp::parameter_offset(1);
  for (std::size_t k = 0; k < Mlp::parameter_count; ++k) {
    CAPTURE(k);
    if (k >= slopes && k < slopes + 8)
      CHECK(with_l2.gradient()[k] == plain.gradient()[k]);
    else if (k < Dense<1, 8>::weight_count)
      CHECK(with_l2.gradient()[k] != plain.gradient()[k]);
  }
}
