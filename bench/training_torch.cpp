// libtorch (one thread) on the workloads of training.cpp: the same shapes, cross-entropy, SGD
// with the same learning rate, the same random data for the steps and the same shuffled
// Fashion-MNIST batches for the epochs. Linked into bench_training when libtorch builds.

#include <benchmark/benchmark.h>

#include <torch/torch.h>

#include <cstdint>
#include <random>

#include "common.hpp"

namespace {

torch::nn::Sequential small() {
  return torch::nn::Sequential(torch::nn::Linear(784, 100), torch::nn::Sigmoid(),
                               torch::nn::Linear(100, 10));
}
torch::nn::Sequential deep() {
  return torch::nn::Sequential(torch::nn::Linear(784, 256), torch::nn::ReLU(),
                               torch::nn::Linear(256, 128), torch::nn::ReLU(),
                               torch::nn::Linear(128, 10));
}

float torch_step(torch::nn::Sequential& model, torch::optim::SGD& optimizer,
                 const torch::Tensor& x, const torch::Tensor& y) {
  optimizer.zero_grad();
  torch::Tensor loss = torch::nn::functional::cross_entropy(model->forward(x), y);
  loss.backward();
  optimizer.step();
  return loss.item<float>();
}

void libtorch_step(benchmark::State& state, long batch) {
  torch::set_num_threads(1);
  torch::manual_seed(1);
  auto model = small();
  torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(bench::learning_rate));
  auto inputs = bench::random_inputs(static_cast<std::size_t>(batch) * 784, 2);
  auto labels = bench::random_labels(static_cast<std::size_t>(batch), 10, 3);
  const torch::Tensor x = torch::from_blob(inputs.data(), {batch, 784}, torch::kFloat);
  const torch::Tensor y = torch::from_blob(labels.data(), {batch}, torch::kLong);
  for (auto _ : state) benchmark::DoNotOptimize(torch_step(model, optimizer, x, y));
  bench::set_training_counters<bench::Small>(state, static_cast<double>(batch));
}

template <class Net>
void libtorch_epoch(benchmark::State& state, torch::nn::Sequential (*make)(), std::size_t batch) {
  const auto* train = bench::fashion_mnist();
  if (train == nullptr) {
    state.SkipWithError("Fashion-MNIST is not installed");
    return;
  }
  torch::set_num_threads(1);
  torch::manual_seed(1);
  auto model = make();
  torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(bench::learning_rate));
  bench::time_epochs(state, *train, batch, [&](auto& batches, std::size_t k) {
    const auto b = batches.gather(k);
    const auto rows = static_cast<long>(b.rows);
    const torch::Tensor x =
        torch::from_blob(const_cast<float*>(b.features.data()), {rows, 784}, torch::kFloat);
    const torch::Tensor y =
        torch::from_blob(const_cast<std::uint8_t*>(b.targets.data()), {rows}, torch::kUInt8)
            .to(torch::kLong);
    return torch_step(model, optimizer, x, y);
  });
  bench::set_training_counters<Net>(state, static_cast<double>(train->size()));
}

void libtorch_epoch_small(benchmark::State& state, std::size_t batch) {
  libtorch_epoch<bench::Small>(state, small, batch);
}
void libtorch_epoch_deep(benchmark::State& state, std::size_t batch) {
  libtorch_epoch<bench::Deep>(state, deep, batch);
}

}  // namespace

BENCHMARK_CAPTURE(libtorch_step, b32, 32)->Name("step/784-100sigmoid-10/b32/libtorch");
BENCHMARK_CAPTURE(libtorch_step, b64, 64)->Name("step/784-100sigmoid-10/b64/libtorch");
BENCHMARK_CAPTURE(libtorch_step, b256, 256)->Name("step/784-100sigmoid-10/b256/libtorch");

BENCHMARK_CAPTURE(libtorch_epoch_small, b32, 32)
    ->Name("epoch/784-100sigmoid-10/b32/libtorch")->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(libtorch_epoch_small, b64, 64)
    ->Name("epoch/784-100sigmoid-10/b64/libtorch")->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(libtorch_epoch_small, b256, 256)
    ->Name("epoch/784-100sigmoid-10/b256/libtorch")->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(libtorch_epoch_deep, deep, 64)
    ->Name("epoch/784-256relu-128relu-10/b64/libtorch")->Iterations(1)
    ->Unit(benchmark::kMillisecond);
