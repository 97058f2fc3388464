// Shared by bench_sequence's files: the three streamed nets, their parameters (the same for
// every implementation), the input signal, the timing loop, and the registry of
// implementations that main() checks against ctnn before anything is timed.
#ifndef CTNN_BENCH_SEQUENCE_HPP
#define CTNN_BENCH_SEQUENCE_HPP

#include <cmath>
#include <cstddef>
#include <functional>
#include <memory>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include <ctnn/ctnn.hpp>

namespace bench::sequence {

using Gru = ctnn::Net<ctnn::GRU<1, 16>, ctnn::Dense<16, 1>>;
using Lstm = ctnn::Net<ctnn::LSTM<1, 32>, ctnn::Dense<32, 1>>;
template <std::size_t Dilation>
using Dilated = ctnn::Conv1D<8, 8, 3, Dilation, ctnn::Tanh>;
// A WaveNet-like stack: 8 channels, kernel 3, dilations 1 to 64 (receptive field 255 steps).
using ConvStack = ctnn::Net<ctnn::Conv1D<1, 8, 3, 1, ctnn::Tanh>, Dilated<2>, Dilated<4>,
                            Dilated<8>, Dilated<16>, Dilated<32>, Dilated<64>, ctnn::Dense<8, 1>>;

//! The benchmark's case name of a net: sequence/<case>/<implementation>.
template <class Net>
std::string case_name();
template <>
inline std::string case_name<Gru>() { return "sequence/gru16-dense1"; }
template <>
inline std::string case_name<Lstm>() { return "sequence/lstm32-dense1"; }
template <>
inline std::string case_name<ConvStack>() { return "sequence/conv8k3-d1to64tanh-dense1"; }

inline constexpr double sample_rate = 48000;
//! Steps compared at start-up: past the ring buffers' wrap-around and the stack's 255 steps.
inline constexpr std::size_t check_steps = 1000;
inline constexpr float tolerance = 1e-5f;

//! The streamed input: 0.1 s of a 441 Hz sine at 48 kHz, cycled.
inline const std::vector<float>& signal() {
  static const std::vector<float> values = [] {
    std::vector<float> v(4800);
    for (std::size_t t = 0; t < v.size(); ++t)
      v[t] = static_cast<float>(
          0.8 * std::sin(2 * std::numbers::pi * 441.0 * static_cast<double>(t) / sample_rate));
    return v;
  }();
  return values;
}

//! The net of a case, every parameter (biases too) drawn from PyTorch's default range for its
//! layer, U(-1/√fan_in, 1/√fan_in), fan_in = Hidden for GRU and LSTM; one object for all.
template <class Net>
const Net& net() {
  static const std::unique_ptr<Net> instance = [] {
    auto n = std::make_unique<Net>();
    std::mt19937 engine(7);
    Net::for_each_layer([&](auto i) {
      using L = typename Net::template layer_type<i>;
      constexpr bool recurrent = requires { L::gate_size; };
      const double fan_in = recurrent ? L::out_size : L::weight_count / L::out_size;
      const auto bound = static_cast<float>(1 / std::sqrt(fan_in));
      std::uniform_real_distribution<float> uniform(-bound, bound);
      float* p = n->parameters().data() + Net::parameter_offset(i);
      for (std::size_t k = 0; k < L::parameter_count; ++k) p[k] = uniform(engine);
    });
    return n;
  }();
  return *instance;
}

//! Layer I's parameters in PyTorch's layout, read out of ctnn's block by the layout its header
//! documents: recurrent (weight_ih [G·H][In], weight_hh [G·H][H], bias_ih, bias_hh), Conv1D
//! (weight [Out][In][K], bias), Dense (weight [Out][In], bias).
struct Tensors {
  std::vector<float> weight_ih, weight_hh, bias_ih, bias_hh;  // recurrent
  std::vector<float> weight, bias;                            // Conv1D, Dense
};

template <class Net, std::size_t I>
Tensors pytorch_tensors() {
  using L = typename Net::template layer_type<I>;
  const float* p = net<Net>().parameters().data() + Net::parameter_offset(I);
  constexpr std::size_t in = L::in_size, out = L::out_size;
  Tensors t;
  if constexpr (requires { L::gate_size; }) {
    constexpr std::size_t rows = L::gate_size;
    t.weight_ih.resize(rows * in);
    t.weight_hh.resize(rows * out);
    for (std::size_t r = 0; r < rows; ++r) {
      for (std::size_t k = 0; k < in; ++k) t.weight_ih[r * in + k] = p[k * rows + r];
      for (std::size_t k = 0; k < out; ++k) t.weight_hh[r * out + k] = p[(in + k) * rows + r];
    }
    t.bias_ih.assign(p + L::input_bias_offset, p + L::input_bias_offset + rows);
    t.bias_hh.assign(p + L::hidden_bias_offset, p + L::hidden_bias_offset + rows);
  } else {
    // Conv1D's W[i·K + k][o]; Dense is the case K = 1.
    constexpr std::size_t kernel = L::weight_count / (in * out);
    t.weight.resize(L::weight_count);
    for (std::size_t o = 0; o < out; ++o)
      for (std::size_t i = 0; i < in; ++i)
        for (std::size_t k = 0; k < kernel; ++k)
          t.weight[(o * in + i) * kernel + k] = p[(i * kernel + k) * out + o];
    t.bias.assign(p + L::weight_count, p + L::weight_count + out);
  }
  return t;
}

//! Times one streamed step an iteration: `step(x)` returns the net's single output for the
//! next input sample x; the state carries over between iterations. Counter: the real-time
//! factor at 48 kHz, seconds of audio per second of compute (of wall-clock time: the
//! benchmarks use real time; Google Benchmark prints it as a rate, "/s").
template <class Step>
void time_steps(benchmark::State& state, Step& step) {
  const std::vector<float>& x = signal();
  std::size_t t = 0;
  for (auto _ : state) {
    float y = step(x[t]);
    benchmark::DoNotOptimize(y);
    benchmark::ClobberMemory();
    t = t + 1 == x.size() ? 0 : t + 1;
  }
  state.counters["RTF@48kHz"] =
      benchmark::Counter(1 / sample_rate, benchmark::Counter::kIsIterationInvariantRate);
}

//! An implementation of a case: `make()` gives a new stream (zero state).
struct Implementation {
  std::string case_name, name;
  std::function<std::function<float(float)>()> make;
};

inline std::vector<Implementation>& implementations() {
  static std::vector<Implementation> all;
  return all;
}

//! Registers the benchmark <case>/<name> of Net and its start-up check; `make()` returns a
//! stream object with `float operator()(float x)`.
template <class Net, class Make>
void add(const std::string& name, Make make) {
  benchmark::RegisterBenchmark((case_name<Net>() + "/" + name).c_str(),
                               [make](benchmark::State& state) {
                                 auto stream = make();
                                 time_steps(state, *stream);
                               })
      ->UseRealTime();
  implementations().push_back({case_name<Net>(), name, [make] {
                                 return std::function<float(float)>(
                                     [stream = std::shared_ptr(make())](float x) {
                                       return (*stream)(x);
                                     });
                               }});
}

}  // namespace bench::sequence

#endif
