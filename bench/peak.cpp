// bench_peak: one core's FMA peak, measured with independent accumulator chains (enough of them
// to cover the FMA latency times the number of FMA units), for the build's widest registers and,
// where the build has them, AVX2's. Every other benchmark reports its GFLOP/s against this.
// Also the time to merely read 784-100σ-10's parameters (313 KB, from L2) with aligned loads:
// the floor under that net's single-sample inference.

#include <benchmark/benchmark.h>

#include <cstddef>

#include <ctnn/detail/aligned_buffer.hpp>
#include <ctnn/detail/simd.hpp>

namespace {

template <class Arch>
void fma_peak(benchmark::State& state) {
  using V = xsimd::batch<float, Arch>;
  // 16 chains with 32 registers, 12 with 16: 16 chains and the two constants do not fit in 16
  // registers, and a spilled chain runs at the latency of a store and a reload, which would
  // measure far less than the peak (see bench/results.md).
  constexpr std::size_t chains = xsimd::avx512f::supported() ? 16 : 12;
  constexpr std::size_t rounds = 1024;
  V acc[chains];
  for (std::size_t j = 0; j < chains; ++j) acc[j] = V(static_cast<float>(j) * 1e-3f);
  const V scale(0.999999f), offset(1e-6f);
  for (auto _ : state) {
    for (std::size_t r = 0; r < rounds; ++r) {
#pragma GCC unroll 16
      for (std::size_t j = 0; j < chains; ++j) acc[j] = xsimd::fma(acc[j], scale, offset);
    }
    for (auto& a : acc) benchmark::DoNotOptimize(a);
  }
  const double flop = 2.0 * chains * rounds * V::size;
  state.counters["GFLOP/s"] =
      benchmark::Counter(flop * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
  state.SetLabel(Arch::name());
}

void read_small_net_parameters(benchmark::State& state) {
  using V = xsimd::batch<float>;
  constexpr std::size_t count = 784 * 100 + 100 + 100 * 10 + 10;  // bench::Small's parameters
  constexpr std::size_t whole = count / (4 * V::size) * (4 * V::size);
  ctnn::detail::aligned_buffer<float> parameters(count);
  for (std::size_t i = 0; i < count; ++i) parameters[i] = static_cast<float>(i % 7);
  for (auto _ : state) {
    V sum[4] = {V(0.f), V(0.f), V(0.f), V(0.f)};
    for (std::size_t i = 0; i < whole; i += 4 * V::size) {
#pragma GCC unroll 4
      for (std::size_t j = 0; j < 4; ++j)
        sum[j] += V::load_aligned(parameters.data() + i + j * V::size);
    }
    const V total = (sum[0] + sum[1]) + (sum[2] + sum[3]);
    benchmark::DoNotOptimize(total);
  }
  state.counters["GB/s"] = benchmark::Counter(count * sizeof(float) * 1e-9,
                                              benchmark::Counter::kIsIterationInvariantRate);
}

}  // namespace

BENCHMARK(read_small_net_parameters)->Name("peak/read-784-100-10-parameters");
BENCHMARK(fma_peak<xsimd::default_arch>)->Name("peak/fma/widest");
#if XSIMD_WITH_FMA3_AVX2
BENCHMARK(fma_peak<xsimd::fma3<xsimd::avx2>>)->Name("peak/fma/avx2");
#endif

BENCHMARK_MAIN();
