// libtorch (one thread) on bench/sequence_training.cpp's step: nn::GRU(1, 16, batch_first) and
// nn::Linear(16, 1), mse_loss, Adam (lr 0.005), the same batch. Linked into
// bench_sequence_training when libtorch builds.

#include <benchmark/benchmark.h>

#include <torch/torch.h>

#include <vector>

#include "sequence_training.hpp"

namespace {

struct AmpModelImpl : torch::nn::Module {
  AmpModelImpl()
      : gru(register_module("gru", torch::nn::GRU(torch::nn::GRUOptions(1, 16).batch_first(true)))),
        linear(register_module("linear", torch::nn::Linear(16, 1))) {}
  torch::Tensor forward(const torch::Tensor& x) { return linear(std::get<0>(gru(x))); }
  torch::nn::GRU gru;
  torch::nn::Linear linear;
};
TORCH_MODULE(AmpModel);

void libtorch_bptt_step(benchmark::State& state) {
  torch::set_num_threads(1);
  torch::manual_seed(1);
  AmpModel model;
  torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(0.005));
  auto data = bench::amp_data();
  const long batch = static_cast<long>(bench::sequence_batch);
  const long steps = static_cast<long>(bench::sequence_steps);
  const torch::Tensor x = torch::from_blob(data.inputs.data(), {batch, steps, 1}, torch::kFloat);
  const torch::Tensor y = torch::from_blob(data.targets.data(), {batch, steps, 1}, torch::kFloat);
  for (auto _ : state) {
    optimizer.zero_grad();
    torch::Tensor loss = torch::mse_loss(model->forward(x), y);
    loss.backward();
    optimizer.step();
    benchmark::DoNotOptimize(loss.item<float>());
  }
  bench::set_sequence_counters(state);
}

}  // namespace

BENCHMARK(libtorch_bptt_step)->Name("bptt-step/gru16-dense1/b16x512/libtorch");
