#ifndef CTNN_LAYERS_PRELU_HPP
#define CTNN_LAYERS_PRELU_HPP

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <type_traits>

#include <ctnn/concepts/layer.hpp>
#include <ctnn/detail/elementwise.hpp>
#include <ctnn/detail/simd.hpp>
#include <ctnn/init.hpp>

namespace ctnn {

//! A parametric ReLU over N values, PyTorch's `nn.PReLU(num_parameters=N)`: y_j = x_j for
//! x_j > 0, else a_j·x_j (= max(0, x_j) + a_j·min(0, x_j)), with a learnable slope a_j per unit.
//!
//! Parameters, in the net's flat block: the N slopes, each 0.25 after `init` (PyTorch's default).
//! They are not weights: `weight_count` is 0, so L2 regularization leaves them alone (PyTorch's
//! `weight_decay` would not). `net.layer<I>()` views them as a std::span of N values.
//! Example: `Net<Dense<784, 100>, PReLU<100>, Dense<100, 10>, SoftmaxCE>`.
template <std::size_t N>
struct PReLU {
  static_assert(N > 0, "ctnn::PReLU<N>: a layer needs at least one value (N > 0)");

  static constexpr std::size_t in_size = N;
  static constexpr std::size_t out_size = N;
  static constexpr std::size_t parameter_count = N;
  static constexpr std::size_t weight_count = 0;

  //! The slopes as PyTorch's nn.PReLU(N) holds them: `weight` [N].
  static constexpr std::array parameter_tensors{
      ParameterTensor{.name = "weight", .shape = {N}},
  };

  static std::string name() { return "PReLU<" + std::to_string(N) + ">"; }

  //! The slopes in a layer's slice of the parameter block (`T` may be const).
  template <class T>
  static constexpr std::span<T, N> view(T* params) {
    return std::span<T, N>(params, N);
  }

  //! x > 0 ? x : a·x, for a scalar or a SIMD register.
  template <class V>
  static constexpr V prelu(V x, V a) {
    return detail::select_positive(x, x, a * x);
  }

  template <class T>
  static constexpr void forward_scalar(const T* slopes, const T* x, T* y) {
    for (std::size_t j = 0; j < N; ++j) y[j] = prelu(x[j], slopes[j]);
  }

  template <class T>
  static void forward(const T* slopes, const T* x, std::size_t rows, T* y) {
    for (std::size_t r = 0; r < rows; ++r)
      detail::elementwise::apply(
          N, [](auto& out, const auto& in, const auto& a) { out = prelu(in, a); }, y + r * N,
          x + r * N, slopes);
  }

  template <class T>
  static void init(T* slopes, InitRandom&) {
    for (std::size_t j = 0; j < N; ++j) slopes[j] = T(0.25);
  }

  // Training reads the layer's input, which the workspace keeps anyway: dx = dy·(x > 0 ? 1 : a),
  // and the slopes' gradient da_j = Σ_r dy_rj·min(0, x_rj), as the "rest" of the parameters.
  static constexpr std::size_t kept_size = 0;
  static constexpr std::size_t scratch_size = 0;
  static constexpr std::size_t gradient_rows = 0;
  static constexpr std::size_t gradient_row_size = 0;

  template <class T>
  static void train_forward(const T* slopes, const T* x, std::size_t rows, T* y, T*,
                            TrainingStep) {
    forward(slopes, x, rows, y);
  }
  template <class T>
  static void backward(const T* slopes, const T*, LayerActivity<T> activity, T* dy, T* dx) {
    if (dx == nullptr) return;
    for (std::size_t r = 0; r < activity.rows; ++r)
      detail::elementwise::apply(
          N,
          [](auto& d_in, const auto& d_out, const auto& in, const auto& a) {
            d_in = detail::select_positive(in, d_out, a * d_out);
          },
          dx + r * N, static_cast<const T*>(dy + r * N), activity.input + r * N, slopes);
  }

  //! da_j = Σ_r dy_rj·min(0, x_rj), summed in increasing r.
  template <class T>
  static void gradient_of_rest(LayerActivity<T> activity, const T* dy, T* slope_grad) {
    for (std::size_t j = 0; j < N; ++j) slope_grad[j] = T(0);
    for (std::size_t r = 0; r < activity.rows; ++r)
      detail::elementwise::apply(
          N,
          [](auto& sum, const auto& d_out, const auto& in) {
            using V = std::remove_cvref_t<decltype(in)>;
            sum = detail::fma(d_out, detail::select_positive(in, V(0), in), sum);
          },
          slope_grad, dy + r * N, activity.input + r * N);
  }
};

template <std::size_t N>
inline constexpr bool has_invalid_arguments<PReLU<N>> = N == 0;

}  // namespace ctnn

#endif
