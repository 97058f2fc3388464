// SGD: gradient-descent steps computed by hand, reproduced exactly.
// The PyTorch comparisons of every optimizer are in pytorch_reference.cpp.

#include <array>
#include <cstddef>
#include <span>

#include <catch2/catch.hpp>

#include <ctnn/optim/sgd.hpp>

namespace {

// Weights v = [-2, 1], α = 0.5; per-observation gradients of a TOTAL (summed) loss.
template <class T>
struct worked_check {
  static constexpr std::array<std::array<T, 2>, 4> observation_grads{
      {{-1, 1}, {-2, 2}, {-3, 2}, {-1, 2}}};
  std::array<T, 2> v{-2, 1};
  ctnn::SGD sgd{.lr = 0.5f};
  typename ctnn::SGD::state_type<T> state = sgd.make_state<T>(2);

  // One step with the summed gradient of observations [first, last).
  void step(std::size_t first, std::size_t last) {
    std::array<T, 2> grad{0, 0};
    for (std::size_t i = first; i < last; ++i) {
      grad[0] += observation_grads[i][0];
      grad[1] += observation_grads[i][1];
    }
    sgd.step(std::span<T>(v), std::span<const T>(grad), state);
  }
};

}  // namespace

TEMPLATE_TEST_CASE("SGD reproduces the lecture's worked gradient-descent check exactly",
                   "[optim][sgd]", float, double) {
  using T = TestType;
  worked_check<T> check;
  using v = std::array<T, 2>;

  SECTION("full batch: one step with the gradient of all four observations") {
    check.step(0, 4);
    CHECK(check.v == v{1.5, -2.5});
  }
  SECTION("mini-batches {1, 2} then {3, 4}") {
    check.step(0, 2);
    CHECK(check.v == v{-0.5, -0.5});
    check.step(2, 4);
    CHECK(check.v == v{1.5, -2.5});
  }
  SECTION("stochastic: one observation at a time") {
    check.step(0, 1);
    CHECK(check.v == v{-1.5, 0.5});
    check.step(1, 2);
    CHECK(check.v == v{-0.5, -0.5});
    check.step(2, 3);
    CHECK(check.v == v{1, -1.5});
    check.step(3, 4);
    CHECK(check.v == v{1.5, -2.5});
  }
}

TEMPLATE_TEST_CASE("SGD reads its hyper-parameters at every step, so a schedule can change them",
                   "[optim][sgd]", float, double) {
  using T = TestType;
  ctnn::SGD sgd{.lr = 1.0f};
  auto state = sgd.make_state<T>(1);
  std::array<T, 1> theta{1};
  const std::array<T, 1> grad{0.5};
  sgd.step(std::span<T>(theta), std::span<const T>(grad), state);
  CHECK(theta[0] == T(0.5));
  sgd.lr = 0.5f;
  sgd.step(std::span<T>(theta), std::span<const T>(grad), state);
  CHECK(theta[0] == T(0.25));
}

TEST_CASE("SGD with momentum copies the first gradient into its buffer, as torch.optim.SGD does",
          "[optim][sgd]") {
  // With dampening 0.5, PyTorch's first step still sets b = g (not 0.5 g); later steps damp.
  const ctnn::SGD sgd{.lr = 1.0f, .momentum = 0.5f, .dampening = 0.5f};
  auto state = sgd.make_state<double>(1);
  std::array<double, 1> theta{0};
  const std::array<double, 1> grad{1};
  sgd.step(std::span<double>(theta), std::span<const double>(grad), state);
  CHECK(state.momentum_buffer[0] == 1.0);
  CHECK(theta[0] == -1.0);
  sgd.step(std::span<double>(theta), std::span<const double>(grad), state);
  CHECK(state.momentum_buffer[0] == 0.5 * 1.0 + 0.5 * 1.0);
  CHECK(theta[0] == -2.0);
}
