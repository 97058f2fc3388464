// Laws every optimizer obeys (the Optimizer concept, no allocation in step, descent, validation),
// checked for each optimizer in several configurations, in float and double.

#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <vector>

#include <catch2/catch.hpp>

#include <ctnn/optim.hpp>
#include "support/allocation_counter.hpp"

namespace {

// Configurations of each optimizer, with the number of buffers make_state must allocate: the
// defaults, and every option that needs a buffer switched on.
template <class O>
struct configuration {
  O optimizer;
  std::size_t buffers;
};

template <class O>
std::vector<configuration<O>> configurations();

template <>
std::vector<configuration<ctnn::SGD>> configurations() {
  return {{{}, 0},
          {{.lr = 0.1f, .momentum = 0.9f}, 1},
          {{.lr = 0.1f, .momentum = 0.9f, .dampening = 0.1f}, 1},
          {{.lr = 0.1f, .momentum = 0.9f, .nesterov = true}, 1}};
}
template <>
std::vector<configuration<ctnn::Adam>> configurations() {
  return {{{}, 2}, {{.amsgrad = true}, 3}};
}
template <>
std::vector<configuration<ctnn::RMSProp>> configurations() {
  return {{{}, 1},
          {{.centered = true}, 2},
          {{.momentum = 0.9f}, 2},
          {{.momentum = 0.9f, .centered = true}, 3}};
}
template <>
std::vector<configuration<ctnn::Adagrad>> configurations() {
  return {{{}, 1}, {{.lr = 0.1f, .lr_decay = 0.1f, .initial_accumulator_value = 0.1f}, 1}};
}

// Calls check.template operator()<T>(config) for T = float, double and every configuration.
template <class O, class Check>
void for_each_configuration(Check check) {
  const std::vector<configuration<O>> all = configurations<O>();
  for (std::size_t c = 0; c < all.size(); ++c) {
    INFO("configuration " << c);
    check.template operator()<float>(all[c]);
    check.template operator()<double>(all[c]);
  }
}

// A parameter block longer than any SIMD register, not a multiple of one, with gradients of both
// signs and several magnitudes.
constexpr std::size_t n = 45;

template <class T>
std::vector<T> some_params() {
  std::vector<T> params(n);
  for (std::size_t i = 0; i < n; ++i) params[i] = static_cast<T>(1.0 + 0.25 * double(i % 7));
  return params;
}

template <class T>
std::vector<T> some_grads(int step) {
  std::vector<T> grads(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double sign = (i + static_cast<std::size_t>(step)) % 3 == 0 ? -1.0 : 1.0;
    grads[i] =
        static_cast<T>(sign * (0.1 + 0.3 * double((i * 5 + static_cast<std::size_t>(step)) % 11)));
  }
  return grads;
}

struct not_an_optimizer {};

struct no_step {
  template <class T>
  struct state_type {};
  template <class T>
  state_type<T> make_state(std::size_t) const {
    return {};
  }
};

struct float_only {
  template <class T>
  struct state_type {};
  template <class T>
  state_type<T> make_state(std::size_t) const {
    return {};
  }
  void step(std::span<float>, std::span<const float>, state_type<float>&) const {}
};

struct make_state_returns_wrong_type {
  template <class T>
  struct state_type {};
  template <class T>
  int make_state(std::size_t) const {
    return 0;
  }
  template <class T>
  void step(std::span<T>, std::span<const T>, state_type<T>&) const {}
};

}  // namespace

TEST_CASE("Optimizer accepts the four optimizers and rejects other types", "[optim][concept]") {
  STATIC_REQUIRE(ctnn::Optimizer<ctnn::SGD>);
  STATIC_REQUIRE(ctnn::Optimizer<ctnn::Adam>);
  STATIC_REQUIRE(ctnn::Optimizer<ctnn::RMSProp>);
  STATIC_REQUIRE(ctnn::Optimizer<ctnn::Adagrad>);
  STATIC_REQUIRE(ctnn::Optimizer<ctnn::SGD, double>);
  STATIC_REQUIRE(ctnn::Optimizer<ctnn::Adam, double>);
  STATIC_REQUIRE(ctnn::Optimizer<ctnn::RMSProp, double>);
  STATIC_REQUIRE(ctnn::Optimizer<ctnn::Adagrad, double>);

  STATIC_REQUIRE(!ctnn::Optimizer<int>);
  STATIC_REQUIRE(!ctnn::Optimizer<not_an_optimizer>);
  STATIC_REQUIRE(!ctnn::Optimizer<no_step>);
  STATIC_REQUIRE(!ctnn::Optimizer<make_state_returns_wrong_type>);
  STATIC_REQUIRE(ctnn::Optimizer<float_only, float>);
  STATIC_REQUIRE(!ctnn::Optimizer<float_only, double>);
}

