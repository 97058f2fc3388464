// bench_sequence_training: one step of backpropagation through time on the model of
// examples/amp_model.cpp — GRU<1, 16> → Dense<16, 1>, MSE, Adam (lr 0.005) — over a batch of 16
// sequences of 512 samples, the example's step; an epoch of its ten seconds of audio is 59 such
// steps. The same step with libtorch (one thread: nn::GRU + nn::Linear, mse_loss, Adam) comes
// from sequence_training_torch.cpp when libtorch builds. Counter: sequence steps (samples) per
// second.

#include <benchmark/benchmark.h>

#include <cmath>
#include <memory>
#include <vector>

#include <ctnn/core.hpp>
#include <ctnn/optim.hpp>
#include <ctnn/trainer.hpp>

#include "sequence_training.hpp"

namespace {

using AmpModel = ctnn::Net<ctnn::GRU<1, 16>, ctnn::Dense<16, 1>, ctnn::MSE>;

void ctnn_bptt_step(benchmark::State& state, std::size_t threads) {
  auto net = std::make_unique<AmpModel>();
  net->init(1);
  ctnn::Trainer<AmpModel, ctnn::Adam> trainer(
      *net, ctnn::Adam{.lr = 0.005f},
      ctnn::Sequences{bench::sequence_batch, bench::sequence_steps}, threads);
  const auto data = bench::amp_data();
  for (auto _ : state) {
    const float loss = trainer.step_sequences(data.inputs, data.targets, bench::sequence_steps);
    benchmark::DoNotOptimize(loss);
  }
  bench::set_sequence_counters(state);
}

}  // namespace

BENCHMARK_CAPTURE(ctnn_bptt_step, one, 1)->Name("bptt-step/gru16-dense1/b16x512/ctnn");
BENCHMARK_CAPTURE(ctnn_bptt_step, two, 2)
    ->Name("bptt-step/gru16-dense1/b16x512/ctnn-2threads")
    ->UseRealTime();

BENCHMARK_MAIN();
