// libtorch's single-thread inference on the nets of inference.cpp (same shapes and
// activations; softmax for the classifier), linked into bench_inference when libtorch builds.

#include <benchmark/benchmark.h>

#include <torch/torch.h>

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

void torch_inference(benchmark::State& state, torch::nn::Sequential (*make)(), long inputs,
                     double flop) {
  torch::set_num_threads(1);
  torch::manual_seed(1);
  auto model = make();
  model->eval();
  const torch::InferenceMode inference;
  const torch::Tensor x = torch::rand({1, inputs});
  for (auto _ : state) {
    torch::Tensor y = model->forward(x);
    benchmark::DoNotOptimize(y.data_ptr());
  }
  state.counters["GFLOP/s"] =
      benchmark::Counter(flop * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

}  // namespace

BENCHMARK_CAPTURE(torch_inference, small, small, 784, 2.0 * (784 * 100 + 100 * 10))
    ->Name("inference/784-100sigmoid-10-softmax/libtorch");
BENCHMARK_CAPTURE(torch_inference, tanh, tanh_net, 16, 2.0 * (16 * 32 + 32 * 32 + 32))
    ->Name("inference/16-32tanh-32tanh-1/libtorch");
BENCHMARK_CAPTURE(torch_inference, relu, relu_net, 64, 2.0 * (3 * 64 * 64 + 64 * 8))
    ->Name("inference/64-64relu-64relu-64relu-8/libtorch");