TEST_CASE("Optimizers are aggregates whose defaults are PyTorch's", "[optim]") {
  constexpr ctnn::SGD sgd{0.5f};  // lr comes first
  STATIC_REQUIRE(sgd.lr == 0.5f);
  STATIC_REQUIRE(ctnn::SGD{.lr = 0.1f}.lr == 0.1f);

  constexpr ctnn::SGD s{};
  CHECK(s.lr == 0.01f);
  CHECK(s.momentum == 0.0f);
  CHECK(s.dampening == 0.0f);
  CHECK_FALSE(s.nesterov);

  constexpr ctnn::Adam a{};
  CHECK(a.lr == 1e-3f);
  CHECK(a.beta1 == 0.9f);
  CHECK(a.beta2 == 0.999f);
  CHECK(a.eps == 1e-8f);
  CHECK_FALSE(a.amsgrad);

  constexpr ctnn::RMSProp r{};
  CHECK(r.lr == 1e-2f);
  CHECK(r.alpha == 0.99f);
  CHECK(r.eps == 1e-8f);
  CHECK(r.momentum == 0.0f);
  CHECK_FALSE(r.centered);

  constexpr ctnn::Adagrad g{};
  CHECK(g.lr == 1e-2f);
  CHECK(g.lr_decay == 0.0f);
  CHECK(g.initial_accumulator_value == 0.0f);
  CHECK(g.eps == 1e-10f);
}

TEMPLATE_TEST_CASE("make_state allocates the buffers the options need; step allocates nothing",
                   "[optim][allocation]", ctnn::SGD, ctnn::Adam, ctnn::RMSProp, ctnn::Adagrad) {
  for_each_configuration<TestType>([]<class T>(const configuration<TestType>& config) {
    INFO((sizeof(T) == sizeof(float) ? "float" : "double"));
    std::vector<T> params = some_params<T>();
    const std::vector<T> grads = some_grads<T>(0);

    const std::size_t before_make = ctnn::test::allocation_count();
    auto state = config.optimizer.template make_state<T>(n);
    const std::size_t made = ctnn::test::allocation_count() - before_make;
    CHECK(made == config.buffers);

    const std::size_t before_steps = ctnn::test::allocation_count();
    for (int s = 0; s < 3; ++s) {
      config.optimizer.step(std::span<T>(params), std::span<const T>(grads), state);
    }
    const std::size_t during_steps = ctnn::test::allocation_count() - before_steps;
    CHECK(during_steps == 0);
  });
}

TEMPLATE_TEST_CASE("A zero gradient from a fresh state changes nothing", "[optim][law]", ctnn::SGD,
                   ctnn::Adam, ctnn::RMSProp, ctnn::Adagrad) {
  for_each_configuration<TestType>([]<class T>(const configuration<TestType>& config) {
    std::vector<T> params = some_params<T>();
    const std::vector<T> zeros(n, T(0));
    auto state = config.optimizer.template make_state<T>(n);
    config.optimizer.step(std::span<T>(params), std::span<const T>(zeros), state);
    CHECK(params == some_params<T>());
  });
}

TEMPLATE_TEST_CASE("The first step moves every parameter against its gradient", "[optim][law]",
                   ctnn::SGD, ctnn::Adam, ctnn::RMSProp, ctnn::Adagrad) {
  for_each_configuration<TestType>([]<class T>(const configuration<TestType>& config) {
    const std::vector<T> initial = some_params<T>();
    std::vector<T> params = initial;
    const std::vector<T> grads = some_grads<T>(0);
    auto state = config.optimizer.template make_state<T>(n);
    config.optimizer.step(std::span<T>(params), std::span<const T>(grads), state);
    for (std::size_t i = 0; i < n; ++i) {
      INFO("parameter " << i);
      CHECK((params[i] - initial[i]) * grads[i] < 0);
    }
  });
}

TEMPLATE_TEST_CASE(
    "Each parameter is updated independently: SIMD batches agree with the scalar tail",
    "[optim][law]", ctnn::SGD, ctnn::Adam, ctnn::RMSProp, ctnn::Adagrad) {
  // The whole block runs mostly in SIMD batches; one parameter at a time runs the scalar tail.
  for_each_configuration<TestType>([]<class T>(const configuration<TestType>& config) {
    std::vector<T> block = some_params<T>();
    std::vector<T> one_by_one = some_params<T>();
    auto block_state = config.optimizer.template make_state<T>(n);
    std::vector<decltype(block_state)> states;
    for (std::size_t i = 0; i < n; ++i)
      states.push_back(config.optimizer.template make_state<T>(1));
    for (int s = 0; s < 4; ++s) {
      const std::vector<T> grads = some_grads<T>(s);
      config.optimizer.step(std::span<T>(block), std::span<const T>(grads), block_state);
      for (std::size_t i = 0; i < n; ++i) {
        config.optimizer.step(std::span<T>(&one_by_one[i], 1), std::span<const T>(&grads[i], 1),
                              states[i]);
      }
    }
    // Equal up to rounding: compilers may fuse a multiply-add in one path and not the other.
    // Parameters are of order 1, so the tolerance is absolute there and relative above.
    const double tolerance = 16 * std::numeric_limits<T>::epsilon();
    for (std::size_t i = 0; i < n; ++i) {
      INFO("parameter " << i);
      CHECK(block[i] == Approx(one_by_one[i]).epsilon(tolerance).margin(tolerance));
    }
  });
}

