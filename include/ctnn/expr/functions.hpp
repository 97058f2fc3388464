#ifndef CTNN_EXPR_FUNCTIONS_HPP
#define CTNN_EXPR_FUNCTIONS_HPP

//! @file functions.hpp
//! The functions a formula may call, each a tag type with its name, its value (through the
//! library's vectorized math: the same functions the built-in activations use) and its
//! derivative as a formula in its argument. Where the derivative is not defined, PyTorch's
//! convention holds: abs'(0) = 0 (sign(0) = 0).

#include <concepts>
#include <functional>
#include <numbers>

#include <ctnn/detail/simd.hpp>
#include <ctnn/expr/nodes.hpp>
#include <ctnn/expr/simplify.hpp>

namespace ctnn::expr {

struct ExpFunction {
  static constexpr const char* name = "exp";
  template <class V>
  static constexpr V apply(V a) {
    return ctnn::detail::exp(a);
  }
  template <Expression A>
  static constexpr Expression auto derivative(A a) {
    return Call<ExpFunction, A>{a};
  }
};

struct LogFunction {
  static constexpr const char* name = "log";
  template <class V>
  static constexpr V apply(V a) {
    return ctnn::detail::log(a);
  }
  template <Expression A>
  static constexpr Expression auto derivative(A a) {
    return detail::over(One{}, a);
  }
};

struct Log1pFunction {
  static constexpr const char* name = "log1p";
  template <class V>
  static constexpr V apply(V a) {
    return ctnn::detail::log1p(a);
  }
  template <Expression A>
  static constexpr Expression auto derivative(A a) {
    return detail::over(One{}, detail::plus(One{}, a));
  }
};

struct Expm1Function {
  static constexpr const char* name = "expm1";
  template <class V>
  static constexpr V apply(V a) {
    return ctnn::detail::expm1(a);
  }
  template <Expression A>
  static constexpr Expression auto derivative(A a) {
    return Call<ExpFunction, A>{a};
  }
};

struct TanhFunction {
  static constexpr const char* name = "tanh";
  template <class V>
  static constexpr V apply(V a) {
    return ctnn::detail::tanh(a);
  }
  template <Expression A>
  static constexpr Expression auto derivative(A a) {
    return detail::minus(One{}, detail::power<2>(Call<TanhFunction, A>{a}));
  }
  //! tanh' written in h = tanh(a).
  template <class V>
  static constexpr V derivative_in_output(V h) {
    return V(1) - h * h;
  }
};

struct SigmoidFunction {
  static constexpr const char* name = "sigmoid";
  template <class V>
  static constexpr V apply(V a) {
    return ctnn::detail::sigmoid(a);
  }
  template <Expression A>
  static constexpr Expression auto derivative(A a) {
    const Call<SigmoidFunction, A> s{a};
    return detail::times(s, detail::minus(One{}, s));
  }
  //! σ' written in h = σ(a).
  template <class V>
  static constexpr V derivative_in_output(V h) {
    return h * (V(1) - h);
  }
};

struct ErfFunction {
  static constexpr const char* name = "erf";
  template <class V>
  static constexpr V apply(V a) {
    return ctnn::detail::erf(a);
  }
  template <Expression A>
  static constexpr Expression auto derivative(A a) {
    return detail::times(Constant{2 * std::numbers::inv_sqrtpi},
                         Call<ExpFunction, decltype(detail::negate(detail::power<2>(a)))>{
                             detail::negate(detail::power<2>(a))});
  }
};

//! log(1 + e^a), computed without overflow.
struct SoftplusFunction {
  static constexpr const char* name = "softplus";
  template <class V>
  static constexpr V apply(V a) {
    return ctnn::detail::softplus(a);
  }
  template <Expression A>
  static constexpr Expression auto derivative(A a) {
    return Call<SigmoidFunction, A>{a};
  }
};

struct SqrtFunction {
  static constexpr const char* name = "sqrt";
  template <class V>
  static constexpr V apply(V a) {
    return ctnn::detail::sqrt(a);
  }
  template <Expression A>
  static constexpr Expression auto derivative(A a) {
    return detail::over(Constant{0.5}, Call<SqrtFunction, A>{a});
  }
};

struct AbsFunction {
  static constexpr const char* name = "abs";
  template <class V>
  static constexpr V apply(V a) {
    return ctnn::detail::abs(a);
  }
  //! sign(a), with sign(0) = 0 as PyTorch's abs backward has it.
  template <Expression A>
  static constexpr Expression auto derivative(A a) {
    return detail::choose(Compare<std::greater<>, A, Zero>{a, {}}, One{},
                          detail::choose(Compare<std::less<>, A, Zero>{a, {}}, MinusOne{},
                                         Zero{}));
  }
};

//! A formula f(x) of one function whose derivative can be written in its output h = f(x):
//! an activation of it keeps nothing for training but its output.
template <class E>
concept DerivativeInOutput = requires { typename E::function; } &&
                             std::same_as<E, Call<typename E::function, Variable>> &&
                             requires(double h) { E::function::derivative_in_output(h); };

//! f'(x) for such a formula, from h = f(x).
template <class Function, class V>
[[nodiscard]] constexpr V output_derivative(Call<Function, Variable>, V h) {
  return Function::derivative_in_output(h);
}

}  // namespace ctnn::expr

#endif
