// What bench/sequence_training.cpp and sequence_training_torch.cpp share: the batch, its data
// (the amp model's: sines through tanh distortion and a one-pole low-pass) and the counters.
#ifndef CTNN_BENCH_SEQUENCE_TRAINING_HPP
#define CTNN_BENCH_SEQUENCE_TRAINING_HPP

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <numbers>
#include <vector>

namespace bench {

inline constexpr std::size_t sequence_batch = 16;
inline constexpr std::size_t sequence_steps = 512;

struct SequenceData {
  std::vector<float> inputs;   // batch x steps x 1
  std::vector<float> targets;  // batch x steps x 1
};

// Each sequence a sum of two sines (its own frequencies), and the effect's output.
inline SequenceData amp_data() {
  SequenceData data{std::vector<float>(sequence_batch * sequence_steps),
                    std::vector<float>(sequence_batch * sequence_steps)};
  const double a = 1 - std::exp(-2 * std::numbers::pi * 2000 / 48000);
  for (std::size_t b = 0; b < sequence_batch; ++b) {
    double filtered = 0;
    for (std::size_t t = 0; t < sequence_steps; ++t) {
      const double x = 0.3 * std::sin(0.013 * static_cast<double>((b + 1) * t)) +
                       0.2 * std::sin(0.071 * static_cast<double>(t) + static_cast<double>(b));
      filtered += a * (std::tanh(4 * x) - filtered);
      data.inputs[b * sequence_steps + t] = static_cast<float>(x);
      data.targets[b * sequence_steps + t] = static_cast<float>(filtered);
    }
  }
  return data;
}

inline void set_sequence_counters(benchmark::State& state) {
  state.counters["steps/s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * sequence_batch * sequence_steps,
      benchmark::Counter::kIsRate);
}

}  // namespace bench

#endif
