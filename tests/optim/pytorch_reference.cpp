// Every optimizer against torch.optim: 5 steps on 37 parameters with a fixed gradient sequence,
// for several option combinations, compared after each step with the numbers PyTorch computed in
// float64 (pytorch_reference.inc, written by pytorch_reference.py).

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

#include <catch2/catch.hpp>

#include <ctnn/optim.hpp>

#include "optim/pytorch_reference.inc"

namespace {

namespace ref = ctnn::test::pytorch_reference;

// The tolerance on |ctnn - torch| / |torch| (the reference values are all away from 0).
template <class T>
constexpr double tolerance = sizeof(T) == sizeof(double) ? 1e-6 : 1e-5;

// Runs one reference case in T. The arrays sit one element into larger buffers with guard
// values around them: the pointers are then not SIMD-aligned, and a write past either end shows.
template <class T, class O>
void check_against_pytorch(const ref::reference_case<O>& reference) {
  constexpr std::size_t n = ref::parameter_count;
  constexpr T guard = T(12345);
  INFO(reference.name);

  std::vector<T> params_buffer(n + 2, guard);
  std::vector<T> grads_buffer(n + 2, guard);
  const std::span<T> params(params_buffer.data() + 1, n);
  const std::span<T> grads(grads_buffer.data() + 1, n);
  std::copy_n(ref::initial_params, n, params.begin());  // exact: float values stored as double

  const O optimizer = reference.optimizer;
  auto state = optimizer.template make_state<T>(n);
  for (std::size_t s = 0; s < ref::step_count; ++s) {
    std::copy_n(ref::grads[s], n, grads.begin());
    optimizer.step(params, std::span<const T>(grads), state);

    double worst = 0;
    std::size_t worst_index = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double expected = reference.params[s][i];
      const double error = std::abs(static_cast<double>(params[i]) - expected) / std::abs(expected);
      if (!(error <= worst)) {  // also catches NaN
        worst = error;
        worst_index = i;
      }
    }
    INFO("after step " << s + 1 << ", parameter " << worst_index << ": ctnn "
                       << static_cast<double>(params[worst_index]) << ", torch "
                       << reference.params[s][worst_index]);
    REQUIRE(worst <= tolerance<T>);
  }
  CHECK(params_buffer.front() == guard);
  CHECK(params_buffer.back() == guard);
}

template <class T, class O, std::size_t N>
void check_all(const ref::reference_case<O> (&cases)[N]) {
  for (const auto& reference : cases) {
    DYNAMIC_SECTION(reference.name) { check_against_pytorch<T>(reference); }
  }
}

}  // namespace

TEMPLATE_TEST_CASE("SGD matches torch.optim.SGD", "[optim][sgd][pytorch]", float, double) {
  check_all<TestType>(ref::sgd_cases);
}

TEMPLATE_TEST_CASE("Adam matches torch.optim.Adam", "[optim][adam][pytorch]", float, double) {
  check_all<TestType>(ref::adam_cases);
}

TEMPLATE_TEST_CASE("RMSProp matches torch.optim.RMSprop", "[optim][rmsprop][pytorch]", float,
                   double) {
  check_all<TestType>(ref::rmsprop_cases);
}

TEMPLATE_TEST_CASE("Adagrad matches torch.optim.Adagrad", "[optim][adagrad][pytorch]", float,
                   double) {
  check_all<TestType>(ref::adagrad_cases);
}
