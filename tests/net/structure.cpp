// What a net is as a type: sizes, parameter counts, the documented layout of the one flat
// parameter block, hand-set networks evaluated at compile time, and initialization.

#include <catch2/catch.hpp>

#include <cmath>
#include <memory>

#include <ctnn/core.hpp>

using ctnn::Dense;

TEST_CASE("sizes and parameter counts are compile-time constants", "[net]") {
  using Mlp = ctnn::Net<Dense<784, 100, ctnn::Sigmoid>, Dense<100, 10>, ctnn::SoftmaxCE>;
  STATIC_REQUIRE(Mlp::parameter_count == 784 * 100 + 100 + 100 * 10 + 10);
  STATIC_REQUIRE(Mlp::parameter_count == 79510);
  STATIC_REQUIRE(Mlp::input_size == 784);
  STATIC_REQUIRE(Mlp::output_size == 10);
  STATIC_REQUIRE(Mlp::layer_count == 2);
  STATIC_REQUIRE(Mlp::parameter_offset(1) == 784 * 100 + 100);

  // 3 inputs, two hidden layers of 4, 2 outputs: 3·4 + 4·4 + 4·2 = 36 weights and
  // 4 + 4 + 2 = 10 biases.
  using Small = ctnn::Net<Dense<3, 4, ctnn::Sigmoid>, Dense<4, 4, ctnn::Sigmoid>, Dense<4, 2>, ctnn::MSE>;
  STATIC_REQUIRE(Small::parameter_count == 46);
}

TEST_CASE("parameters are one block: layer 0 W[in][out], layer 0 bias, layer 1 ...", "[net]") {
  using Net = ctnn::Net<Dense<2, 3>, Dense<3, 1>, ctnn::MSE>;
  std::array<float, Net::parameter_count> values{};
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>(i);
  Net net(values);

  const auto first = net.layer<0>();
  CHECK(first.weight(0, 0) == 0);
  CHECK(first.weight(0, 2) == 2);  // input 0 -> output 2
  CHECK(first.weight(1, 0) == 3);  // input 1 -> output 0
  CHECK(first.bias[0] == 6);
  const auto second = net.layer<1>();
  CHECK(second.weight(2, 0) == 11);
  CHECK(second.bias[0] == 12);

  net.layer<1>().bias[0] = 100;
  CHECK(net.parameters()[12] == 100);
  CHECK(reinterpret_cast<std::uintptr_t>(net.parameters().data()) % 64 == 0);

  // With x = (1, 2): layer 0 gives (0·1 + 3·2 + 6, 1·1 + 4·2 + 7, 2·1 + 5·2 + 8) = (12, 16, 20);
  // layer 1 gives 9·12 + 10·16 + 11·20 + 100 = 588.
  CHECK(net.forward(std::array<float, 2>{1, 2})[0] == 588);
}

// The lectures' XOR from hard thresholds: h1 = I[x1 + x2 - 0.5 > 0] (OR),
// h2 = I[x1 + x2 - 1.5 > 0] (AND), y = I[h1 - h2 - 0.5 > 0].
using XorNet = ctnn::Net<Dense<2, 2, ctnn::Step>, Dense<2, 1, ctnn::Step>, ctnn::MSE>;
constexpr XorNet xor_net{{/*W0*/ 1, 1, 1, 1, /*b0*/ -0.5f, -1.5f, /*W1*/ 1, -1, /*b1*/ -0.5f}};

TEST_CASE("XOR from hard thresholds, evaluated at compile time", "[net][worked]") {
  STATIC_REQUIRE(xor_net.forward(std::array{0.f, 0.f})[0] == 0);
  STATIC_REQUIRE(xor_net.forward(std::array{0.f, 1.f})[0] == 1);
  STATIC_REQUIRE(xor_net.forward(std::array{1.f, 0.f})[0] == 1);
  STATIC_REQUIRE(xor_net.forward(std::array{1.f, 1.f})[0] == 0);
  // The same net at run time goes through the SIMD kernels.
  CHECK(xor_net.forward(std::array{1.f, 0.f})[0] == 1);
  CHECK(xor_net.forward(std::array{1.f, 1.f})[0] == 0);
}

TEST_CASE("AND as sigmoid(-30 + 20 x1 + 20 x2)", "[net][worked]") {
  const ctnn::Net<Dense<2, 1, ctnn::Sigmoid>, ctnn::BCE> and_net({20, 20, -30});
  CHECK(and_net.forward(std::array{0.f, 0.f})[0] < 0.0001f);
  CHECK(and_net.forward(std::array{0.f, 1.f})[0] < 0.0001f);
  CHECK(and_net.forward(std::array{1.f, 0.f})[0] < 0.0001f);
  CHECK(and_net.forward(std::array{1.f, 1.f})[0] > 0.9999f);
  // sigmoid(10) = 1 / (1 + e^-10)
  CHECK(and_net.predict(std::array{1.f, 1.f})[0] == Approx(1 / (1 + std::exp(-10.0))));
  CHECK(and_net.classify(std::array{1.f, 1.f}) == 1);
  CHECK(and_net.classify(std::array{0.f, 1.f}) == 0);
}

TEST_CASE("initialization: deterministic, zero biases, weights from the activation's scheme",
          "[net][init]") {
  using Net = ctnn::Net<Dense<300, 200, ctnn::Tanh>, Dense<200, 100, ctnn::ReLU>, Dense<100, 10>,
                        ctnn::SoftmaxCE>;
  auto a = std::make_unique<Net>();
  auto b = std::make_unique<Net>();
  a->init(7);
  b->init(7);
  CHECK(std::equal(a->parameters().begin(), a->parameters().end(), b->parameters().begin()));
  b->init(8);
  CHECK(!std::equal(a->parameters().begin(), a->parameters().end(), b->parameters().begin()));

  // U(-a, a) has variance a² / 3; Glorot: a = sqrt(6 / (in + out)), He: a = sqrt(6 / in).
  auto check_layer = [](auto view, double bound) {
    double sum_squares = 0;
    double largest = 0;
    for (float w : view.weights) {
      sum_squares += double(w) * w;
      largest = std::max(largest, std::abs(double(w)));
    }
    CHECK(largest <= bound);
    CHECK(largest > 0.95 * bound);
    const double n = static_cast<double>(view.weights.size());
    // For U(-a, a), Var(w²) / E[w²]² = (a⁴/5) / (a⁴/9) - 1 = 0.8: allow four standard errors.
    const double variance = sum_squares / n;
    CHECK(variance == Approx(bound * bound / 3).epsilon(4 * std::sqrt(0.8 / n)));
    CHECK(std::all_of(view.bias.begin(), view.bias.end(), [](float v) { return v == 0; }));
  };
  check_layer(a->layer<0>(), std::sqrt(6.0 / (300 + 200)));
  check_layer(a->layer<1>(), std::sqrt(6.0 / 200));
  check_layer(a->layer<2>(), std::sqrt(6.0 / (100 + 10)));
}

TEST_CASE("a default-constructed net is initialized, never all zero", "[net][init]") {
  ctnn::Net<Dense<4, 3, ctnn::Sigmoid>, Dense<3, 2>, ctnn::SoftmaxCE> net;
  const auto weights = net.layer<0>().weights;
  CHECK(std::any_of(weights.begin(), weights.end(), [](float w) { return w != 0; }));
  auto reference = net;
  reference.init(decltype(net)::default_seed);
  CHECK(std::equal(net.parameters().begin(), net.parameters().end(), reference.parameters().begin()));
}
