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
//! A trainable activation also has `A::df(h)`: φ'(a) written in terms of the OUTPUT h = φ(a),
//! so a net need not keep pre-activations for its backward pass.
template <class A>
concept Activation = requires(float a, double d) {
  { A::f(a) } -> std::same_as<float>;
  { A::f(d) } -> std::same_as<double>;
  { A::init } -> std::convertible_to<Init>;
  { A::trainable } -> std::convertible_to<bool>;
};

//! An activation with a usable derivative, `A::df(h)` = φ'(a) where h = φ(a).
template <class A>
concept TrainableActivation = Activation<A> && A::trainable && requires(float h) {
  { A::df(h) } -> std::same_as<float>;
};

}  // namespace ctnn

#endif
