// libtorch's single-thread inference on the nets of inference.cpp (same shapes and
// activations; softmax for the classifier), linked into bench_inference when libtorch builds.

#include <benchmark/benchmark.h>

#include <torch/torch.h>

#include "common.hpp"

namespace {

torch::nn::Sequential small() {
  return torch::nn::Sequential(torch::nn::Linear(784, 100), torch::nn::Sigmoid(),
                               torch::nn::Linear(100, 10), torch::nn::Softmax(1));
}
torch::nn::Sequential tanh_net() {
  return torch::nn::Sequential(torch::nn::Linear(16, 32), torch::nn::Tanh(),
                               torch::nn::Linear(32, 32), torch::nn::Tanh(),
                               torch::nn::Linear(32, 1));
}
torch::nn::Sequential relu_net() {
  return torch::nn::Sequential(torch::nn::Linear(64, 64), torch::nn::ReLU(),
                               torch::nn::Linear(64, 64), torch::nn::ReLU(),
                               torch::nn::Linear(64, 64), torch::nn::ReLU(),
                               torch::nn::Linear(64, 8));
}

// Make builds the libtorch twin of the ctnn net Net.
template <class Net, torch::nn::Sequential (*Make)()>
void torch_inference(benchmark::State& state) {
  torch::set_num_threads(1);
  torch::manual_seed(1);
  auto model = Make();
  model->eval();
  const torch::InferenceMode inference;
  const torch::Tensor x = torch::rand({1, static_cast<long>(Net::input_size)});
  for (auto _ : state) {
    torch::Tensor y = model->forward(x);
    benchmark::DoNotOptimize(y.data_ptr());
  }
  bench::set_inference_counters<Net>(state);
}

}  // namespace

BENCHMARK(torch_inference<bench::Small, small>)
    ->Name("inference/784-100sigmoid-10-softmax/libtorch");
BENCHMARK(torch_inference<bench::TanhNet, tanh_net>)
    ->Name("inference/16-32tanh-32tanh-1/libtorch");
BENCHMARK(torch_inference<bench::ReluNet, relu_net>)
    ->Name("inference/64-64relu-64relu-64relu-8/libtorch");
