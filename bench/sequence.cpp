// bench_sequence: one streamed time step (batch 1, float) of GRU<1, 16> -> Dense<16, 1>,
// LSTM<1, 32> -> Dense<32, 1> and a stack of causal Conv1D (8 channels, kernel 3, dilations 1
// to 64, tanh) -> Dense<8, 1>: ctnn's `net.step`, plain scalar loops (below), Eigen's
// fixed-size matrices (sequence_eigen.cpp, when Eigen is installed) and libtorch with one
// thread (sequence_torch.cpp, when libtorch builds), all on the same weights and the same sine.
// Before timing, every implementation must give ctnn's outputs within 1e-5 over 1000 steps, or
// the program stops. After the usual output it prints a Markdown table of the medians, the
// ratios and the real-time factors at 48 kHz (seconds of audio per second of compute).

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <map>
#include <memory>
#include <ostream>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "sequence.hpp"

namespace seq = bench::sequence;

namespace {

// What the user calls: net.step on a state made by net.make_state().
template <class Net>
struct CtnnStream {
  const Net& net = seq::net<Net>();
  typename Net::state_type state = net.make_state();

  float operator()(float x) { return net.step(std::span<const float, 1>(&x, 1), state)[0]; }
};

// The scalar reference: PyTorch's equations as plain loops over PyTorch's layout, std::exp and
// std::tanh.
float sigmoid(float a) { return 1 / (1 + std::exp(-a)); }

template <class Act>
float activate(float a) {
  if constexpr (std::is_same_v<Act, ctnn::Tanh>) {
    return std::tanh(a);
  } else {
    static_assert(std::is_same_v<Act, ctnn::Identity>, "sequence.cpp: no scalar activation");
    return a;
  }
}

template <class Layer>
struct ScalarLayer;

// The gates' pre-activations of a recurrent layer, W_ih x + b_ih and W_hh h + b_hh.
template <std::size_t In, std::size_t H, std::size_t Rows>
void project(const seq::Tensors& w, const float* x, const float* h, float* a, float* b) {
  for (std::size_t r = 0; r < Rows; ++r) {
    a[r] = w.bias_ih[r];
    for (std::size_t k = 0; k < In; ++k) a[r] += w.weight_ih[r * In + k] * x[k];
    b[r] = w.bias_hh[r];
    for (std::size_t k = 0; k < H; ++k) b[r] += w.weight_hh[r * H + k] * h[k];
  }
}

template <std::size_t In, std::size_t H>
struct ScalarLayer<ctnn::GRU<In, H>> {
  seq::Tensors w;
  std::array<float, H> h{};

  const float* step(const float* x) {
    std::array<float, 3 * H> a, b;
    project<In, H, 3 * H>(w, x, h.data(), a.data(), b.data());
    for (std::size_t j = 0; j < H; ++j) {
      const float r = sigmoid(a[j] + b[j]);
      const float z = sigmoid(a[H + j] + b[H + j]);
      const float n = std::tanh(a[2 * H + j] + r * b[2 * H + j]);
      h[j] = (1 - z) * n + z * h[j];
    }
    return h.data();
  }
};

template <std::size_t In, std::size_t H>
struct ScalarLayer<ctnn::LSTM<In, H>> {
  seq::Tensors w;
  std::array<float, H> h{}, c{};

  const float* step(const float* x) {
    std::array<float, 4 * H> a, b;
    project<In, H, 4 * H>(w, x, h.data(), a.data(), b.data());
    for (std::size_t j = 0; j < H; ++j) {
      const float i = sigmoid(a[j] + b[j]);
      const float f = sigmoid(a[H + j] + b[H + j]);
      const float g = std::tanh(a[2 * H + j] + b[2 * H + j]);
      const float o = sigmoid(a[3 * H + j] + b[3 * H + j]);
      c[j] = f * c[j] + i * g;
      h[j] = o * std::tanh(c[j]);
    }
    return h.data();
  }
};

// The last (K - 1)·D + 1 inputs in a ring; y[o] = φ(b[o] + Σ_i Σ_k W[o][i][k] x_{t-(K-1-k)D}[i]).
template <std::size_t In, std::size_t Out, std::size_t K, std::size_t D, class Act>
struct ScalarLayer<ctnn::Conv1D<In, Out, K, D, Act>> {
  static constexpr std::size_t field = (K - 1) * D + 1;
  seq::Tensors w;
  std::array<float, field * In> past{};
  std::size_t newest = 0;
  std::array<float, Out> y{};

