// expect-error: train it on whole sequences with step_sequences
// expect-error-count: 1
// A net with a GRU learns from whole sequences: Trainer::step, which takes samples on their own,
// says to use step_sequences.
#include <vector>

#include <ctnn/core.hpp>
#include <ctnn/optim.hpp>
#include <ctnn/trainer.hpp>

using Model = ctnn::Net<ctnn::GRU<1, 4>, ctnn::Dense<4, 1>, ctnn::MSE>;

int main() {
  Model net;
  const std::vector<float> inputs(10), targets(10);
#ifdef CTNN_COMPILE_FAIL_TWIN
  ctnn::Trainer<Model, ctnn::SGD> trainer(net, ctnn::SGD{}, ctnn::Sequences{1, 10});
  const float loss = trainer.step_sequences(inputs, targets, 10);
#else
  ctnn::Trainer<Model, ctnn::SGD> trainer(net, ctnn::SGD{}, 10);
  const float loss = trainer.step(inputs, targets);
#endif
  return loss > 0 ? 0 : 1;
}
