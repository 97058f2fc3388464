// PyTorch's equations for nn.GRU, nn.LSTM and a causal nn.Conv1d, written out in double with
// plain loops and std::exp/std::tanh, on weights in PyTorch's layout: the references the
// sequence layers are tested against. The parameters are read out of a ctnn layer's slice by
// the layout its header documents, written out here by hand.
#ifndef CTNN_TESTS_LAYERS_SEQUENCE_REFERENCE_HPP
#define CTNN_TESTS_LAYERS_SEQUENCE_REFERENCE_HPP

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <memory>
#include <random>
#include <vector>

#include <ctnn/core.hpp>

namespace ctnn::test {

inline double sigmoid(double a) { return 1.0 / (1.0 + std::exp(-a)); }

// nn.GRU / nn.LSTM parameters: weight_ih [G*H][In], weight_hh [G*H][H], bias_ih, bias_hh [G*H].
struct RecurrentWeights {
  std::size_t in = 0, hidden = 0, gates = 0;
  std::vector<double> weight_ih, weight_hh, bias_ih, bias_hh;

  // From a ctnn GRU/LSTM slice: W_ih stored [In][G*H], then W_hh [H][G*H], then b_ih, b_hh.
  template <class T>
  static RecurrentWeights from_ctnn(const T* p, std::size_t in, std::size_t hidden,
                                    std::size_t gates) {
    RecurrentWeights w{in, hidden, gates, {}, {}, {}, {}};
    const std::size_t rows = gates * hidden;
    w.weight_ih.resize(rows * in);
    w.weight_hh.resize(rows * hidden);
    for (std::size_t r = 0; r < rows; ++r) {
      for (std::size_t k = 0; k < in; ++k) w.weight_ih[r * in + k] = p[k * rows + r];
      for (std::size_t k = 0; k < hidden; ++k)
        w.weight_hh[r * hidden + k] = p[in * rows + k * rows + r];
    }
    const T* bias = p + (in + hidden) * rows;
    w.bias_ih.assign(bias, bias + rows);
    w.bias_hh.assign(bias + rows, bias + 2 * rows);
    return w;
  }

  // Row r of W_ih x + b_ih and of W_hh h + b_hh.
  double from_input(std::size_t r, const double* x) const {
    double sum = bias_ih[r];
    for (std::size_t k = 0; k < in; ++k) sum += weight_ih[r * in + k] * x[k];
    return sum;
  }
  double from_hidden(std::size_t r, const double* h) const {
    double sum = bias_hh[r];
    for (std::size_t k = 0; k < hidden; ++k) sum += weight_hh[r * hidden + k] * h[k];
    return sum;
  }
};

// One step of nn.GRU: r, z, n = gates 0, 1, 2; h ← (1 − z) n + z h.
inline void gru_step(const RecurrentWeights& w, const double* x, std::vector<double>& h) {
  const std::size_t H = w.hidden;
  std::vector<double> next(H);
  for (std::size_t j = 0; j < H; ++j) {
    const double r = sigmoid(w.from_input(j, x) + w.from_hidden(j, h.data()));
    const double z = sigmoid(w.from_input(H + j, x) + w.from_hidden(H + j, h.data()));
    const double n = std::tanh(w.from_input(2 * H + j, x) + r * w.from_hidden(2 * H + j, h.data()));
    next[j] = (1 - z) * n + z * h[j];
  }
  h = next;
}

// One step of nn.LSTM: i, f, g, o = gates 0..3; c ← σ(f) c + σ(i) tanh(g); h ← σ(o) tanh(c).
inline void lstm_step(const RecurrentWeights& w, const double* x, std::vector<double>& h,
                      std::vector<double>& c) {
  const std::size_t H = w.hidden;
  std::vector<double> next(H);
  const auto gate = [&](std::size_t g, std::size_t j) {
    return w.from_input(g * H + j, x) + w.from_hidden(g * H + j, h.data());
  };
  for (std::size_t j = 0; j < H; ++j) {
    c[j] = sigmoid(gate(1, j)) * c[j] + sigmoid(gate(0, j)) * std::tanh(gate(2, j));
    next[j] = sigmoid(gate(3, j)) * std::tanh(c[j]);
  }
  h = next;
}

// nn.Conv1d(in, out, kernel, dilation) over the whole sequence x (steps x in, row-major) padded
// on the left with (kernel − 1)·dilation zeros; weight [out][in][kernel], bias [out]. Returns
// steps x out.
inline std::vector<double> causal_conv1d(const std::vector<double>& weight,
                                         const std::vector<double>& bias,
                                         const std::vector<double>& x, std::size_t steps,
                                         std::size_t in, std::size_t out, std::size_t kernel,
                                         std::size_t dilation) {
  const std::size_t pad = (kernel - 1) * dilation;
  std::vector<double> y(steps * out);
  for (std::size_t t = 0; t < steps; ++t) {
    for (std::size_t o = 0; o < out; ++o) {
      double sum = bias[o];
      for (std::size_t i = 0; i < in; ++i) {
        for (std::size_t k = 0; k < kernel; ++k) {
          // Padded position t + k·dilation is the sequence's step t + k·dilation − pad.
          const std::size_t padded = t + k * dilation;
          if (padded < pad) continue;
          sum += weight[(o * in + i) * kernel + k] * x[(padded - pad) * in + i];
        }
      }
      y[t * out + o] = sum;
    }
  }
  return y;
}

// The largest |ctnn − reference| over 60 steps of normally distributed inputs through a net of
// the one recurrent layer R<In, Hidden> with `Gates` gates, its initial weights scaled by 3 so
// that gates saturate now and then. `reference_step(weights, x, h, c)` advances h and c (an
// LSTM's cell; a GRU leaves it).
template <class T, class Layer, std::size_t Gates, class ReferenceStep>
double largest_difference_from_equations(unsigned seed, ReferenceStep reference_step) {
  constexpr std::size_t In = Layer::in_size;
  constexpr std::size_t Hidden = Layer::out_size;
  auto net = std::make_unique<ctnn::BasicNet<T, Layer>>();
  net->init(seed);
  for (T& p : net->parameters()) p *= T(3);
  const auto weights = RecurrentWeights::from_ctnn(net->parameters().data(), In, Hidden, Gates);
  std::mt19937 random(seed);
  std::normal_distribution<double> normal;
  auto state = net->make_state();
  std::vector<double> h(Hidden, 0.0);
  std::vector<double> c(Hidden, 0.0);
  double worst = 0;
  for (int t = 0; t < 60; ++t) {
    std::array<double, In> x{};
    std::array<T, In> x_t{};
    for (std::size_t k = 0; k < In; ++k) {
      x_t[k] = static_cast<T>(normal(random));
      x[k] = static_cast<double>(x_t[k]);
    }
    const auto y = net->step(x_t, state);
    reference_step(weights, x.data(), h, c);
    for (std::size_t j = 0; j < Hidden; ++j)
      worst = std::max(worst, std::abs(static_cast<double>(y[j]) - h[j]));
  }
  return worst;
}

}  // namespace ctnn::test

#endif
