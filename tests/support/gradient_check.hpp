#ifndef CTNN_TESTS_SUPPORT_GRADIENT_CHECK_HPP
#define CTNN_TESTS_SUPPORT_GRADIENT_CHECK_HPP

// Finite-difference checks of ctnn's backpropagation: the independent reason for every
// expected gradient in the tests that use it.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <random>
#include <span>
#include <vector>

namespace ctnn::test {

// d(mean loss)/d(parameter) by central differences, one parameter at a time, on a copy of the
// net (taken by reference: GCC notes a psABI change for 64-byte-aligned arguments by value).
template <class Net, class Targets>
std::vector<double> numerical_gradient(const Net& original, std::span<const double> inputs,
                                       const Targets& targets, std::size_t batch,
                                       double step = 1e-6) {
  Net net = original;
  std::vector<double> gradient(Net::parameter_count);
  auto params = net.parameters();
  for (std::size_t i = 0; i < Net::parameter_count; ++i) {
    const double saved = params[i];
    params[i] = saved + step;
    const double up = net.loss(inputs, targets, batch);
    params[i] = saved - step;
    const double down = net.loss(inputs, targets, batch);
    params[i] = saved;
    gradient[i] = (up - down) / (2 * step);
  }
  return gradient;
}

// ‖a - b‖ / (‖a‖ + ‖b‖): the usual relative error of two gradients (0 when both are 0).
inline double relative_error(std::span<const double> a, std::span<const double> b) {
  double diff = 0, norm_a = 0, norm_b = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff += (a[i] - b[i]) * (a[i] - b[i]);
    norm_a += a[i] * a[i];
    norm_b += b[i] * b[i];
  }
  const double denominator = std::sqrt(norm_a) + std::sqrt(norm_b);
  return denominator == 0 ? 0 : std::sqrt(diff) / denominator;
}

// Uniform numbers in [low, high) from a fixed seed.
inline std::vector<double> uniform_values(std::size_t count, double low, double high,
                                          unsigned seed) {
  std::mt19937 engine(seed);
  std::uniform_real_distribution<double> uniform(low, high);
  std::vector<double> values(count);
  std::generate(values.begin(), values.end(), [&] { return uniform(engine); });
  return values;
}

// Uniform numbers in [-1, 1) from a fixed seed, in the type T that a kernel computes in.
template <class T>
std::vector<T> random_values(std::size_t count, unsigned seed) {
  const auto values = uniform_values(count, -1, 1, seed);
  return std::vector<T>(values.begin(), values.end());
}

}  // namespace ctnn::test

#endif
