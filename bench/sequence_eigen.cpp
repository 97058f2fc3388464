// Eigen's fixed-size matrices on bench_sequence's nets, linked in when Eigen is installed: the
// stand-in for RTNeural's Eigen backend (see inference_eigen.cpp). Each layer keeps its
// weights as Eigen matrices in PyTorch's orientation (GRU: Matrix<float, 3H, In> and
// Matrix<float, 3H, H>) and its state as Eigen vectors; the gates are Eigen array expressions.
// ctnn's benchmark code, written against Eigen's documented API, not RTNeural's source.

#include <Eigen/Dense>

#include <array>
#include <cstddef>
#include <memory>
#include <tuple>
#include <type_traits>
#include <utility>

#include "sequence.hpp"

namespace seq = bench::sequence;

namespace {

template <int Rows, int Cols>
using Matrix = Eigen::Matrix<float, Rows, Cols>;
template <int Size>
using Vector = Eigen::Matrix<float, Size, 1>;
template <int Size>
using Array = Eigen::Array<float, Size, 1>;

// PyTorch's [Rows][Cols] row-major tensor as a fixed-size Eigen matrix.
template <int Rows, int Cols>
Matrix<Rows, Cols> matrix(const float* values) {
  if constexpr (Cols == 1) {
    return Eigen::Map<const Matrix<Rows, Cols>>(values);
  } else {
    return Eigen::Map<const Eigen::Matrix<float, Rows, Cols, Eigen::RowMajor>>(values);
  }
}

template <class Expression>
auto sigmoid(const Expression& a) {
  return 1.0f / ((-a).exp() + 1.0f);
}

template <class Act, class Expression>
auto activate(const Expression& a) {
  if constexpr (std::is_same_v<Act, ctnn::Tanh>) {
    return a.tanh();
  } else {
    static_assert(std::is_same_v<Act, ctnn::Identity>, "sequence_eigen.cpp: no activation");
    return a;
  }
}

template <class Layer>
struct EigenLayer;

template <std::size_t I, std::size_t O>
struct EigenLayer<ctnn::GRU<I, O>> {
  static constexpr int in = static_cast<int>(I), h = static_cast<int>(O);
  Matrix<3 * h, in> w_ih;
  Matrix<3 * h, h> w_hh;
  Vector<3 * h> b_ih, b_hh, a, b;
  Vector<h> outs = Vector<h>::Zero();

  explicit EigenLayer(const seq::Tensors& t)
      : w_ih(matrix<3 * h, in>(t.weight_ih.data())), w_hh(matrix<3 * h, h>(t.weight_hh.data())),
        b_ih(matrix<3 * h, 1>(t.bias_ih.data())), b_hh(matrix<3 * h, 1>(t.bias_hh.data())) {}

  template <class Input>
  void step(const Input& x) {
    a.noalias() = w_ih * x + b_ih;
    b.noalias() = w_hh * outs + b_hh;
    const Array<h> r = sigmoid(a.template head<h>().array() + b.template head<h>().array());
    const Array<h> z = sigmoid(a.template segment<h>(h).array() + b.template segment<h>(h).array());
    const Array<h> n =
        (a.template tail<h>().array() + r * b.template tail<h>().array()).tanh();
    outs = ((1.0f - z) * n + z * outs.array()).matrix();
  }
};

template <std::size_t I, std::size_t O>
struct EigenLayer<ctnn::LSTM<I, O>> {
  static constexpr int in = static_cast<int>(I), h = static_cast<int>(O);
  Matrix<4 * h, in> w_ih;
  Matrix<4 * h, h> w_hh;
  Vector<4 * h> bias, gates;  // b_ih + b_hh
  Vector<h> outs = Vector<h>::Zero(), c = Vector<h>::Zero();

