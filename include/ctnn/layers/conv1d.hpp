#ifndef CTNN_LAYERS_CONV1D_HPP
#define CTNN_LAYERS_CONV1D_HPP

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <string>
#include <type_traits>

#include <ctnn/activations/identity.hpp>
#include <ctnn/concepts/activation.hpp>
#include <ctnn/concepts/layer.hpp>
#include <ctnn/concepts/named.hpp>
#include <ctnn/concepts/parameter_tensors.hpp>
#include <ctnn/concepts/sequence_layer.hpp>
#include <ctnn/detail/aligned_buffer.hpp>
#include <ctnn/detail/elementwise.hpp>
#include <ctnn/detail/simd.hpp>
#include <ctnn/init.hpp>
#include <ctnn/kernels/gemm.hpp>
#include <ctnn/layers/dense.hpp>

namespace ctnn {

//! A causal one-dimensional convolution over time: each output step sees only the present and
//! the past. For each time step t and output channel o,
//!   y_t[o] = φ(b[o] + Σ_i Σ_k W[o][i][k] · x_{t − (Kernel − 1 − k)·Dilation}[i]),
//! with x_s = 0 before the first step: PyTorch's nn.Conv1d(In, Out, Kernel,
//! dilation=Dilation) over the sequence padded on the left with (Kernel − 1)·Dilation zeros, so
//! stacks of dilated convolutions (WaveNet, TCN) keep the sequence's length.
//!
//! The state holds the last (Kernel − 1)·Dilation + 1 input steps in a ring. Parameters:
//! PyTorch's `weight` [Out, In, Kernel] and `bias` [Out]; in the net's block the weight is
//! stored as the transpose of the matrix [Out, In·Kernel], W[i·Kernel + k][o] (input-major, as
//! Dense stores its weights), then the bias.
template <std::size_t In, std::size_t Out, std::size_t Kernel, std::size_t Dilation = 1,
          Activation Act = Identity>
struct Conv1D {
  static_assert(In > 0 && Out > 0 && Kernel > 0 && Dilation > 0,
                "ctnn::Conv1D<In, Out, Kernel, Dilation>: a convolution needs at least one "
                "input and one output channel, a kernel of at least one step and a dilation of "
                "at least 1");

  using activation = Act;
  template <Activation Other>
  using with_activation = Conv1D<In, Out, Kernel, Dilation, Other>;

  static constexpr std::size_t in_size = In;
  static constexpr std::size_t out_size = Out;
  static constexpr std::size_t weight_count = In * Kernel * Out;
  static constexpr std::size_t parameter_count = weight_count + Out;
  //! The input steps one output step reads: the present one and (Kernel − 1)·Dilation before.
  static constexpr std::size_t receptive_field = (Kernel - 1) * Dilation + 1;

  static constexpr std::array parameter_tensors{
      ParameterTensor{.name = "weight", .shape = {Out, In, Kernel}, .offset = 0,
                      .transposed = true},
      ParameterTensor{.name = "bias", .shape = {Out}, .offset = weight_count},
  };

  //! "Conv1D<8, 8, 3>", "Conv1D<8, 8, 3, 4, Tanh>".
  static std::string name() {
    std::string result = "Conv1D<" + std::to_string(In) + ", " + std::to_string(Out) + ", " +
                         std::to_string(Kernel);
    if (Dilation != 1 || !std::is_same_v<Act, Identity>) result += ", " + std::to_string(Dilation);
    if (!std::is_same_v<Act, Identity>) result += ", " + name_of<Act>();
    return result + ">";
  }

  //! One sequence's state: the last `receptive_field` input steps, the newest at `newest`.
  template <class T>
  struct state_type {
    alignas(detail::buffer_alignment) std::array<T, receptive_field * In> steps{};
    std::size_t newest = receptive_field - 1;
  };

