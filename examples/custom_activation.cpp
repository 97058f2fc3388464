// An activation of one's own, written as a formula: ctnn derives its derivative at compile time,
// evaluates both with SIMD inside the layers' kernels, and trains through them. Here a smooth,
// ReLU-like "softened GELU" x·σ(1.702 x), fitted to y = sin(x) on [-3, 3]; the program prints
// the formula, the derivative ctnn derived, and the fit.

#include <array>
#include <cmath>
#include <cstdio>
#include <vector>

#include <ctnn/ctnn.hpp>
#include <ctnn/expr.hpp>

using namespace ctnn::expr;  // the variable x and the functions of a formula

constexpr auto soft_gelu = x * sigmoid(1.702 * x);
using SoftGelu = ctnn::ActivationOf<soft_gelu, ctnn::Init::he_uniform>;

using Curve = ctnn::Net<ctnn::Dense<1, 24, SoftGelu>, ctnn::Dense<24, 24, SoftGelu>,
                        ctnn::Dense<24, 1>, ctnn::MSE>;

int main() {
  std::printf("activation: %s\n", to_string(soft_gelu).c_str());
  std::printf("derivative: %s\n", to_string(derivative(soft_gelu)).c_str());

  const std::size_t n = 256;
  std::vector<float> inputs(n), targets(n);
  for (std::size_t i = 0; i < n; ++i) {
    inputs[i] = -3.0f + 6.0f * static_cast<float>(i) / static_cast<float>(n - 1);
    targets[i] = std::sin(inputs[i]);
  }
  const ctnn::data::Dataset<float, float> samples(inputs, 1, targets, 1);

  Curve net;
  net.init(3);
  ctnn::Trainer<Curve, ctnn::Adam> trainer(net, ctnn::Adam{.lr = 0.01f}, 32);
  ctnn::FitOptions options;
  options.epochs = 300;
  options.batch_size = 32;
  options.progress_mode = ctnn::Progress::Mode::quiet;
  ctnn::fit(trainer, samples, options);

  for (float at = -3.0f; at <= 3.01f; at += 1.0f) {
    std::printf("x=%5.2f  sin(x)=%7.4f  fit=%7.4f\n", at, std::sin(at),
                net.forward(std::array{at})[0]);
  }
  const ctnn::Evaluation result = ctnn::evaluate(net, samples);
  std::printf("mse=%.5f\n", result.mse);
  return result.mse < 0.01 ? 0 : 1;
}
