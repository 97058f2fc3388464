// expect-error: layer_must_be_trainable<[a-z:_]*element_index<0(UL)?>, ctnn::Dense<2(UL)?, 2(UL)?, ctnn::Step> ?>.*ctnn::Trainer: gradient descent cannot train through the layer|ctnn::Trainer: gradient descent cannot train through the layer.*layer_must_be_trainable<[a-z:_]*element_index<0(UL)?>, ctnn::Dense<2(UL)?, 2(UL)?, ctnn::Step> ?>
// expect-error-count: 1
// Training the lecture's XOR network of hard thresholds with gradient descent.
#include <array>
#include <vector>
#include <ctnn/core.hpp>
#include <ctnn/optim.hpp>
#include <ctnn/trainer.hpp>

#ifdef CTNN_COMPILE_FAIL_TWIN
using Xor = ctnn::Net<ctnn::Dense<2, 2, ctnn::Sigmoid>, ctnn::Dense<2, 1, ctnn::Sigmoid>, ctnn::BCE>;
#else
using Xor = ctnn::Net<ctnn::Dense<2, 2, ctnn::Step>, ctnn::Dense<2, 1, ctnn::Sigmoid>, ctnn::BCE>;
#endif

int main() {
  Xor net;
  ctnn::Trainer<Xor, ctnn::SGD> trainer(net, ctnn::SGD{.lr = 0.5f}, 4);
  const std::vector<float> inputs{0, 0, 0, 1, 1, 0, 1, 1};
  const std::vector<float> targets{0, 1, 1, 0};
  float loss = 0;
  for (int epoch = 0; epoch < 100; ++epoch) loss = trainer.step(inputs, targets);
  return loss < 0.1f ? 0 : 1;
}
