// Inference, loss and Trainer::step allocate nothing: every buffer is made beforehand (the
// trainer's in its constructor, inference's on the stack).

#include <catch2/catch.hpp>

#include <memory>
#include <vector>

#include <ctnn/core.hpp>
#include <ctnn/optim.hpp>
#include <ctnn/trainer.hpp>

#include "support/allocation_counter.hpp"

using ctnn::Dense;

TEST_CASE("the hot path allocates nothing", "[allocation]") {
  using Mlp = ctnn::Net<Dense<784, 100, ctnn::Sigmoid>, Dense<100, 10>, ctnn::SoftmaxCE>;
  auto net = std::make_unique<Mlp>();
  const std::vector<float> inputs(64 * 784, 0.25f);
  std::vector<int> labels(64);
  for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = static_cast<int>(i % 10);
  std::vector<float> outputs(64 * 10);
  ctnn::Trainer<Mlp, ctnn::SGD> trainer(*net, ctnn::SGD{.lr = 0.1f}, 64);
  // Two threads: the pool is made here, and its workers' allocations count too (the process-
  // wide counter: nothing else runs in this test program meanwhile).
  ctnn::Trainer<Mlp, ctnn::SGD> threaded(*net, ctnn::SGD{.lr = 0.1f}, 64, 2);
  const std::span<const float, 784> one(inputs.data(), 784);
  const std::span<const float> half_batch(inputs.data(), 32 * 784);
  const std::span<const int> half_labels(labels.data(), 32);
  std::vector<const float*> rows(64);
  for (std::size_t r = 0; r < rows.size(); ++r) rows[r] = inputs.data() + (63 - r) * 784;

  const std::size_t before = ctnn::test::process_allocation_count();
  float loss = trainer.step(inputs, labels);
  loss += trainer.step(half_batch, half_labels);  // a smaller batch reuses the same buffers
  loss += threaded.step(inputs, labels);
  loss += threaded.step(half_batch, half_labels);
  loss += trainer.step(std::span<const float* const>(rows), labels);  // gathers into its buffer
  loss += threaded.step(std::span<const float* const>(rows), labels);
  net->forward(inputs, outputs, 64);
  loss += net->loss(inputs, labels, 64);
  const auto logits = net->forward(one);
  const auto probabilities = net->predict(one);
  const std::size_t predicted = net->classify(one);
  const std::size_t allocations = ctnn::test::process_allocation_count() - before;

  CHECK(allocations == 0);
  CHECK(std::isfinite(loss));
  // One sample goes through the GEMV kernel, whose split sums round differently in the last bits.
  CHECK(logits[predicted] == Approx(outputs[predicted]).epsilon(1e-5));
  CHECK(probabilities[predicted] > 0.1f);
}
