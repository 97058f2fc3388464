// expect-error: ctnn::fit: this net has sequence layers
// expect-error-count: 1
// fit draws samples from a Dataset; a GRU net trains on whole sequences with step_sequences.
#include <vector>

#include <ctnn/core.hpp>
#include <ctnn/data.hpp>
#include <ctnn/fit.hpp>
#include <ctnn/optim.hpp>
#include <ctnn/trainer.hpp>

#ifdef CTNN_COMPILE_FAIL_TWIN
using Model = ctnn::Net<ctnn::Dense<4, 4, ctnn::Tanh>, ctnn::Dense<4, 1>, ctnn::MSE>;
#else
using Model = ctnn::Net<ctnn::GRU<4, 4>, ctnn::Dense<4, 1>, ctnn::MSE>;
#endif

int main() {
  Model net;
  ctnn::Trainer<Model, ctnn::SGD> trainer(net, ctnn::SGD{}, 2);
  const std::vector<float> x(8, 0.5f), y(2, 0.25f);
  const ctnn::data::Dataset<float, float> data(x, 4, y, 1);
  ctnn::FitOptions options;
  options.epochs = 1;
  options.batch_size = 2;
  options.progress_stream = nullptr;
  return ctnn::fit(trainer, data, options).size() == 1 ? 0 : 1;
}
