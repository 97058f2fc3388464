#ifndef CTNN_ACTIVATIONS_GELU_HPP
#define CTNN_ACTIVATIONS_GELU_HPP

#include <string>

#include <ctnn/activations/silu.hpp>
#include <ctnn/detail/simd.hpp>
#include <ctnn/init.hpp>

namespace ctnn {

namespace detail {

//! Φ(a) = erfc(-a / √2) / 2, the standard normal distribution function, with full relative
//! precision in the lower tail (no 1 + erf(a / √2) cancellation).
template <class V>
[[nodiscard]] constexpr V normal_cdf(V a) {
  return V(0.5) * detail::erfc(V(-0.70710678118654752440) * a);
}

//! The standard normal density e^(-a²/2) / √(2π).
template <class V>
[[nodiscard]] constexpr V normal_pdf(V a) {
  return V(0.39894228040143267794) * detail::exp(V(-0.5) * a * a);
}

}  // namespace detail

//! GELU: φ(a) = a Φ(a) = a (1 + erf(a / √2)) / 2, Φ the standard normal distribution function;
//! PyTorch's `torch.nn.GELU()` and `F.gelu(x)` (approximate='none'). Computed as
//! a erfc(-a / √2) / 2, which keeps its relative precision for a ≪ 0. φ'(a) = Φ(a) + a ϕ(a),
//! ϕ the normal density, is no function of φ(a) (φ is not one-to-one), so GELU gives `df_pre`
//! and a layer with it keeps its pre-activations during training. Weights start He-uniform, as
//! for the ReLU family that GELU smooths (PyTorch's own `nn.Linear` default is another scheme).
struct GELU {
  static std::string name() { return "GELU"; }
  static constexpr Init init = Init::he_uniform;
  static constexpr bool trainable = true;
  template <class V>
  static constexpr V f(V a) {
    return a * detail::normal_cdf(a);
  }
  template <class V>
  static constexpr V df_pre(V a) {
    return detail::fma(a, detail::normal_pdf(a), detail::normal_cdf(a));
  }
};

//! GELU with the tanh approximation of Φ: φ(a) = a (1 + tanh(u)) / 2 with
//! u = √(2/π) (a + 0.044715 a³); PyTorch's `torch.nn.GELU(approximate='tanh')` and
//! `F.gelu(x, approximate='tanh')`. Computed as a σ(2u), the same function without the
//! 1 + tanh(u) cancellation for a ≪ 0; φ'(a) = σ(2u) (1 + a σ(-2u) 2u'(a)) comes with `df_pre`,
//! as for `GELU`. Weights start He-uniform, as for `GELU`.
struct GELUTanh {
  static std::string name() { return "GELUTanh"; }
  static constexpr Init init = Init::he_uniform;
  static constexpr bool trainable = true;
  template <class V>
  static constexpr V f(V a) {
    return a * detail::sigmoid(gate(a));
  }
  template <class V>
  static constexpr V df_pre(V a) {
    const V gate_slope = V(two_sqrt_2_over_pi) * detail::fma(V(3 * cubic) * a, a, V(1));
    return detail::sigmoid_gate_derivative(a, gate(a), gate_slope);
  }

private:
  static constexpr double two_sqrt_2_over_pi = 1.59576912160573071176;  // 2 √(2/π)
  static constexpr double cubic = 0.044715;
  //! 2u, the argument of the sigmoid.
  template <class V>
  static constexpr V gate(V a) {
    return V(two_sqrt_2_over_pi) * detail::fma(V(cubic) * a * a, a, a);
  }
};

}  // namespace ctnn

#endif
