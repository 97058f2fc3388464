// bench_peak: one core's FMA peak, measured with independent accumulator chains (enough of them
// to cover the FMA latency times the number of FMA units), for the build's widest registers and,
// where the build has them, AVX2's. Every other benchmark reports its GFLOP/s against this.

#include <benchmark/benchmark.h>

#include <cstddef>

#include <ctnn/detail/simd.hpp>

namespace {

template <class Arch>
void fma_peak(benchmark::State& state) {
  using V = xsimd::batch<float, Arch>;
  constexpr std::size_t chains = 16;
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

}  // namespace

BENCHMARK(fma_peak<xsimd::default_arch>)->Name("peak/fma/widest");
#if XSIMD_WITH_FMA3_AVX2
BENCHMARK(fma_peak<xsimd::fma3<xsimd::avx2>>)->Name("peak/fma/avx2");
#endif

BENCHMARK_MAIN();
