// Fits y = sin(x) on [-3, 3] with a small tanh network and mean squared error, then prints the
// fit next to the truth.

#include <cmath>
#include <cstdio>
#include <vector>

#include <ctnn/ctnn.hpp>

using Curve = ctnn::Net<ctnn::Dense<1, 32, ctnn::Tanh>, ctnn::Dense<32, 32, ctnn::Tanh>,
                        ctnn::Dense<32, 1>, ctnn::MSE>;

int main() {
  const std::size_t n = 256;
  std::vector<float> x(n), y(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = -3.0f + 6.0f * static_cast<float>(i) / static_cast<float>(n - 1);
    y[i] = std::sin(x[i]);
  }
  const ctnn::data::Dataset<float, float> samples(x, 1, y, 1);

  Curve net;
  net.init(7);
  ctnn::Trainer<Curve, ctnn::Adam> trainer(net, ctnn::Adam{.lr = 0.01f}, 32);
  ctnn::FitOptions options;
  options.epochs = 300;
  options.batch_size = 32;
  options.progress_mode = ctnn::Progress::Mode::quiet;
  const ctnn::History history = ctnn::fit(trainer, samples, options);
  std::printf("training MSE: epoch 1 %.4f, epoch %zu %.5f\n", history.epochs.front().train_loss,
              history.size(), history.last().train_loss);

  std::printf("     x    sin(x)     fit\n");
  for (float at = -3.0f; at <= 3.01f; at += 0.5f) {
    std::printf("%6.2f  %7.4f  %7.4f\n", at, std::sin(at), net.forward(std::array{at})[0]);
  }
  const ctnn::Evaluation result = ctnn::evaluate(net, samples);
  std::printf("mse=%.5f mae=%.4f\n", result.mse, result.mae);
  return result.mse < 0.01 ? 0 : 1;
}
