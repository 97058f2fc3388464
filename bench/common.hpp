// Shared by the benchmarks: the nets of issue 3, their FLOP counts, random data, and the
// Fashion-MNIST training set when it is installed.
#ifndef CTNN_BENCH_COMMON_HPP
#define CTNN_BENCH_COMMON_HPP

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include <ctnn/ctnn.hpp>

namespace bench {

// The three inference nets and the two training nets.
using Small = ctnn::Net<ctnn::Dense<784, 100, ctnn::Sigmoid>, ctnn::Dense<100, 10>, ctnn::SoftmaxCE>;
using TanhNet = ctnn::Net<ctnn::Dense<16, 32, ctnn::Tanh>, ctnn::Dense<32, 32, ctnn::Tanh>,
                          ctnn::Dense<32, 1>, ctnn::MSE>;
using ReluNet = ctnn::Net<ctnn::Dense<64, 64, ctnn::ReLU>, ctnn::Dense<64, 64, ctnn::ReLU>,
                          ctnn::Dense<64, 64, ctnn::ReLU>, ctnn::Dense<64, 8>, ctnn::MSE>;
using Deep = ctnn::Net<ctnn::Dense<784, 256, ctnn::ReLU>, ctnn::Dense<256, 128, ctnn::ReLU>,
                       ctnn::Dense<128, 10>, ctnn::SoftmaxCE>;

// Multiply-adds of one sample's forward pass, times 2.
template <class Net>
constexpr double forward_flop() {
  double flop = 0;
  Net::for_each_layer([&](auto i) {
    using L = typename Net::template layer_type<i>;
    flop += 2.0 * L::in_size * L::out_size;
  });
  return flop;
}

// One sample's share of a training step: forward, weight gradient, and the input gradient of
// every layer but the first.
template <class Net>
constexpr double training_flop() {
  double flop = 0;
  Net::for_each_layer([&](auto i) {
    using L = typename Net::template layer_type<i>;
    flop += (i == 0 ? 4.0 : 6.0) * L::in_size * L::out_size;
  });
  return flop;
}

//! The counter of an inference benchmark: GFLOP/s of one sample's forward pass an iteration.
template <class Net>
void set_inference_counters(benchmark::State& state) {
  state.counters["GFLOP/s"] = benchmark::Counter(forward_flop<Net>() * 1e-9,
                                                 benchmark::Counter::kIsIterationInvariantRate);
}

//! Times `infer()`, one sample's inference of `input` returning its outputs, once an iteration,
//! and sets the inference counters.
template <class Net, class Infer>
void time_inference(benchmark::State& state, const std::vector<float>& input, Infer infer) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(input.data());
    auto outputs = infer();
    benchmark::DoNotOptimize(outputs);
    benchmark::ClobberMemory();
  }
  set_inference_counters<Net>(state);
}

inline std::vector<float> random_inputs(std::size_t count, std::uint32_t seed) {
  std::mt19937 engine(seed);
  std::uniform_real_distribution<float> uniform(0, 1);
  std::vector<float> values(count);
  for (auto& v : values) v = uniform(engine);
  return values;
}

inline std::vector<std::int64_t> random_labels(std::size_t count, std::size_t classes,
                                               std::uint32_t seed) {
  std::mt19937 engine(seed);
  std::vector<std::int64_t> labels(count);
  for (auto& l : labels) l = static_cast<std::int64_t>(engine() % classes);
  return labels;
}

// The Fashion-MNIST training set, loaded once; null when it is not installed.
inline const ctnn::data::Dataset<float, std::uint8_t>* fashion_mnist() {
  static const std::unique_ptr<ctnn::data::Dataset<float, std::uint8_t>> train = [] {
    std::unique_ptr<ctnn::data::Dataset<float, std::uint8_t>> data;
    if (std::filesystem::exists(std::filesystem::path(ctnn::data::default_fashion_mnist_dir) /
                                "train-images-idx3-ubyte.gz"))
      data = std::make_unique<ctnn::data::Dataset<float, std::uint8_t>>(
          ctnn::data::load_mnist(ctnn::data::default_fashion_mnist_dir, "train"));
    return data;
  }();
  return train.get();
}

inline constexpr float learning_rate = 0.01f;
inline constexpr std::uint64_t epoch_seed = 1;

//! The counters of a training benchmark: samples per second and GFLOP/s, for `samples`
//! training samples per iteration.
template <class Net>
void set_training_counters(benchmark::State& state, double samples) {
  state.counters["samples/s"] =
      benchmark::Counter(samples, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["GFLOP/s"] = benchmark::Counter(training_flop<Net>() * samples * 1e-9,
                                                 benchmark::Counter::kIsIterationInvariantRate);
}

//! Times each benchmark iteration as one epoch over `train`: the mini-batches in a shuffled
//! order that is the same for every framework, `step(batches, k)` (taking batch k as it
//! likes, with `gather` or `gather_rows`, and returning its loss) once per mini-batch.
template <class Step>
void time_epochs(benchmark::State& state, const ctnn::data::Dataset<float, std::uint8_t>& train,
                 std::size_t batch_size, Step step) {
  ctnn::data::Batches<float, std::uint8_t> batches(train, batch_size);
  std::mt19937_64 engine(epoch_seed);
  for (auto _ : state) {
    batches.shuffle(engine);
    float loss = 0;
    for (std::size_t k = 0; k < batches.count(); ++k) loss += step(batches, k);
    benchmark::DoNotOptimize(loss);
  }
}

}  // namespace bench

#endif
