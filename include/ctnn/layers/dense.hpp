#ifndef CTNN_LAYERS_DENSE_HPP
#define CTNN_LAYERS_DENSE_HPP

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <type_traits>

#include <ctnn/activations/identity.hpp>
#include <ctnn/concepts/activation.hpp>
#include <ctnn/concepts/layer.hpp>
#include <ctnn/detail/simd.hpp>
#include <ctnn/init.hpp>
#include <ctnn/kernels/gemm.hpp>
#include <ctnn/detail/elementwise.hpp>

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
//! Example: `ctnn::Dense<784, 100, ctnn::Sigmoid>`; `Dense<784, 100>, Sigmoid` in a net is the
//! same layer.
//!
//! Training keeps nothing beyond the layer's input and output when φ' is written in the output
//! (sigmoid, tanh, ReLU, ...), and the pre-activations when it is not (GELU, SiLU).
template <std::size_t In, std::size_t Out, Activation Act = Identity>
struct Dense {
  static_assert(In > 0 && Out > 0,
                "ctnn::Dense<In, Out>: a layer needs at least one input and one output "
                "(In > 0 and Out > 0)");

  using activation = Act;
  template <Activation Other>
  using with_activation = Dense<In, Out, Other>;

  static constexpr std::size_t in_size = In;
  static constexpr std::size_t out_size = Out;
  static constexpr std::size_t weight_count = In * Out;
  static constexpr std::size_t parameter_count = In * Out + Out;

  //! The parameters as PyTorch's nn.Linear(In, Out) holds them: `weight` [Out, In], the
  //! transpose of W[In][Out], and `bias` [Out].
  static constexpr std::array parameter_tensors{
      ParameterTensor{.name = "weight", .shape = {Out, In}, .offset = 0, .transposed = true},
      ParameterTensor{.name = "bias", .shape = {Out}, .offset = In * Out},
  };

  //! "Dense<784, 100, Sigmoid>"; "Dense<100, 10>" with Identity.
  static std::string name() {
    const std::string sizes = std::to_string(In) + ", " + std::to_string(Out);
    if constexpr (std::is_same_v<Act, Identity>) return "Dense<" + sizes + ">";
    return "Dense<" + sizes + ", " + name_of<Act>() + ">";
  }

  //! Views of the weights and bias in a layer's slice of the parameter block.
  template <class T>
  static constexpr DenseView<T, In, Out> view(T* params) {
    return {std::span<T, In * Out>(params, In * Out), std::span<T, Out>(params + In * Out, Out)};
  }

  //! One sample with plain loops: usable in constant expressions, and the reference that the
  //! SIMD path is tested against.
  template <class T>
  static constexpr void forward_scalar(const T* params, const T* x, T* y) {
    for (std::size_t o = 0; o < Out; ++o) {
      T sum = params[weight_count + o];
      for (std::size_t i = 0; i < In; ++i) sum += x[i] * params[i * Out + o];
      y[o] = Act::f(sum);
    }
  }

  //! `rows` samples: Y (rows x Out) = φ(X W + b) for X (rows x In), bias and activation fused
  //! into the kernel's epilogue.
  template <class T>
  static void forward(const T* params, const T* x, std::size_t rows, T* y) {
    const T* bias = params + weight_count;
    kernels::gemm<Out>(rows, In, kernels::RowMajor<T>{x, In}, params,
                       [=](auto sum, std::size_t r, std::size_t c) {
                         using V = decltype(sum);
                         detail::store(y + r * Out + c, Act::f(sum + detail::load<V>(bias + c)));
                       });
  }

  //! Init: weights from U(-a, a) with a set by the activation's `Init` scheme; zero biases.
  template <class T>
  static void init(T* params, InitRandom& random) {
    const double bound = init_bound(Act::init, In, Out);
    for (std::size_t i = 0; i < weight_count; ++i)
      params[i] = static_cast<T>(bound * random.symmetric_unit());
    for (std::size_t o = 0; o < Out; ++o) params[weight_count + o] = T(0);
  }

  // Training (see TrainableLayer): the backward pass turns dY into dA = dY ⊙ φ'(A) in place, so
  // that dW = Xᵀ dA, db = column sums of dA, dX = dA Wᵀ.

  //! Whether φ' needs the pre-activations A, which training then keeps (Out per sample).
  static constexpr bool keeps_pre_activation = derivative_needs_pre_activation<Act>;
  static constexpr std::size_t kept_size = keeps_pre_activation ? Out : 0;
  //! Wᵀ ([out][in]), for dX = dA Wᵀ with the same kernel as the forward pass.
  static constexpr std::size_t scratch_size = In * Out;
  static constexpr std::size_t gradient_rows = In;
  static constexpr std::size_t gradient_row_size = Out;

  template <class T>
    requires TrainableActivation<Act>
  static void train_forward(const T* params, const T* x, std::size_t rows, T* y, T* kept,
                            TrainingStep) {
    if constexpr (!keeps_pre_activation) {
      forward(params, x, rows, y);
    } else {
      const T* bias = params + weight_count;
      kernels::gemm<Out>(rows, In, kernels::RowMajor<T>{x, In}, params,
                         [=](auto sum, std::size_t r, std::size_t c) {
                           using V = decltype(sum);
                           const V a = sum + detail::load<V>(bias + c);
                           detail::store(kept + r * Out + c, a);
                           detail::store(y + r * Out + c, Act::f(a));
                         });
    }
  }

  template <class T>
  static void prepare_backward(const T* params, T* transposed) {
    kernels::transpose<In, Out>(params, transposed);
  }

  template <class T>
    requires TrainableActivation<Act>
  static void backward(const T*, const T* transposed, LayerActivity<T> activity, T* dy, T* dx) {
    const std::size_t n = activity.rows * Out;
    if constexpr (keeps_pre_activation) {
      detail::elementwise::apply(n, [](auto& d, const auto& a) { d = d * Act::df_pre(a); }, dy,
                                 activity.kept);
    } else if constexpr (!std::is_same_v<Act, Identity>) {
      detail::elementwise::apply(n, [](auto& d, const auto& h) { d = d * Act::df(h); }, dy,
                                 activity.output);
    }
    if (dx != nullptr)
      kernels::gemm<In>(activity.rows, Out, kernels::RowMajor<T>{dy, Out}, transposed,
                        kernels::Store<T>{dx, In});
  }

  //! Rows first .. first + count - 1 of dW = Xᵀ dA (the weights of those inputs), count x Out.
  template <class T>
  static void gradient_of_rows(LayerActivity<T> activity, const T* d_pre, std::size_t first,
                               std::size_t count, T* grad_rows) {
    // Never the single-row GEMV: a weight's gradient must not depend on how the rows are split.
    kernels::gemm<Out, T, kernels::Transposed<T>, kernels::Store<T>, xsimd::default_arch, false>(
        count, activity.rows, kernels::Transposed<T>{activity.input + first, In}, d_pre,
        kernels::Store<T>{grad_rows, Out});
  }

  //! db = column sums of dA (Out values).
  template <class T>
  static void gradient_of_rest(LayerActivity<T> activity, const T* d_pre, T* bias_grad) {
    kernels::column_sums<Out>(d_pre, activity.rows, bias_grad);
  }
};

template <std::size_t In, std::size_t Out, Activation Act>
inline constexpr bool has_invalid_arguments<Dense<In, Out, Act>> = In == 0 || Out == 0;

}  // namespace ctnn

#endif
