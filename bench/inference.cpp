// bench_inference: one sample through the three nets of issue 3, with ctnn's kernels and with
// the plain scalar loops of `forward_scalar` (the reference the kernels are tested against), in
// the same binary; Eigen's times come from inference_eigen.cpp when Eigen is installed,
// libtorch's single-thread ones from inference_torch.cpp when libtorch is. Counters: ns per
// inference (the time itself) and GFLOP/s.

#include <benchmark/benchmark.h>

#include <memory>
#include <span>

#include "common.hpp"

namespace {

// What the user calls: predict (softmax included) for a classifier, forward for regression.
template <class Net>
void ctnn_inference(benchmark::State& state) {
  auto net = std::make_unique<Net>();
  const auto x = bench::random_inputs(Net::input_size, 1);
  const std::span<const float, Net::input_size> input(x.data(), Net::input_size);
  bench::time_inference<Net>(state, x, [&] {
    if constexpr (Net::loss_type::is_classifier)
      return net->predict(input);
    else
      return net->forward(input);
  });
}

template <class Net>
void scalar_inference(benchmark::State& state) {
  auto net = std::make_unique<Net>();
  const auto x = bench::random_inputs(Net::input_size, 1);
  const std::span<const float, Net::input_size> input(x.data(), Net::input_size);
  bench::time_inference<Net>(state, x, [&] {
    auto y = net->forward_scalar(input);
    if constexpr (Net::loss_type::is_classifier)
      Net::loss_type::template predict<Net::output_size>(y.data());
    return y;
  });
}

}  // namespace

BENCHMARK(ctnn_inference<bench::Small>)->Name("inference/784-100sigmoid-10-softmax/ctnn");
BENCHMARK(scalar_inference<bench::Small>)->Name("inference/784-100sigmoid-10-softmax/scalar");
BENCHMARK(ctnn_inference<bench::TanhNet>)->Name("inference/16-32tanh-32tanh-1/ctnn");
BENCHMARK(scalar_inference<bench::TanhNet>)->Name("inference/16-32tanh-32tanh-1/scalar");
BENCHMARK(ctnn_inference<bench::ReluNet>)->Name("inference/64-64relu-64relu-64relu-8/ctnn");
BENCHMARK(scalar_inference<bench::ReluNet>)->Name("inference/64-64relu-64relu-64relu-8/scalar");

BENCHMARK_MAIN();
