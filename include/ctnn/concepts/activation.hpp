#ifndef CTNN_CONCEPTS_ACTIVATION_HPP
#define CTNN_CONCEPTS_ACTIVATION_HPP

#include <concepts>

#include <ctnn/init.hpp>

namespace ctnn {

//! An element-wise function φ applied to a layer's pre-activations.
//!
//! Minimal complete definition:
//! - `A::f(a)`: φ(a) for `float`, `double` and `xsimd::batch` arguments;
//! - `A::init`: the `Init` scheme for the weights of a layer with this activation;
//! - `A::trainable`: whether gradient descent can train through φ.
//! A trainable activation also has its derivative φ', for the same arguments as `f`, in one of
//! two forms:
//! - `A::df(h)`: φ'(a) written in the OUTPUT h = φ(a) (Sigmoid: h (1 - h)), so that a layer
//!   keeps nothing beyond its output for the backward pass; or
//! - `A::df_pre(a)`: φ'(a) written in the pre-activation a (GELU: Φ(a) + a φ(a)), for an
//!   activation whose derivative is no function of its output; a layer with it keeps its
//!   pre-activations during training.
//! An activation with both is trained through `df`.
//! Optional: `A::name()`, its name in a net's description (concepts/named.hpp): "Sigmoid".
template <class A>
concept Activation = requires(float a, double d) {
  { A::f(a) } -> std::same_as<float>;
  { A::f(d) } -> std::same_as<double>;
  { A::init } -> std::convertible_to<Init>;
  { A::trainable } -> std::convertible_to<bool>;
};

//! An activation with `A::df(h)`, φ'(a) written in the output h = φ(a).
template <class A>
concept DerivativeInOutput = requires(float h, double d) {
  { A::df(h) } -> std::same_as<float>;
  { A::df(d) } -> std::same_as<double>;
};

//! An activation with `A::df_pre(a)`, φ'(a) written in the pre-activation a.
template <class A>
concept DerivativeInPreActivation = requires(float a, double d) {
  { A::df_pre(a) } -> std::same_as<float>;
  { A::df_pre(d) } -> std::same_as<double>;
};

//! An activation with a usable derivative: `df(h)`, or `df_pre(a)`.
template <class A>
concept TrainableActivation =
    Activation<A> && A::trainable && (DerivativeInOutput<A> || DerivativeInPreActivation<A>);

//! Whether training through A needs the pre-activations: A has `df_pre` and no `df`.
template <class A>
inline constexpr bool derivative_needs_pre_activation =
    DerivativeInPreActivation<A> && !DerivativeInOutput<A>;

}  // namespace ctnn

#endif