  const float* step(const float* x) {
    newest = (newest + 1) % field;
    for (std::size_t i = 0; i < In; ++i) past[newest * In + i] = x[i];
    for (std::size_t o = 0; o < Out; ++o) {
      float sum = w.bias[o];
      for (std::size_t i = 0; i < In; ++i)
        for (std::size_t k = 0; k < K; ++k)
          sum += w.weight[(o * In + i) * K + k] *
                 past[(newest + field - (K - 1 - k) * D) % field * In + i];
      y[o] = activate<Act>(sum);
    }
    return y.data();
  }
};

template <std::size_t In, std::size_t Out, class Act>
struct ScalarLayer<ctnn::Dense<In, Out, Act>> {
  seq::Tensors w;
  std::array<float, Out> y{};

  const float* step(const float* x) {
    for (std::size_t o = 0; o < Out; ++o) {
      float sum = w.bias[o];
      for (std::size_t i = 0; i < In; ++i) sum += w.weight[o * In + i] * x[i];
      y[o] = activate<Act>(sum);
    }
    return y.data();
  }
};

template <class Net, class Indices = std::make_index_sequence<Net::layer_count>>
struct ScalarStream;

template <class Net, std::size_t... I>
struct ScalarStream<Net, std::index_sequence<I...>> {
  std::tuple<ScalarLayer<typename Net::template layer_type<I>>...> layers{
      {seq::pytorch_tensors<Net, I>()}...};

  float operator()(float x) {
    const float* values = &x;
    ((values = std::get<I>(layers).step(values)), ...);
    return values[0];
  }
};

template <class Net>
void add_ctnn_and_scalar() {
  seq::add<Net>("ctnn", [] { return std::make_unique<CtnnStream<Net>>(); });
  seq::add<Net>("scalar", [] { return std::make_unique<ScalarStream<Net>>(); });
}

const bool registered = [] {
  add_ctnn_and_scalar<seq::Gru>();
  add_ctnn_and_scalar<seq::Lstm>();
  add_ctnn_and_scalar<seq::ConvStack>();
  return true;
}();

// Every implementation against ctnn over check_steps steps of the signal, each from a new
// stream; false if one differs by more than the tolerance.
bool outputs_agree() {
  const auto& x = seq::signal();
  bool agree = true;
  for (const auto& reference : seq::implementations()) {
    if (reference.name != "ctnn") continue;
    std::vector<float> expected(seq::check_steps);
    auto ctnn = reference.make();
    for (std::size_t t = 0; t < expected.size(); ++t) expected[t] = ctnn(x[t % x.size()]);
    for (const auto& other : seq::implementations()) {
      if (other.case_name != reference.case_name || other.name == "ctnn") continue;
      auto stream = other.make();
      float largest = 0;
      for (std::size_t t = 0; t < expected.size(); ++t) {
        const float difference = std::abs(stream(x[t % x.size()]) - expected[t]);
        largest = std::isnan(difference) ? difference : std::max(largest, difference);
      }
      const bool ok = largest <= seq::tolerance;
      agree = agree && ok;
      char line[256];
      std::snprintf(line, sizeof line, "%s: %s's outputs %s ctnn's over %zu steps (largest "
                    "difference %.3g, tolerance %.0e)", reference.case_name.c_str(),
                    other.name.c_str(), ok ? "agree with" : "DIFFER FROM", expected.size(),
                    static_cast<double>(largest), static_cast<double>(seq::tolerance));
      std::fprintf(stderr, "%s\n", line);
      benchmark::AddCustomContext("check " + reference.case_name + "/" + other.name, line);
    }
  }
  return agree;
}

std::string format_time(double seconds) {
  const std::pair<const char*, double> units[] = {{"s", 1}, {"ms", 1e-3}, {"µs", 1e-6}};
  char text[32];
  for (const auto& [unit, scale] : units) {
    if (seconds >= scale) {
      std::snprintf(text, sizeof text, "%.3g %s", seconds / scale, unit);
      return text;
    }
  }
  std::snprintf(text, sizeof text, "%.3g ns", seconds / 1e-9);
  return text;
}

std::string format_number(double value, const char* suffix = "") {
  char text[32];
  std::snprintf(text, sizeof text, value >= 100 ? "%.0f%s" : "%.3g%s", value, suffix);
  return text;
}

// The console output, then a Markdown table of the medians (of the repetitions, or of the runs
// without repetitions), the ratios other / ctnn and the real-time factors, and the targets.
class SummaryReporter : public benchmark::ConsoleReporter {
public:
  SummaryReporter() : ConsoleReporter(OO_None) {}

