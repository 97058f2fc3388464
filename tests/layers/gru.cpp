// GRU against hand-computed steps and PyTorch's equations (tests/layers/sequence_reference.hpp),
// over many steps, at sizes that are not multiples of the SIMD width.

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>

#include <ctnn/core.hpp>

#include "layers/sequence_reference.hpp"

namespace {

template <class T, std::size_t In, std::size_t Hidden>
void check_against_equations(unsigned seed, double tolerance) {
  const double worst = ctnn::test::largest_difference_from_equations<T, ctnn::GRU<In, Hidden>, 3>(
      seed, [](const auto& w, const double* x, auto& h, auto&) { ctnn::test::gru_step(w, x, h); });
  INFO("GRU<" << In << ", " << Hidden << ">, largest difference " << worst);
  CHECK(worst <= tolerance);
}

}  // namespace

TEST_CASE("GRU: a step computed by hand", "[gru]") {
  // W_ir = W_iz = W_in = 1, everything else 0; x = 1 from h = 0:
  // r = z = σ(1), n = tanh(1 + r·0), h = (1 − σ(1))·tanh(1) = 0.2048242148...;
  // then x = 0: r = z = σ(0) = 1/2, n = tanh(0) = 0, h = h/2.
  std::array<double, 3 + 3 + 6> parameters{};
  parameters[0] = parameters[1] = parameters[2] = 1;  // W_ih stored [In = 1][3 gates]
  const ctnn::BasicNet<double, ctnn::GRU<1, 1>> net(parameters);
  auto state = net.make_state();
  CHECK(net.step(std::array{1.0}, state)[0] == Approx(0.20482421480982513).epsilon(1e-15));
  CHECK(net.step(std::array{0.0}, state)[0] == Approx(0.10241210740491256).epsilon(1e-15));
  state.reset();
  CHECK(net.step(std::array{1.0}, state)[0] == Approx(0.20482421480982513).epsilon(1e-15));
}

TEST_CASE("GRU follows PyTorch's equations over 60 steps", "[gru]") {
  check_against_equations<double, 3, 5>(1, 1e-12);
  check_against_equations<double, 2, 19>(2, 1e-12);
  check_against_equations<double, 1, 16>(3, 1e-12);
  check_against_equations<float, 3, 5>(4, 2e-5);
  check_against_equations<float, 7, 33>(5, 2e-5);
  check_against_equations<float, 1, 16>(6, 2e-5);
}

TEST_CASE("GRU's parameters are PyTorch's tensors", "[gru]") {
  using Layer = ctnn::GRU<3, 5>;
  STATIC_REQUIRE(Layer::parameter_count == 3 * 5 * (3 + 5) + 2 * 3 * 5);
  STATIC_REQUIRE(Layer::weight_count == 3 * 5 * (3 + 5));
  CHECK(Layer::parameter_tensors[0].name == "weight_ih_l0");
  CHECK(Layer::parameter_tensors[1].name == "weight_hh_l0");
  CHECK(Layer::parameter_tensors[2].name == "bias_ih_l0");
  CHECK(Layer::parameter_tensors[3].name == "bias_hh_l0");
  // nn.GRU(3, 5): weight_ih_l0 (3·hidden, input), weight_hh_l0 (3·hidden, hidden).
  CHECK(Layer::parameter_tensors[0].shape.view()[0] == 15);
  CHECK(Layer::parameter_tensors[0].shape.view()[1] == 3);
  CHECK(Layer::parameter_tensors[1].shape.view()[1] == 5);
  CHECK(Layer::name() == "GRU<3, 5>");
  // PyTorch's initialization: every parameter within ±1/√hidden, and not all zero.
  ctnn::BasicNet<double, Layer> net;
  const double bound = 1 / std::sqrt(5.0);
  const auto p = net.parameters();
  CHECK(std::all_of(p.begin(), p.end(), [&](double v) { return std::abs(v) <= bound; }));
  CHECK(std::any_of(p.begin(), p.end(), [&](double v) { return std::abs(v) > bound / 2; }));
}
