// expect-error: ctnn::Trainer<Net, Opt>: Opt is not an optimizer
// A learning rate's type written where the optimizer goes.
#include <vector>
#include <ctnn/core.hpp>
#include <ctnn/optim.hpp>
#include <ctnn/trainer.hpp>

using Regressor = ctnn::Net<ctnn::Dense<2, 4, ctnn::Tanh>, ctnn::Dense<4, 1>, ctnn::MSE>;

int main() {
  Regressor net;
#ifdef CTNN_COMPILE_FAIL_TWIN
  ctnn::Trainer<Regressor, ctnn::SGD> trainer(net);
#else
  ctnn::Trainer<Regressor, int> trainer(net);
#endif
  const std::vector<float> inputs{0, 1, 1, 0};
  const std::vector<float> targets{1, -1};
  return trainer.step(inputs, targets) > 0 ? 0 : 1;
}
