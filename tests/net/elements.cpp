// Standalone activations, inference-only nets and inputs of any contiguous type: what a net's
// elements may be, and that each spelling means the net it should.

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <memory>
#include <span>
#include <type_traits>
#include <vector>

#include <ctnn/core.hpp>
#include <ctnn/optim.hpp>
#include <ctnn/trainer.hpp>

#include "net/activation_gradient_check.hpp"
#include "support/gradient_check.hpp"

using namespace ctnn;
using Catch::Matchers::Contains;

namespace {

using Fused = Net<Dense<4, 8, ReLU>, Dense<8, 3>, SoftmaxCE>;
using Standalone = Net<Dense<4, 8>, ReLU, Dense<8, 3>, SoftmaxCE>;

// An activation after a layer that has one of its own, and one after another: both become
// ActivationLayers, with no parameters.
using Stacked = BasicNet<double, Dense<3, 5, Tanh>, ReLU, Dense<5, 4>, Sigmoid, Tanh,
                         Dense<4, 2>, MSE>;

}  // namespace

TEST_CASE("a standalone activation after Dense is fused into it", "[net][elements]") {
  STATIC_REQUIRE(std::is_same_v<Standalone::layer_type<0>, Fused::layer_type<0>>);
  STATIC_REQUIRE(std::is_same_v<Standalone::layer_type<1>, Fused::layer_type<1>>);
  STATIC_REQUIRE(Standalone::layer_count == 2);
  STATIC_REQUIRE(Standalone::parameter_count == Fused::parameter_count);
  // Element indices count the elements as written, as nn.Sequential counts its modules.
  STATIC_REQUIRE(Standalone::element_index(0) == 0);
  STATIC_REQUIRE(Standalone::element_index(1) == 2);
  STATIC_REQUIRE(Fused::element_index(1) == 1);

  const auto fused = std::make_unique<Fused>();
  const auto standalone = std::make_unique<Standalone>();
  fused->init(5);
  standalone->init(5);
  REQUIRE(std::ranges::equal(fused->parameters(), standalone->parameters()));
  const std::array<float, 4> x{0.5f, -1.25f, 2.0f, 0.75f};
  REQUIRE(fused->forward(x) == standalone->forward(x));
}

TEST_CASE("activations that cannot be fused become layers of their own", "[net][elements]") {
  STATIC_REQUIRE(Stacked::layer_count == 5);
  STATIC_REQUIRE(std::is_same_v<Stacked::layer_type<1>, ActivationLayer<5, ReLU>>);
  STATIC_REQUIRE(std::is_same_v<Stacked::layer_type<2>, Dense<5, 4, Sigmoid>>);
  STATIC_REQUIRE(std::is_same_v<Stacked::layer_type<3>, ActivationLayer<4, Tanh>>);
  STATIC_REQUIRE(Stacked::parameter_count == (3 * 5 + 5) + (5 * 4 + 4) + (4 * 2 + 2));
  STATIC_REQUIRE(Stacked::element_index(3) == 4);
  STATIC_REQUIRE(Stacked::element_index(4) == 5);

  SECTION("forward: relu(tanh(.)) and tanh(sigmoid(.)), by hand") {
    const auto net = std::make_unique<Stacked>();
    const auto params = test::uniform_values(Stacked::parameter_count, -1, 1, 3);
    std::copy(params.begin(), params.end(), net->parameters().begin());
    const std::array<double, 3> x{0.25, -0.5, 1.5};
    const auto dense = [&](const double* p, const double* in, std::size_t n_in, std::size_t n_out,
                           double* out) {
      for (std::size_t o = 0; o < n_out; ++o) {
        double sum = p[n_in * n_out + o];
        for (std::size_t i = 0; i < n_in; ++i) sum += in[i] * p[i * n_out + o];
        out[o] = sum;
      }
    };
    double h1[5], h2[4], y[2];
    dense(params.data(), x.data(), 3, 5, h1);
    for (double& v : h1) v = std::max(0.0, std::tanh(v));
    dense(params.data() + 20, h1, 5, 4, h2);
    for (double& v : h2) v = std::tanh(1 / (1 + std::exp(-v)));
    dense(params.data() + 44, h2, 4, 2, y);
    const auto got = net->forward(x);
    REQUIRE(got[0] == Approx(y[0]).epsilon(1e-13));
    REQUIRE(got[1] == Approx(y[1]).epsilon(1e-13));
  }
  SECTION("gradients match finite differences") {
    const auto targets = test::uniform_values(5 * 2, -1, 1, 9);
    test::check_gradient<Stacked>(targets, 5, 41);
  }
}

