// expect-error: ctnn::Trainer: the net has no loss, so there is nothing to minimize
// expect-error-count: 1
// An inference-only net (no loss) handed to a Trainer.
#include <vector>
#include <ctnn/core.hpp>
#include <ctnn/optim.hpp>
#include <ctnn/trainer.hpp>

#ifdef CTNN_COMPILE_FAIL_TWIN
using Classifier = ctnn::Net<ctnn::Dense<4, 8>, ctnn::ReLU, ctnn::Dense<8, 3>, ctnn::SoftmaxCE>;
#else
using Classifier = ctnn::Net<ctnn::Dense<4, 8>, ctnn::ReLU, ctnn::Dense<8, 3>>;
#endif

int main() {
  Classifier net;
  ctnn::Trainer<Classifier, ctnn::SGD> trainer(net, ctnn::SGD{.lr = 0.1f}, 2);
  const std::vector<float> inputs{0.5f, 0.25f, 0.125f, 1};
  const std::vector<int> labels{2};
  return trainer.step(inputs, labels) > 0 ? 0 : 1;
}
