// bench_formulas: activations written as formulas (ActivationOf) against the built-ins they
// equal, side by side in one run: sigmoid(x) against Sigmoid, x * sigmoid(x) against SiLU, in
// the net 64-128(φ)-128(φ)-8 with MSE, where the activations are a large share of the work:
// one sample's forward pass, and an SGD training step at batch 64.

#include <benchmark/benchmark.h>

#include <memory>
#include <span>

#include <ctnn/expr.hpp>

#include "common.hpp"

namespace {

using namespace ctnn::expr;
using SigmoidOf = ctnn::ActivationOf<sigmoid(x)>;
using SwishOf = ctnn::ActivationOf<x * sigmoid(x), ctnn::Init::he_uniform>;

template <class Act>
using Net = ctnn::Net<ctnn::Dense<64, 128, Act>, ctnn::Dense<128, 128, Act>, ctnn::Dense<128, 8>,
                      ctnn::MSE>;

template <class Act>
void inference(benchmark::State& state) {
  using N = Net<Act>;
  auto net = std::make_unique<N>();
  const auto x = bench::random_inputs(N::input_size, 1);
  const std::span<const float, N::input_size> input(x.data(), N::input_size);
  bench::time_inference<N>(state, x, [&] { return net->forward(input); });
}

template <class Act>
void step(benchmark::State& state) {
  using N = Net<Act>;
  constexpr std::size_t batch = 64;
  auto net = std::make_unique<N>();
  net->init(1);
  ctnn::Trainer<N, ctnn::SGD> trainer(*net, ctnn::SGD{.lr = 0.01f}, batch);
  const auto inputs = bench::random_inputs(batch * N::input_size, 2);
  const auto targets = bench::random_inputs(batch * N::output_size, 3);
  for (auto _ : state) {
    const float loss = trainer.step(inputs, targets);
    benchmark::DoNotOptimize(loss);
  }
  bench::set_training_counters<N>(state, static_cast<double>(batch));
}

}  // namespace

BENCHMARK(inference<ctnn::Sigmoid>)->Name("inference/64-128-128-8/Sigmoid");
BENCHMARK(inference<SigmoidOf>)->Name("inference/64-128-128-8/sigmoid(x)");
BENCHMARK(inference<ctnn::SiLU>)->Name("inference/64-128-128-8/SiLU");
BENCHMARK(inference<SwishOf>)->Name("inference/64-128-128-8/x*sigmoid(x)");
BENCHMARK(step<ctnn::Sigmoid>)->Name("step/64-128-128-8/b64/Sigmoid");
BENCHMARK(step<SigmoidOf>)->Name("step/64-128-128-8/b64/sigmoid(x)");
BENCHMARK(step<ctnn::SiLU>)->Name("step/64-128-128-8/b64/SiLU");
BENCHMARK(step<SwishOf>)->Name("step/64-128-128-8/b64/x*sigmoid(x)");

BENCHMARK_MAIN();
