#ifndef CTNN_ACTIVATIONS_SILU_HPP
#define CTNN_ACTIVATIONS_SILU_HPP

#include <string>

#include <ctnn/detail/simd.hpp>
#include <ctnn/init.hpp>

namespace ctnn {

namespace detail {

//! d/da [a σ(v)] = σ(v) (1 + a σ(-v) v') for a gate v = v(a) with derivative dv = v'(a): the
//! derivative of SiLU (v = a) and of GELUTanh. σ(v) and σ(-v) come from one exponential, each
//! with full relative precision at both ends (σ(-v) is not computed as 1 - σ(v)). Here and in
//! gelu.hpp, a product added to a sum goes through `detail::fma`, which rounds alike for scalars
//! and registers (a compiler may contract `x * y + z` in one and not the other).
template <class V>
[[nodiscard]] constexpr V sigmoid_gate_derivative(V a, V v, V dv) {
  const V e = detail::exp(-detail::abs(v));  // in (0, 1]: never overflows
  const V upper = V(1) / (V(1) + e);         // σ(|v|)
  const V lower = e * upper;                 // σ(-|v|)
  const V sigma = select_positive(v, upper, lower);
  const V sigma_of_minus_v = select_positive(v, lower, upper);
  return sigma * detail::fma(a * sigma_of_minus_v, dv, V(1));
}

}  // namespace detail

//! SiLU (swish): φ(a) = a σ(a), as PyTorch's `torch.nn.SiLU()` and `F.silu`.
//! φ'(a) = σ(a) (1 + a σ(-a)) is no function of φ(a) (φ is not one-to-one), so SiLU gives
//! `df_pre` and a layer with it keeps its pre-activations during training. Weights start
//! He-uniform, as for the ReLU family that SiLU smooths (PyTorch's own `nn.Linear` default is
//! another scheme).
struct SiLU {
  static std::string name() { return "SiLU"; }
  static constexpr Init init = Init::he_uniform;
  static constexpr bool trainable = true;
  template <class V>
  static constexpr V f(V a) {
    return a * detail::sigmoid(a);
  }
  template <class V>
  static constexpr V df_pre(V a) {
    return detail::sigmoid_gate_derivative(a, a, V(1));
  }
};

}  // namespace ctnn

#endif
