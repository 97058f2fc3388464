// A neural model of an audio effect, the way amplifier modellers build them: generate a test
// signal and what a nonlinear effect with memory makes of it (a tanh distortion into a one-pole
// low-pass filter), train a GRU to imitate the effect by backpropagation through time, measure
// its error-to-signal ratio on audio it never saw, then run it sample by sample as an audio
// callback would, and print the real-time factor at 48 kHz.
//
//   ctnn_example_amp_model [--steps N]   (N training steps, default 1500)

#include <chrono>
#include <cmath>
#include <numbers>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

#include <ctnn/core.hpp>
#include <ctnn/optim.hpp>
#include <ctnn/trainer.hpp>

using AmpModel = ctnn::Net<ctnn::GRU<1, 16>, ctnn::Dense<16, 1>, ctnn::MSE>;

constexpr double sample_rate = 48000;

// The effect: drive into tanh, then a one-pole low-pass at about 2 kHz, y += a (u − y).
std::vector<float> effect(const std::vector<float>& x) {
  const double a = 1 - std::exp(-2 * std::numbers::pi * 2000 / sample_rate);
  std::vector<float> y(x.size());
  double state = 0;
  for (std::size_t n = 0; n < x.size(); ++n) {
    state += a * (std::tanh(4.0 * x[n]) - state);
    y[n] = static_cast<float>(state);
  }
  return y;
}

// A test signal: a few sines whose frequencies and levels change every 50 ms.
std::vector<float> test_signal(std::size_t samples, unsigned seed) {
  std::mt19937 random(seed);
  std::uniform_real_distribution<double> frequency(80, 2000), level(0.05, 0.5);
  std::vector<float> x(samples);
  double f[3], g[3], phase[3] = {0, 0, 0};
  for (std::size_t n = 0; n < samples; ++n) {
    if (n % 2400 == 0)
      for (int k = 0; k < 3; ++k) f[k] = frequency(random), g[k] = level(random);
    double v = 0;
    for (int k = 0; k < 3; ++k) {
      phase[k] += 2 * std::numbers::pi * f[k] / sample_rate;
      v += g[k] * std::sin(phase[k]);
    }
    x[n] = static_cast<float>(v);
  }
  return x;
}

// Σ (target − output)² / Σ target²
double error_to_signal(const std::vector<float>& target, const std::vector<float>& output) {
  double error = 0, energy = 0;
  for (std::size_t n = 0; n < target.size(); ++n) {
    error += (target[n] - output[n]) * (target[n] - output[n]);
    energy += target[n] * target[n];
  }
  return error / energy;
}

int main(int argc, char** argv) {
  int training_steps = 1500;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--steps") == 0) training_steps = std::atoi(argv[i + 1]);

  // Ten seconds to learn from, two held out.
  const std::vector<float> train_x = test_signal(480000, 1);
  const std::vector<float> train_y = effect(train_x);
  const std::vector<float> test_x = test_signal(96000, 2);
  const std::vector<float> test_y = effect(test_x);

  // Mini-batches of 16 segments of 512 samples from random places in the training audio.
  constexpr std::size_t batch = 16, steps = 512;
  AmpModel model;
  model.init(3);
  ctnn::Trainer<AmpModel, ctnn::Adam> trainer(model, ctnn::Adam{.lr = 0.005f},
                                              ctnn::Sequences{batch, steps});
  trainer.set_clip_norm(1.0);
  std::mt19937 random(4);
  std::uniform_int_distribution<std::size_t> start(0, train_x.size() - steps);
  std::vector<float> inputs(batch * steps), targets(batch * steps);
  const auto began = std::chrono::steady_clock::now();
  for (int s = 1; s <= training_steps; ++s) {
    for (std::size_t b = 0; b < batch; ++b) {
      const std::size_t at = start(random);
      std::copy_n(train_x.begin() + at, steps, inputs.begin() + b * steps);
      std::copy_n(train_y.begin() + at, steps, targets.begin() + b * steps);
    }
    const float loss = trainer.step_sequences(inputs, targets, steps);
    if (s % 250 == 0) std::printf("step %4d  training MSE %.6f\n", s, loss);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  std::printf("trained %d steps of %zu x %zu samples in %.1f s\n", training_steps, batch, steps,
              seconds);

  // The held-out audio, one sample at a time, as an audio callback runs it.
  std::vector<float> output(test_x.size());
  auto state = model.make_state();
  const auto streamed = std::chrono::steady_clock::now();
  for (std::size_t n = 0; n < test_x.size(); ++n)
    output[n] = model.step(std::array{test_x[n]}, state)[0];
  const double stream_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - streamed).count();
  const double esr = error_to_signal(test_y, output);
  std::printf("held-out error-to-signal ratio: %.4f%%\n", 100 * esr);
  std::printf("streamed %zu samples in %.4f s: %.0f x real time at 48 kHz\n", test_x.size(),
              stream_seconds, static_cast<double>(test_x.size()) / sample_rate / stream_seconds);
  return esr < 0.01 ? 0 : 1;
}
