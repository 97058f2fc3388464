#ifndef CTNN_LAYERS_DENSE_HPP
#define CTNN_LAYERS_DENSE_HPP

#include <cstddef>
#include <span>

#include <ctnn/activations/identity.hpp>
#include <ctnn/concepts/activation.hpp>
#include <ctnn/detail/simd.hpp>
#include <ctnn/init.hpp>
#include <ctnn/kernels/gemm.hpp>

namespace ctnn {

//! A view of one dense layer's parameters inside a net's flat block.
//! `weights` is W stored input-major: W[in][out] at `weights[in * Out + out]` (PyTorch's
//! nn.Linear stores the transpose, weight[out][in]). `T` may be const.
template <class T, std::size_t In, std::size_t Out>
struct DenseView {
  std::span<T, In * Out> weights;
  std::span<T, Out> bias;
  //! The weight from input `in` to output `out`.
  [[nodiscard]] constexpr T& weight(std::size_t in, std::size_t out) const {
    return weights[in * Out + out];
  }
};

//! A fully connected layer: h = φ(W·x + b) for x of In values and h of Out values, with φ = Act.
//!
//! Parameters, in the net's flat block: In·Out weights W[in][out] (row-major, input-major),
//! then Out biases. In batches, rows are samples: H = φ(X W + 1 bᵀ).
//! Example: `ctnn::Dense<784, 100, ctnn::Sigmoid>`.
template <std::size_t In, std::size_t Out, Activation Act = Identity>
struct Dense {
  static_assert(In > 0 && Out > 0,
                "ctnn::Dense<In, Out>: a layer needs at least one input and one output "
                "(In > 0 and Out > 0)");

  using activation = Act;
  static constexpr std::size_t in_size = In;
  static constexpr std::size_t out_size = Out;
  static constexpr std::size_t weight_count = In * Out;
  static constexpr std::size_t parameter_count = In * Out + Out;

  //! Views of the weights and bias in a layer's slice of the parameter block.
  template <class T>
  static constexpr DenseView<T, In, Out> view(T* params) {
    return {std::span<T, In * Out>(params, In * Out), std::span<T, Out>(params + In * Out, Out)};
  }

  //! One sample with plain loops: usable in constant expressions, and the reference that the
  //! SIMD path is tested against. `Phi` replaces the activation (a fused loss asks for Identity).
  template <class Phi = Act, class T>
  static constexpr void forward_scalar(const T* params, const T* x, T* y) {
    for (std::size_t o = 0; o < Out; ++o) {
      T sum = params[weight_count + o];
      for (std::size_t i = 0; i < In; ++i) sum += x[i] * params[i * Out + o];
      y[o] = Phi::f(sum);
    }
  }

  //! `rows` samples: Y (rows x Out) = Phi(X W + b) for X (rows x In), bias and activation fused
  //! into the kernel's epilogue.
  template <class Phi = Act, class T>
  static void forward(const T* params, const T* x, std::size_t rows, T* y) {
    const T* bias = params + weight_count;
    kernels::gemm<Out>(rows, In, kernels::RowMajor<T>{x, In}, params,
                       [=](auto sum, std::size_t r, std::size_t c) {
                         using V = decltype(sum);
                         detail::store(y + r * Out + c, Phi::f(sum + detail::load<V>(bias + c)));
                       });
  }

  //! The parameter gradient from dA = d(loss)/d(pre-activations) (rows x Out) and the layer's
  //! input X (rows x In): dW = Xᵀ dA, db = column sums of dA, written to `grad`.
  template <class T>
  static void weight_gradient(const T* x, const T* d_pre, std::size_t rows, T* grad) {
    weight_gradient_rows(x, d_pre, rows, 0, In, grad);
    bias_gradient(d_pre, rows, grad + weight_count);
  }

  //! Rows first .. first + count - 1 of dW = Xᵀ dA only (the weights of those inputs), for
  //! splitting the weight gradient between threads or into pieces, written to `grad_rows`
  //! (count x Out; row `first` of dW first). Each value is Σ over the rows of the batch in
  //! order, however the inputs are split.
  template <class T>
  static void weight_gradient_rows(const T* x, const T* d_pre, std::size_t rows,
                                   std::size_t first, std::size_t count, T* grad_rows) {
    // Never the single-row GEMV: a weight's gradient must not depend on how the rows are split.
    kernels::gemm<Out, T, kernels::Transposed<T>, kernels::Store<T>, xsimd::default_arch, false>(
        count, rows, kernels::Transposed<T>{x + first, In}, d_pre,
        kernels::Store<T>{grad_rows, Out});
  }

  //! db = column sums of dA (Out values), written to `bias_grad`.
  template <class T>
  static void bias_gradient(const T* d_pre, std::size_t rows, T* bias_grad) {
    kernels::column_sums<Out>(d_pre, rows, bias_grad);
  }

  //! W transposed to [out][in], as `input_gradient` reads it.
  template <class T>
  static void transpose_weights(const T* params, T* transposed) {
    kernels::transpose<In, Out>(params, transposed);
  }

  //! The gradient w.r.t. the PREVIOUS layer's pre-activations, whose activation is PrevAct and
  //! whose outputs are this layer's input X: d_prev = (dA Wᵀ) ⊙ PrevAct::df(X), the derivative
  //! fused into the epilogue. `transposed` is W as `transpose_weights` wrote it.
  template <class PrevAct, class T>
  static void input_gradient(const T* transposed, const T* x, const T* d_pre, std::size_t rows,
                             T* d_prev) {
    kernels::gemm<In>(rows, Out, kernels::RowMajor<T>{d_pre, Out}, transposed,
                      [=](auto sum, std::size_t r, std::size_t c) {
                        using V = decltype(sum);
                        const V h = detail::load<V>(x + r * In + c);
                        detail::store(d_prev + r * In + c, sum * PrevAct::df(h));
                      });
  }

  //! Weights from U(-a, a) with a set by the activation's `Init` scheme; zero biases.
  template <class T>
  static void init(T* params, InitRandom& random) {
    const double bound = init_bound(Act::init, In, Out);
    for (std::size_t i = 0; i < weight_count; ++i)
      params[i] = static_cast<T>(bound * random.symmetric_unit());
    for (std::size_t o = 0; o < Out; ++o) params[weight_count + o] = T(0);
  }
};

}  // namespace ctnn

#endif
