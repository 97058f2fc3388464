// bench_gemm: the four matrix products of a 784-100σ-10 and a 784-256-128-10 training step at
// batch 64 that carry most of its work (the first layer's forward Y = X W and weight gradient
// dW = Xᵀ dA), with ctnn's kernels and, when CMake found a BLAS, with its sgemm on the same
// operands: what fraction of the FMA peak the best available library reaches on these shapes.
// Debian's libblas.so.3 is an alternative: scripts/setup.sh --with-libtorch makes it OpenBLAS.

#include <benchmark/benchmark.h>

#include <cstddef>

#include <ctnn/ctnn.hpp>
#include <ctnn/detail/aligned_buffer.hpp>

namespace {

constexpr std::size_t batch = 64;

template <std::size_t In, std::size_t Out>
struct Operands {
  ctnn::detail::aligned_buffer<float> x{batch * In};         // the batch's inputs, row-major
  ctnn::detail::aligned_buffer<float> params{In * Out + Out};  // W [in][out], then the bias
  ctnn::detail::aligned_buffer<float> d_pre{batch * Out};    // dA, row-major
  ctnn::detail::aligned_buffer<float> result{batch * Out + In * Out};
  Operands() {
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i % 13) * 0.01f;
    for (std::size_t i = 0; i < params.size(); ++i) params[i] = static_cast<float>(i % 7) * 0.01f;
    for (std::size_t i = 0; i < d_pre.size(); ++i) d_pre[i] = static_cast<float>(i % 5) * 0.01f;
  }
};

// Times `product(operands)`; counts 2 x batch x In x Out flop per call.
template <std::size_t In, std::size_t Out, class Product>
void time_product(benchmark::State& state, Product product) {
  Operands<In, Out> m;
  for (auto _ : state) {
    product(m);
    benchmark::DoNotOptimize(m.result.data());
  }
  state.counters["GFLOP/s"] = benchmark::Counter(2.0 * batch * In * Out * 1e-9,
                                                 benchmark::Counter::kIsIterationInvariantRate);
}

template <std::size_t In, std::size_t Out>
void ctnn_forward(benchmark::State& state) {
  time_product<In, Out>(state, [](Operands<In, Out>& m) {
    ctnn::Dense<In, Out>::forward(m.params.data(), m.x.data(), batch, m.result.data());
  });
}

template <std::size_t In, std::size_t Out>
void ctnn_weight_gradient(benchmark::State& state) {
  time_product<In, Out>(state, [](Operands<In, Out>& m) {
    const ctnn::LayerActivity<float> activity{m.x.data(), nullptr, nullptr, batch};
    ctnn::Dense<In, Out>::gradient_of_rows(activity, m.d_pre.data(), 0, In, m.result.data());
  });
}

}  // namespace

BENCHMARK(ctnn_forward<784, 100>)->Name("gemm/784-100-forward-b64/ctnn");
BENCHMARK(ctnn_weight_gradient<784, 100>)->Name("gemm/784-100-weight-gradient-b64/ctnn");
BENCHMARK(ctnn_forward<784, 256>)->Name("gemm/784-256-forward-b64/ctnn");
BENCHMARK(ctnn_weight_gradient<784, 256>)->Name("gemm/784-256-weight-gradient-b64/ctnn");

#ifdef CTNN_BENCH_BLAS
// The Fortran BLAS interface (column-major), which every BLAS exports.
extern "C" void sgemm_(const char* transa, const char* transb, const int* m, const int* n,
                       const int* k, const float* alpha, const float* a, const int* lda,
                       const float* b, const int* ldb, const float* beta, float* c,
                       const int* ldc);

namespace {

// Row-major C = op(A) B is column-major Cᵀ = Bᵀ op(A)ᵀ: sgemm with the operands swapped.
template <std::size_t In, std::size_t Out>
void blas_forward(benchmark::State& state) {
  time_product<In, Out>(state, [](Operands<In, Out>& m) {
    const int rows = batch, in = In, out = Out;
    const float one = 1, zero = 0;
    sgemm_("N", "N", &out, &rows, &in, &one, m.params.data(), &out, m.x.data(), &in, &zero,
           m.result.data(), &out);
  });
}

template <std::size_t In, std::size_t Out>
void blas_weight_gradient(benchmark::State& state) {
  time_product<In, Out>(state, [](Operands<In, Out>& m) {
    const int rows = batch, in = In, out = Out;
    const float one = 1, zero = 0;
    sgemm_("N", "T", &out, &in, &rows, &one, m.d_pre.data(), &out, m.x.data(), &in, &zero,
           m.result.data(), &out);
  });
}

}  // namespace

BENCHMARK(blas_forward<784, 100>)->Name("gemm/784-100-forward-b64/blas");
BENCHMARK(blas_weight_gradient<784, 100>)->Name("gemm/784-100-weight-gradient-b64/blas");
BENCHMARK(blas_forward<784, 256>)->Name("gemm/784-256-forward-b64/blas");
BENCHMARK(blas_weight_gradient<784, 256>)->Name("gemm/784-256-weight-gradient-b64/blas");
#endif

BENCHMARK_MAIN();
