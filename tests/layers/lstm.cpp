// LSTM against a hand-computed step and PyTorch's equations (tests/layers/sequence_reference.hpp),
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
  const double worst = ctnn::test::largest_difference_from_equations<T, ctnn::LSTM<In, Hidden>, 4>(
      seed, [](const auto& w, const double* x, auto& h, auto& c) {
        ctnn::test::lstm_step(w, x, h, c);
      });
  INFO("LSTM<" << In << ", " << Hidden << ">, largest difference " << worst);
  CHECK(worst <= tolerance);
}

}  // namespace

TEST_CASE("LSTM: a step computed by hand", "[lstm]") {
  // All four gates' input weights 1, everything else 0; x = 1 from h = c = 0:
  // c = σ(1)·0 + σ(1)·tanh(1) = 0.5567699411...; h = σ(1)·tanh(c) = 0.3696063529...
  std::array<double, 4 + 4 + 8> parameters{};
  std::fill_n(parameters.begin(), 4, 1.0);  // W_ih stored [In = 1][4 gates]
  const ctnn::BasicNet<double, ctnn::LSTM<1, 1>> net(parameters);
  auto state = net.make_state();
  CHECK(net.step(std::array{1.0}, state)[0] == Approx(0.36960635293570576).epsilon(1e-15));
  CHECK(std::get<0>(state.layers).c[0] == Approx(0.5567699411459397).epsilon(1e-15));
}

TEST_CASE("LSTM follows PyTorch's equations over 60 steps", "[lstm]") {
  check_against_equations<double, 3, 5>(1, 1e-12);
  check_against_equations<double, 1, 32>(2, 1e-12);
  check_against_equations<float, 3, 5>(3, 2e-5);
  check_against_equations<float, 6, 17>(4, 2e-5);
  check_against_equations<float, 1, 32>(5, 2e-5);
}

TEST_CASE("LSTM's parameters are PyTorch's tensors", "[lstm]") {
  using Layer = ctnn::LSTM<3, 7>;
  STATIC_REQUIRE(Layer::parameter_count == 4 * 7 * (3 + 7) + 2 * 4 * 7);
  // nn.LSTM(3, 7): weight_ih_l0 (4·hidden, input), weight_hh_l0 (4·hidden, hidden).
  CHECK(Layer::parameter_tensors[0].name == "weight_ih_l0");
  CHECK(Layer::parameter_tensors[0].shape.view()[0] == 28);
  CHECK(Layer::parameter_tensors[0].shape.view()[1] == 3);
  CHECK(Layer::parameter_tensors[1].name == "weight_hh_l0");
  CHECK(Layer::parameter_tensors[1].shape.view()[1] == 7);
  CHECK(Layer::parameter_tensors[3].name == "bias_hh_l0");
  CHECK(Layer::name() == "LSTM<3, 7>");
}
