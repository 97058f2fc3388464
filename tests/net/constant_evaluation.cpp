// Nets with smooth activations (sigmoid, tanh, GELU, SiLU, softmax, formulas) run forward,
// predict and classify inside static_assert, and agree with the same scalar code run normally.

#include <array>
#include <cmath>
#include <cstddef>

#include <catch2/catch.hpp>

#include <ctnn/core.hpp>
#include <ctnn/expr.hpp>

namespace {

using namespace ctnn;

// The lecture's AND unit g(-30 + 20 x1 + 20 x2): σ(10) > 0.9999, σ(-10) < 0.0001.
using And = Net<Dense<2, 1, Sigmoid>, BCE>;
constexpr And and_unit(std::array<float, 3>{20, 20, -30});
static_assert(and_unit.classify(std::array{1.f, 1.f}) == 1);
static_assert(and_unit.classify(std::array{1.f, 0.f}) == 0);
static_assert(and_unit.predict(std::array{1.f, 1.f})[0] > 0.9999f);
static_assert(and_unit.predict(std::array{0.f, 1.f})[0] < 0.0001f);

// Softmax of the logits (2, 0, -2) (identity weights): e^2 / (e^2 + 1 + e^-2) = 0.8668.
using Softmax = Net<Dense<3, 3>, SoftmaxCE>;
constexpr Softmax softmax(std::array<float, 12>{1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0});
static_assert(softmax.classify(std::array{2.f, 0.f, -2.f}) == 0);
constexpr float p0 = softmax.predict(std::array{2.f, 0.f, -2.f})[0];
static_assert(p0 > 0.86681f && p0 < 0.86682f);

using namespace ctnn::expr;
using Mixed = Net<Dense<2, 2, Tanh>, Dense<2, 2, ActivationOf<x * sigmoid(x)>>, Dense<2, 1, GELU>,
                  Dense<1, 1, Mish>, Dense<1, 1, ELU<0.5>>>;
constexpr std::array<float, Mixed::parameter_count> mixed_parameters{
    1, 2, 3, 4, 0.5f, -0.5f,  // tanh layer
    1, -1, 0.5f, 2, 0.1f, 0,  // x * sigmoid(x)
    1, 1, 0,                  // GELU
    1.5f, 0,                  // Mish
    -2, 0};                   // ELU<0.5>
constexpr Mixed mixed(mixed_parameters);
constexpr std::array<float, 2> input{0.3f, -0.2f};
constexpr float at_compile_time = mixed.forward(input)[0];

TEST_CASE("a net of smooth activations computes the same at compile time as at run time",
          "[net]") {
  // The scalar path at run time uses the C library; at compile time, constexpr_math in double.
  // Both round each activation to float: a few float ulp apart at most.
  Mixed at_run_time(mixed_parameters);
  const float scalar = at_run_time.forward_scalar(input)[0];
  CAPTURE(at_compile_time, scalar);
  CHECK(std::abs(at_compile_time - scalar) <= 8e-7f * std::abs(scalar));
}

}  // namespace
