// bench_training: the 784-100σ-10 + SoftmaxCE + SGD step at batch 32, 64 and 256 with ctnn on
// one and two threads (and libtorch, one thread, from training_torch.cpp when it builds), on the
// same random data; and whole shuffled epochs over Fashion-MNIST's 60,000 training images when
// the dataset is installed (/usr/share/datasets/fashion-mnist), for the small net and for
// 784-256-128-10 ReLU at batch 64. Counters: samples/s and GFLOP/s (forward, weight gradients,
// and the input gradients of all layers but the first).

#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include "common.hpp"

namespace {

void ctnn_step(benchmark::State& state, std::size_t batch, std::size_t threads) {
  using Net = bench::Small;
  auto net = std::make_unique<Net>();
  net->init(1);
  ctnn::Trainer<Net, ctnn::SGD> trainer(*net, ctnn::SGD{.lr = bench::learning_rate}, batch,
                                        threads);
  const auto inputs = bench::random_inputs(batch * Net::input_size, 2);
  const auto labels = bench::random_labels(batch, Net::output_size, 3);
  for (auto _ : state) {
    const float loss = trainer.step(inputs, labels);
    benchmark::DoNotOptimize(loss);
  }
  bench::set_training_counters<Net>(state, static_cast<double>(batch));
}

template <class Net>
void ctnn_epoch(benchmark::State& state, std::size_t batch, std::size_t threads) {
  const auto* train = bench::fashion_mnist();
  if (train == nullptr) {
    state.SkipWithError("Fashion-MNIST is not installed");
    return;
  }
  auto net = std::make_unique<Net>();
  net->init(1);
  ctnn::Trainer<Net, ctnn::SGD> trainer(*net, ctnn::SGD{.lr = bench::learning_rate}, batch,
                                        threads);
  bench::time_epochs(state, *train, batch, [&](auto& batches, std::size_t k) {
    const auto b = batches.gather_rows(k);
    return trainer.step(b.feature_rows, b.targets);
  });
  bench::set_training_counters<Net>(state, static_cast<double>(train->size()));
}

void ctnn_epoch_small(benchmark::State& state, std::size_t batch, std::size_t threads) {
  ctnn_epoch<bench::Small>(state, batch, threads);
}
void ctnn_epoch_deep(benchmark::State& state, std::size_t batch, std::size_t threads) {
  ctnn_epoch<bench::Deep>(state, batch, threads);
}

}  // namespace

BENCHMARK_CAPTURE(ctnn_step, b32, 32, 1)->Name("step/784-100sigmoid-10/b32/ctnn");
BENCHMARK_CAPTURE(ctnn_step, b32t2, 32, 2)->Name("step/784-100sigmoid-10/b32/ctnn-2threads")->UseRealTime();
BENCHMARK_CAPTURE(ctnn_step, b64, 64, 1)->Name("step/784-100sigmoid-10/b64/ctnn");
BENCHMARK_CAPTURE(ctnn_step, b64t2, 64, 2)->Name("step/784-100sigmoid-10/b64/ctnn-2threads")->UseRealTime();
BENCHMARK_CAPTURE(ctnn_step, b256, 256, 1)->Name("step/784-100sigmoid-10/b256/ctnn");
BENCHMARK_CAPTURE(ctnn_step, b256t2, 256, 2)->Name("step/784-100sigmoid-10/b256/ctnn-2threads")->UseRealTime();

BENCHMARK_CAPTURE(ctnn_epoch_small, b32, 32, 1)
    ->Name("epoch/784-100sigmoid-10/b32/ctnn")->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(ctnn_epoch_small, b64, 64, 1)
    ->Name("epoch/784-100sigmoid-10/b64/ctnn")->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(ctnn_epoch_small, b256, 256, 1)
    ->Name("epoch/784-100sigmoid-10/b256/ctnn")->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(ctnn_epoch_small, b256t2, 256, 2)
    ->Name("epoch/784-100sigmoid-10/b256/ctnn-2threads")->Iterations(1)->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(ctnn_epoch_deep, deep, 64, 1)
    ->Name("epoch/784-256relu-128relu-10/b64/ctnn")->Iterations(1)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