  void ReportRuns(const std::vector<Run>& reports) override {
    for (const auto& run : reports) {
      if (run.error_occurred) continue;
      const double seconds =
          run.GetAdjustedRealTime() / benchmark::GetTimeUnitMultiplier(run.time_unit);
      const std::string& name = run.run_name.function_name;  // without "/real_time"
      if (run.run_type == Run::RT_Aggregate) {
        if (run.aggregate_name == "median") medians_[name] = seconds;
      } else {
        runs_[name].push_back(seconds);
      }
    }
    ConsoleReporter::ReportRuns(reports);
  }

  void Finalize() override {
    for (auto& [name, times] : runs_) {
      if (medians_.contains(name) || times.empty()) continue;
      std::sort(times.begin(), times.end());
      const std::size_t n = times.size();
      medians_[name] = n % 2 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
    }
    std::map<std::string, std::map<std::string, double>> cases;
    for (const auto& [name, seconds] : medians_) {
      const auto slash = name.rfind('/');
      cases[name.substr(0, slash)][name.substr(slash + 1)] = seconds;
    }
    std::ostream& out = GetOutputStream();
    out << "\nOne streamed step, medians; ratios are other / ctnn (higher: ctnn faster); "
           "real-time factor = (1/48000 s) / time per step.\n\n"
           "| case | ctnn | Eigen | scalar | libtorch (1 thread) | ctnn vs Eigen "
           "| ctnn vs libtorch | ctnn vs scalar | real-time factor ctnn | Eigen | libtorch |\n"
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    const char* others[] = {"eigen", "scalar", "libtorch"};
    std::vector<std::string> targets;
    for (const auto& [name, impls] : cases) {
      const auto cell = [&](const char* impl) {
        return impls.contains(impl) ? format_time(impls.at(impl)) : std::string("–");
      };
      const auto ratio = [&](const char* impl) {
        return impls.contains("ctnn") && impls.contains(impl)
                   ? impls.at(impl) / impls.at("ctnn") : 0.0;
      };
      const auto rtf = [&](const char* impl) {
        return impls.contains(impl) ? format_number(1 / seq::sample_rate / impls.at(impl))
                                    : std::string("–");
      };
      out << "| " << name << " | " << cell("ctnn");
      for (const char* impl : others) out << " | " << cell(impl);
      for (const char* impl : {"eigen", "libtorch", "scalar"})
        out << " | " << (ratio(impl) > 0 ? format_number(ratio(impl), "x") : "–");
      out << " | " << rtf("ctnn") << " | " << rtf("eigen") << " | " << rtf("libtorch") << " |\n";
      for (const auto& [impl, shown, target] :
           {std::tuple{"eigen", "Eigen", 2.0}, std::tuple{"libtorch", "libtorch", 100.0}}) {
        if (ratio(impl) > 0)
          targets.push_back((ratio(impl) >= target ? "- met: " : "- NOT met: ") + name +
                            " >= " + format_number(target, "x ") + shown + " (measured " +
                            format_number(ratio(impl), "x") + ")");
      }
    }
    if (!targets.empty()) out << "\nTargets, judged on this run:\n\n";
    for (const auto& line : targets) out << line << "\n";
    ConsoleReporter::Finalize();
  }

private:
  std::map<std::string, double> medians_;
  std::map<std::string, std::vector<double>> runs_;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  if (!registered || !outputs_agree()) {
    std::fprintf(stderr, "bench_sequence: an implementation differs from ctnn: nothing timed\n");
    return 1;
  }
  SummaryReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