  explicit EigenLayer(const seq::Tensors& t)
      : w_ih(matrix<4 * h, in>(t.weight_ih.data())), w_hh(matrix<4 * h, h>(t.weight_hh.data())),
        bias(matrix<4 * h, 1>(t.bias_ih.data()) + matrix<4 * h, 1>(t.bias_hh.data())) {}

  template <class Input>
  void step(const Input& x) {
    gates.noalias() = w_ih * x + bias;
    gates.noalias() += w_hh * outs;
    const Array<h> i = sigmoid(gates.template segment<h>(0).array());
    const Array<h> f = sigmoid(gates.template segment<h>(h).array());
    const Array<h> g = gates.template segment<h>(2 * h).array().tanh();
    const Array<h> o = sigmoid(gates.template segment<h>(3 * h).array());
    c = (f * c.array() + i * g).matrix();
    outs = (o * c.array().tanh()).matrix();
  }
};

// The last (K - 1)·D + 1 inputs as the columns of a ring; one Out x In matrix per tap.
template <std::size_t I, std::size_t O, std::size_t K, std::size_t D, class Act>
struct EigenLayer<ctnn::Conv1D<I, O, K, D, Act>> {
  static constexpr int in = static_cast<int>(I), out = static_cast<int>(O);
  static constexpr int field = static_cast<int>((K - 1) * D + 1);
  std::array<Matrix<out, in>, K> taps;
  Vector<out> bias, outs;
  Matrix<in, field> past = Matrix<in, field>::Zero();
  int newest = 0;

  explicit EigenLayer(const seq::Tensors& t) : bias(matrix<out, 1>(t.bias.data())) {
    for (std::size_t k = 0; k < K; ++k)
      for (int o = 0; o < out; ++o)
        for (int i = 0; i < in; ++i) taps[k](o, i) = t.weight[(o * I + i) * K + k];
  }

  template <class Input>
  void step(const Input& x) {
    newest = newest + 1 == field ? 0 : newest + 1;
    past.col(newest) = x;
    outs = bias;
    for (std::size_t k = 0; k < K; ++k) {
      const int lag = static_cast<int>((K - 1 - k) * D);
      outs.noalias() += taps[k] * past.col(newest >= lag ? newest - lag : newest + field - lag);
    }
    outs = activate<Act>(outs.array()).matrix();
  }
};

template <std::size_t I, std::size_t O, class Act>
struct EigenLayer<ctnn::Dense<I, O, Act>> {
  static constexpr int in = static_cast<int>(I), out = static_cast<int>(O);
  Matrix<out, in> weights;
  Vector<out> bias, outs;

  explicit EigenLayer(const seq::Tensors& t)
      : weights(matrix<out, in>(t.weight.data())), bias(matrix<out, 1>(t.bias.data())) {}

  template <class Input>
  void step(const Input& x) {
    outs.noalias() = weights * x + bias;
    outs = activate<Act>(outs.array()).matrix();
  }
};

template <class Net, class Indices = std::make_index_sequence<Net::layer_count>>
struct EigenStream;

template <class Net, std::size_t... I>
struct EigenStream<Net, std::index_sequence<I...>> {
  std::tuple<EigenLayer<typename Net::template layer_type<I>>...> layers{
      EigenLayer<typename Net::template layer_type<I>>(seq::pytorch_tensors<Net, I>())...};

  float operator()(float x) {
    step_from<0>(Vector<1>::Constant(x));
    return std::get<Net::layer_count - 1>(layers).outs(0);
  }

  template <std::size_t L, class Input>
  void step_from(const Input& x) {
    std::get<L>(layers).step(x);
    if constexpr (L + 1 < Net::layer_count) step_from<L + 1>(std::get<L>(layers).outs);
  }
};

template <class Net>
void add_eigen() {
  seq::add<Net>("eigen", [] { return std::make_unique<EigenStream<Net>>(); });
}

const bool registered = [] {
  add_eigen<seq::Gru>();
  add_eigen<seq::Lstm>();
  add_eigen<seq::ConvStack>();
  return true;
}();

}  // namespace