TEMPLATE_TEST_CASE("A step over no parameters does nothing", "[optim][law]", ctnn::SGD, ctnn::Adam,
                   ctnn::RMSProp, ctnn::Adagrad) {
  for_each_configuration<TestType>([]<class T>(const configuration<TestType>& config) {
    auto state = config.optimizer.template make_state<T>(0);
    config.optimizer.step(std::span<T>(), std::span<const T>(), state);
    SUCCEED();
  });
}

TEST_CASE("make_state rejects the settings torch.optim rejects", "[optim][validation]") {
  constexpr float nan = std::numeric_limits<float>::quiet_NaN();
  using Catch::Matchers::Contains;
  CHECK_THROWS_WITH(ctnn::SGD{.lr = -1.0f}.make_state<float>(1), Contains("ctnn::SGD: lr"));
  CHECK_THROWS_AS(ctnn::SGD{.lr = nan}.make_state<float>(1), ctnn::error);
  CHECK_THROWS_AS(ctnn::SGD{.momentum = -0.5f}.make_state<float>(1), ctnn::error);
  CHECK_THROWS_AS(ctnn::SGD{.dampening = -0.5f}.make_state<float>(1), ctnn::error);
  CHECK_THROWS_WITH(ctnn::SGD{.nesterov = true}.make_state<float>(1), Contains("nesterov"));
  CHECK_THROWS_AS(
      (ctnn::SGD{.momentum = 0.9f, .dampening = 0.1f, .nesterov = true}.make_state<float>(1)),
      ctnn::error);
  CHECK_NOTHROW(ctnn::SGD{.momentum = 0.9f, .nesterov = true}.make_state<float>(1));

  CHECK_THROWS_AS(ctnn::Adam{.lr = -1.0f}.make_state<double>(1), ctnn::error);
  CHECK_THROWS_WITH(ctnn::Adam{.beta1 = 1.0f}.make_state<double>(1), Contains("beta1"));
  CHECK_THROWS_WITH(ctnn::Adam{.beta2 = -0.1f}.make_state<double>(1), Contains("beta2"));
  CHECK_THROWS_AS(ctnn::Adam{.eps = -1.0f}.make_state<double>(1), ctnn::error);
  CHECK_NOTHROW(ctnn::Adam{.beta1 = 0.0f}.make_state<double>(1));

  CHECK_THROWS_AS(ctnn::RMSProp{.lr = -1.0f}.make_state<float>(1), ctnn::error);
  CHECK_THROWS_WITH(ctnn::RMSProp{.alpha = -0.5f}.make_state<float>(1), Contains("alpha"));
  CHECK_THROWS_AS(ctnn::RMSProp{.eps = -1.0f}.make_state<float>(1), ctnn::error);
  CHECK_THROWS_AS(ctnn::RMSProp{.momentum = -0.5f}.make_state<float>(1), ctnn::error);

  CHECK_THROWS_AS(ctnn::Adagrad{.lr = -1.0f}.make_state<float>(1), ctnn::error);
  CHECK_THROWS_WITH(ctnn::Adagrad{.lr_decay = -1.0f}.make_state<float>(1), Contains("lr_decay"));
  CHECK_THROWS_AS(ctnn::Adagrad{.initial_accumulator_value = -1.0f}.make_state<float>(1),
                  ctnn::error);
  CHECK_THROWS_AS(ctnn::Adagrad{.eps = -1.0f}.make_state<float>(1), ctnn::error);
}

TEMPLATE_TEST_CASE("Adam, RMSProp and Adagrad count their steps", "[optim]", ctnn::Adam,
                   ctnn::RMSProp, ctnn::Adagrad) {
  const TestType optimizer{};
  auto state = optimizer.template make_state<double>(2);
  std::vector<double> params{1, 2};
  const std::vector<double> grads{0.5, -0.5};
  CHECK(state.step_count == 0);
  for (int s = 0; s < 3; ++s)
    optimizer.step(std::span<double>(params), std::span<const double>(grads), state);
  CHECK(state.step_count == 3);
}
