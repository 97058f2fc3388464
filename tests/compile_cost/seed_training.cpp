// A translation unit whose compile cost scripts/compile_cost.sh measures: the seed network of the
// README, its trainer and one training step, with the headers a training program needs.
#include <cstddef>
#include <vector>

#include <ctnn/core.hpp>
#include <ctnn/optim/sgd.hpp>
#include <ctnn/trainer.hpp>

using Mlp = ctnn::Net<ctnn::Dense<784, 100, ctnn::Sigmoid>, ctnn::Dense<100, 10>, ctnn::SoftmaxCE>;

int main() {
  static Mlp net;  // 318 KB of parameters: static, not on the stack
  constexpr std::size_t batch = 64;
  ctnn::Trainer<Mlp, ctnn::SGD> trainer(net, ctnn::SGD{.lr = 0.1f}, batch);
  const std::vector<float> images(batch * Mlp::input_size, 0.5f);
  std::vector<int> labels(batch);
  for (std::size_t i = 0; i < batch; ++i) labels[i] = static_cast<int>(i % Mlp::output_size);
  const float loss = trainer.step(images, labels);
  return loss > 0 ? 0 : 1;
}