  //! PyTorch's initialization: weights and biases from U(-1/√(In·Kernel), 1/√(In·Kernel)).
  template <class T>
  static void init(T* params, InitRandom& random) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(In * Kernel));
    for (std::size_t i = 0; i < parameter_count; ++i)
      params[i] = static_cast<T>(bound * random.symmetric_unit());
  }

  //! One time step: stores x (In values) in the ring and computes y (Out values).
  template <class T>
  static void step(const T* params, const T* x, state_type<T>& state, T* y) {
    state.newest = state.newest + 1 == receptive_field ? 0 : state.newest + 1;
    std::copy_n(x, In, state.steps.data() + state.newest * In);
    // The kernel's taps side by side, [i·Kernel + k], as the weight matrix's rows are ordered.
    alignas(detail::buffer_alignment) std::array<T, In * Kernel> taps;
    for (std::size_t k = 0; k < Kernel; ++k) {
      const std::size_t lag = (Kernel - 1 - k) * Dilation;
      const std::size_t s = state.newest >= lag ? state.newest - lag
                                                : state.newest + receptive_field - lag;
      for (std::size_t i = 0; i < In; ++i) taps[i * Kernel + k] = state.steps[s * In + i];
    }
    Dense<In * Kernel, Out, Act>::forward(params, taps.data(), 1, y);
  }

  // Training (TrainableLayer over sequences): each step's taps are kept, and the layer is a
  // dense layer on them; the backward pass adds the taps' gradients back to the steps they
  // came from.
  static constexpr std::size_t tap_count = In * Kernel;
  static constexpr bool keeps_pre_activation = derivative_needs_pre_activation<Act>;
  static constexpr std::size_t kept_size = tap_count + (keeps_pre_activation ? Out : 0);
  static constexpr std::size_t delta_size = tap_count;        // the taps' gradient
  static constexpr std::size_t scratch_size = tap_count * Out;  // Wᵀ [Out][In·Kernel]
  static constexpr std::size_t gradient_rows = tap_count;
  static constexpr std::size_t gradient_row_size = Out;

  //! `rows` = sequences x step.steps time steps, each sequence after zeros.
  template <class T>
    requires TrainableActivation<Act>
  static void train_forward(const T* params, const T* x, std::size_t rows, T* y, T* kept,
                            TrainingStep step) {
    for (std::size_t row = 0; row < rows; ++row) {
      const std::size_t t = row % step.steps;
      T* taps = kept + row * kept_size;
      for (std::size_t k = 0; k < Kernel; ++k) {
        const std::size_t lag = (Kernel - 1 - k) * Dilation;
        for (std::size_t i = 0; i < In; ++i)
          taps[i * Kernel + k] = t >= lag ? x[(row - lag) * In + i] : T(0);
      }
    }
    const T* bias = params + weight_count;
    kernels::gemm<Out>(rows, tap_count, kernels::RowMajor<T>{kept, kept_size}, params,
                       [=](auto sum, std::size_t r, std::size_t c) {
                         using V = decltype(sum);
                         const V a = sum + detail::load<V>(bias + c);
                         if constexpr (keeps_pre_activation)
                           detail::store(kept + r * kept_size + tap_count + c, a);
                         detail::store(y + r * Out + c, Act::f(a));
                       });
  }

  template <class T>
  static void prepare_backward(const T* params, T* transposed) {
    kernels::transpose<tap_count, Out>(params, transposed);
  }

  //! dy becomes the gradient of the pre-activations (as Dense's backward does); dx gathers the
  //! taps' gradients, each added to the step it was read from, unless a truncation chunk lies
  //! between them.
  template <class T>
    requires TrainableActivation<Act>
  static void backward(const T*, const T* transposed, LayerActivity<T> a, T* dy, T* dx) {
    if constexpr (keeps_pre_activation) {
      for (std::size_t r = 0; r < a.rows; ++r)
        detail::elementwise::apply(
            Out, [](auto& d, const auto& pre) { d = d * Act::df_pre(pre); }, dy + r * Out,
            a.kept + r * kept_size + tap_count);
    } else if constexpr (!std::is_same_v<Act, Identity>) {
      detail::elementwise::apply(
          a.rows * Out, [](auto& d, const auto& h) { d = d * Act::df(h); }, dy, a.output);
    }
    if (dx == nullptr) return;
    kernels::gemm<tap_count>(a.rows, Out, kernels::RowMajor<T>{dy, Out}, transposed,
                             kernels::Store<T>{a.delta, tap_count});
    std::fill_n(dx, a.rows * In, T(0));
    for (std::size_t row = 0; row < a.rows; ++row) {
      const std::size_t t = row % a.steps;
      for (std::size_t k = 0; k < Kernel; ++k) {
        const std::size_t lag = (Kernel - 1 - k) * Dilation;
        if (t < lag || (a.truncation > 0 && (t - lag) / a.truncation != t / a.truncation))
          continue;
        for (std::size_t i = 0; i < In; ++i)
          dx[(row - lag) * In + i] += a.delta[row * tap_count + i * Kernel + k];
      }
    }
  }

  //! Rows first .. first + count - 1 of dW = Tapsᵀ dA.
  template <class T>
  static void gradient_of_rows(LayerActivity<T> a, const T* d_pre, std::size_t first,
                               std::size_t count, T* out) {
    kernels::gemm<Out, T, kernels::Transposed<T>, kernels::Store<T>, xsimd::default_arch, false>(
        count, a.rows, kernels::Transposed<T>{a.kept + first, kept_size}, d_pre,
        kernels::Store<T>{out, Out});
  }
  //! db = column sums of dA.
  template <class T>
  static void gradient_of_rest(LayerActivity<T> a, const T* d_pre, T* out) {
    kernels::column_sums<Out>(d_pre, a.rows, out);
  }
};

template <std::size_t In, std::size_t Out, std::size_t Kernel, std::size_t Dilation,
          Activation Act>
inline constexpr bool has_invalid_arguments<Conv1D<In, Out, Kernel, Dilation, Act>> =
    In == 0 || Out == 0 || Kernel == 0 || Dilation == 0;

}  // namespace ctnn

#endif
