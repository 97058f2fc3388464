#ifndef CTNN_LAYERS_ACTIVATION_LAYER_HPP
#define CTNN_LAYERS_ACTIVATION_LAYER_HPP

#include <cstddef>
#include <string>
#include <type_traits>

#include <ctnn/activations/identity.hpp>
#include <ctnn/concepts/activation.hpp>
#include <ctnn/concepts/layer.hpp>
#include <ctnn/init.hpp>
#include <ctnn/detail/elementwise.hpp>

namespace ctnn {

//! φ applied to each of N values, with no parameters: what a standalone activation in a net
//! becomes where the element before it cannot take it as its own (`Dense<4, 8, Tanh>, ReLU`, or
//! an activation after `PReLU` or `Dropout`). After a layer whose activation is Identity and that
//! has `with_activation`, such as `Dense<4, 8>`, the activation is fused into that layer instead.
//! Both give the same results and the same parameter layout.
template <std::size_t N, Activation Act>
struct ActivationLayer {
  using activation = Act;
  template <Activation Other>
  using with_activation = ActivationLayer<N, Other>;

  static constexpr std::size_t in_size = N;
  static constexpr std::size_t out_size = N;
  static constexpr std::size_t parameter_count = 0;
  static constexpr std::size_t weight_count = 0;

  //! The activation's name, as the element is written: "ReLU".
  static std::string name() { return name_of<Act>(); }

  template <class T>
  static constexpr void forward_scalar(const T*, const T* x, T* y) {
    for (std::size_t i = 0; i < N; ++i) y[i] = Act::f(x[i]);
  }
  template <class T>
  static void forward(const T*, const T* x, std::size_t rows, T* y) {
    detail::elementwise::apply(rows * N, [](auto& out, const auto& in) { out = Act::f(in); }, y, x);
  }
  template <class T>
  static void init(T*, InitRandom&) {}

  // Training: the input (a pre-activation) and the output are kept anyway, so φ' is computed
  // from whichever it is written in.
  static constexpr std::size_t kept_size = 0;
  static constexpr std::size_t scratch_size = 0;
  static constexpr std::size_t gradient_rows = 0;
  static constexpr std::size_t gradient_row_size = 0;

  template <class T>
    requires TrainableActivation<Act>
  static void train_forward(const T* params, const T* x, std::size_t rows, T* y, T*,
                            TrainingStep) {
    forward(params, x, rows, y);
  }
  template <class T>
    requires TrainableActivation<Act>
  static void backward(const T*, const T*, LayerActivity<T> activity, T* dy, T* dx) {
    if (dx == nullptr) return;
    const std::size_t n = activity.rows * N;
    if constexpr (DerivativeInOutput<Act>) {
      detail::elementwise::apply(
          n, [](auto& d, const auto& g, const auto& h) { d = g * Act::df(h); }, dx,
          static_cast<const T*>(dy), activity.output);
    } else {
      detail::elementwise::apply(
          n, [](auto& d, const auto& g, const auto& a) { d = g * Act::df_pre(a); }, dx,
          static_cast<const T*>(dy), activity.input);
    }
  }
};

}  // namespace ctnn

#endif