TEST_CASE("a BCE net may end with a standalone Sigmoid", "[net][elements]") {
  using Binary = BasicNet<double, Dense<3, 4, Tanh>, Dense<4, 1>, Sigmoid, BCE>;
  STATIC_REQUIRE(std::is_same_v<Binary::layer_type<1>, Dense<4, 1, Sigmoid>>);
  const std::vector<double> targets{0, 1, 1, 0, 1};
  test::check_gradient<Binary>(targets, 5, 17);
}

TEST_CASE("a net without a loss infers", "[net][elements]") {
  using Inference = Net<Dense<4, 8, ReLU>, Dense<8, 3>>;
  STATIC_REQUIRE_FALSE(Inference::has_loss);
  STATIC_REQUIRE(Standalone::has_loss);
  const auto net = std::make_unique<Inference>();
  const std::array<float, 4> x{0.5f, -1.25f, 2.0f, 0.75f};
  const auto y = net->forward(x);
  REQUIRE(net->predict(x) == y);  // no loss: the outputs as they are
  REQUIRE(net->classify(x) ==
          static_cast<std::size_t>(std::ranges::max_element(y) - y.begin()));
  std::vector<float> batch_out(2 * 3);
  const std::vector<float> batch_in{0.5f, -1.25f, 2.0f, 0.75f, 0.5f, -1.25f, 2.0f, 0.75f};
  net->forward(batch_in, batch_out, 2);
  REQUIRE(std::equal(y.begin(), y.end(), batch_out.begin() + 3));
}

TEST_CASE("forward takes any contiguous range and checks its size", "[net][elements][errors]") {
  const auto net = std::make_unique<Fused>();
  const std::array<float, 4> array{0.5f, -1.25f, 2.0f, 0.75f};
  const std::vector<float> vector(array.begin(), array.end());
  REQUIRE(net->forward(vector) == net->forward(array));
  REQUIRE(net->forward(std::span<const float>(vector)) == net->forward(array));
  REQUIRE(net->classify(vector) == net->classify(array));
  REQUIRE(net->predict(vector) == net->predict(array));

  const std::vector<float> short_input{0.5f, -1.25f, 2.0f};
  REQUIRE_THROWS_WITH(net->forward(short_input),
                      Contains("ctnn::Net::forward") && Contains("holds 3 values") &&
                          Contains("input_size is 4"));
  REQUIRE_THROWS_WITH(net->classify(std::vector<float>(5)), Contains("holds 5 values"));
}

TEST_CASE("a step whose loss is not finite throws and changes nothing", "[net][trainer][errors]") {
  using Mlp = Net<Dense<3, 5, Tanh>, Dense<5, 2>, MSE>;
  auto net = std::make_unique<Mlp>();
  const std::vector<float> targets(3 * 2, 0.5f);
  std::vector<float> inputs{0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f};
  inputs[5] = std::nanf("");  // sample 1, feature 2

  const auto check = [&](auto& trainer) {
    const std::vector<float> before(net->parameters().begin(), net->parameters().end());
    REQUIRE_THROWS_WITH(trainer.step(inputs, targets),
                        Contains("sample 1 of the batch") && Contains("feature 2") &&
                            Contains("parameters are unchanged"));
    REQUIRE(std::ranges::equal(before, net->parameters()));
  };
  SECTION("fused SGD") {
    Trainer<Mlp, SGD> trainer(*net, SGD{.lr = 0.1f}, 4);
    REQUIRE(trainer.fused_update());
    check(trainer);
  }
  SECTION("Adam, two threads") {
    Trainer<Mlp, Adam> trainer(*net, Adam{}, 4, 2);
    check(trainer);
  }
  SECTION("an overflowing loss with finite inputs") {
    using Linear = Net<Dense<3, 2>, MSE>;
    auto linear = std::make_unique<Linear>();
    Trainer<Linear, SGD> trainer(*linear, SGD{.lr = 0.1f}, 4);
    std::ranges::fill(inputs, 3e38f);
    const std::vector<float> before(linear->parameters().begin(), linear->parameters().end());
    REQUIRE_THROWS_WITH(trainer.step(inputs, targets),
                        Contains("not finite, with finite inputs"));
    REQUIRE(std::ranges::equal(before, linear->parameters()));
  }
}
