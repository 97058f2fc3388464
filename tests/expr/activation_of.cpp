// ActivationOf: a formula as an activation, trained through its compile-time derivative.

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include <catch2/catch.hpp>

#include <ctnn/core.hpp>
#include <ctnn/expr.hpp>

#include "net/activation_gradient_check.hpp"

namespace {

using namespace ctnn::expr;

constexpr auto swish_f = x * sigmoid(x);
constexpr auto bumpy_f = tanh(x * x * 0.5 + sigmoid(x)) * exp(-x * x * 0.1) + log1p(x * x);
constexpr auto leaky_f = where(x > 0, x, 0.1 * x);
using Swish = ctnn::ActivationOf<swish_f>;
using Bumpy = ctnn::ActivationOf<bumpy_f>;
using Leaky = ctnn::ActivationOf<leaky_f, ctnn::Init::he_uniform>;
using SigmoidOf = ctnn::ActivationOf<sigmoid(x)>;
using TanhOf = ctnn::ActivationOf<tanh(x)>;
using Linear = ctnn::ActivationOf<2 * x - 1>;

TEST_CASE("ActivationOf: the derivative's form decides what a layer keeps", "[expr]") {
  // sigmoid(x) and tanh(x): written in the output; a constant derivative needs nothing either.
  STATIC_REQUIRE(ctnn::DerivativeInOutput<SigmoidOf>);
  STATIC_REQUIRE(ctnn::DerivativeInOutput<TanhOf>);
  STATIC_REQUIRE(ctnn::DerivativeInOutput<Linear>);
  STATIC_REQUIRE(!ctnn::derivative_needs_pre_activation<SigmoidOf>);
  STATIC_REQUIRE(!ctnn::derivative_needs_pre_activation<Linear>);
  // Anything else keeps the pre-activation.
  STATIC_REQUIRE(ctnn::derivative_needs_pre_activation<Swish>);
  STATIC_REQUIRE(ctnn::derivative_needs_pre_activation<Bumpy>);
  STATIC_REQUIRE(ctnn::TrainableActivation<Swish>);
  CHECK(SigmoidOf::df(0.25) == 0.25 * 0.75);
  CHECK(TanhOf::df(0.5) == 0.75);
  CHECK(Linear::df(123.0) == 2);
}

TEST_CASE("ActivationOf: constants are part of the type; the name is the formula", "[expr]") {
  STATIC_REQUIRE(!std::is_same_v<ctnn::ActivationOf<x * 0.5>, ctnn::ActivationOf<x * 0.25>>);
  STATIC_REQUIRE(std::is_same_v<ctnn::ActivationOf<x * 0.5>, ctnn::ActivationOf<x * 0.5>>);
  CHECK(Swish::name() == "x * sigmoid(x)");
  CHECK(ctnn::name_of<ctnn::Dense<3, 4, Leaky>>() == "Dense<3, 4, where(x > 0, x, 0.1 * x)>");
}

template <class Net>
std::array<float, Net::output_size> outputs(const Net& net) {
  std::array<float, Net::input_size> input{};
  for (std::size_t i = 0; i < input.size(); ++i) input[i] = 0.37f * static_cast<float>(i) - 2.1f;
  return net.forward(input);
}

TEST_CASE("ActivationOf: sigmoid(x) and x * sigmoid(x) compute what Sigmoid and SiLU compute",
          "[expr]") {
  using namespace ctnn;
  using Built = Net<Dense<13, 21, Sigmoid>, Dense<21, 7, SiLU>, Dense<7, 3>>;
  // SiLU's weights start He-uniform, as the ReLU family's.
  using SwishHe = ActivationOf<swish_f, Init::he_uniform>;
  using Written = Net<Dense<13, 21, SigmoidOf>, Dense<21, 7, SwishHe>, Dense<7, 3>>;
  Built built;
  built.init(5);
  Written written;
  written.init(5);
  CHECK(std::bit_cast<std::array<std::uint32_t, 3>>(outputs(built)) ==
        std::bit_cast<std::array<std::uint32_t, 3>>(outputs(written)));
}

TEMPLATE_TEST_CASE("ActivationOf: backprop matches finite differences", "[expr][gradient]", Swish,
                   Bumpy, Leaky, SigmoidOf, TanhOf, Linear) {
  ctnn::test::check_activation_gradients<TestType>();
}

}  // namespace
