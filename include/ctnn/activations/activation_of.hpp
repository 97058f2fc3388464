#ifndef CTNN_ACTIVATIONS_ACTIVATION_OF_HPP
#define CTNN_ACTIVATIONS_ACTIVATION_OF_HPP

//! @file activation_of.hpp
//! An activation written as a formula (expr/formula.hpp), differentiated at compile time:
//!
//!     using namespace ctnn::expr;
//!     constexpr auto swish = x * sigmoid(x);
//!     using Swish = ctnn::ActivationOf<swish>;
//!     using Mlp = ctnn::Net<ctnn::Dense<16, 32, Swish>, ctnn::Dense<32, 1>, ctnn::MSE>;

#include <string>
#include <type_traits>

#include <ctnn/expr/derivative.hpp>
#include <ctnn/expr/evaluate.hpp>
#include <ctnn/expr/formula.hpp>
#include <ctnn/expr/nodes.hpp>
#include <ctnn/expr/to_string.hpp>
#include <ctnn/init.hpp>

namespace ctnn {

namespace detail {

//! The derivative in the form training needs least memory for:
//! - a constant derivative (a linear formula): `df(h)`, nothing kept but the output;
//! - a function of x alone whose derivative is written in its output (sigmoid: h (1 - h), tanh:
//!   1 - h², expr::DerivativeInOutput): `df(h)`;
//! - anything else: `df_pre(a)`, which keeps the pre-activations.
template <auto F, class Derivative = decltype(expr::derivative(F))>
struct formula_derivative {
  template <class V>
  static constexpr V df_pre(V a) {
    return expr::evaluate(expr::derivative(F), a);
  }
};
template <auto F, class Derivative>
  requires(!expr::depends_on_x<Derivative>)
struct formula_derivative<F, Derivative> {
  template <class V>
  static constexpr V df(V) {
    return expr::evaluate(expr::derivative(F), V(0));
  }
};
template <auto F>
  requires expr::DerivativeInOutput<std::remove_cv_t<decltype(F)>>
struct formula_derivative<F, decltype(expr::derivative(F))> {
  template <class V>
  static constexpr V df(V h) {
    return expr::output_derivative(F, h);
  }
};

}  // namespace detail

//! The activation φ = F, a formula over x (expr::x), with φ' = expr::derivative(F) computed
//! at compile time. Weights start as `WeightInit` says (Glorot uniform unless given). Its name
//! in a net's description is the formula: "x * sigmoid(x)".
template <auto F, Init WeightInit = Init::glorot_uniform>
  requires expr::Expression<decltype(F)>
struct ActivationOf : detail::formula_derivative<F> {
  static constexpr auto formula = F;
  static std::string name() { return expr::to_string(F); }
  static constexpr Init init = WeightInit;
  static constexpr bool trainable = true;
  template <class V>
  static constexpr V f(V a) {
    // Here, not in the class: clang counts a class whose static_assert failed as no
    // Activation, and a layer holding it would add errors of its own.
    static_assert(expr::depends_on_x<std::remove_cv_t<decltype(F)>>,
                  "ctnn::ActivationOf<F>: the formula F does not depend on x; an activation is a "
                  "function of the layer's pre-activation x");
    return expr::evaluate(F, a);
  }
};

}  // namespace ctnn

#endif
