#ifndef CTNN_EXPR_FORMULA_HPP
#define CTNN_EXPR_FORMULA_HPP

//! @file formula.hpp
//! What a user writes: the variable x, + - * /, unary minus, plain C++ numbers as constants,
//! exp, log, log1p, expm1, tanh, sigmoid, softplus, erf, sqrt, abs, max(e, c), min(e, c), pow<N>(e),
//! comparisons and where(condition, a, b):
//!
//!     using namespace ctnn::expr;
//!     constexpr auto swish = x * sigmoid(x);
//!     constexpr auto elu = where(x > 0, x, expm1(x));
//!
//! Every function and operator here returns the node as written, unsimplified.

#include <concepts>
#include <functional>
#include <type_traits>

#include <ctnn/expr/functions.hpp>
#include <ctnn/expr/nodes.hpp>

namespace ctnn::expr {

//! The variable of every formula.
inline constexpr Variable x{};

//! A formula, or a number that becomes a Constant.
template <class T>
concept Operand = Expression<T> || std::is_arithmetic_v<std::remove_cvref_t<T>>;

namespace detail {

template <Operand T>
[[nodiscard]] constexpr auto node(T t) {
  if constexpr (Expression<T>) {
    return t;
  } else {
    return Constant{static_cast<double>(t)};
  }
}

template <class T>
using node_t = decltype(node(std::declval<T>()));

}  // namespace detail

template <Operand A, Operand B>
  requires(Expression<A> || Expression<B>)
[[nodiscard]] constexpr auto operator+(A a, B b) {
  return Add<detail::node_t<A>, detail::node_t<B>>{detail::node(a), detail::node(b)};
}
template <Operand A, Operand B>
  requires(Expression<A> || Expression<B>)
[[nodiscard]] constexpr auto operator-(A a, B b) {
  return Subtract<detail::node_t<A>, detail::node_t<B>>{detail::node(a), detail::node(b)};
}
template <Operand A, Operand B>
  requires(Expression<A> || Expression<B>)
[[nodiscard]] constexpr auto operator*(A a, B b) {
  return Multiply<detail::node_t<A>, detail::node_t<B>>{detail::node(a), detail::node(b)};
}
template <Operand A, Operand B>
  requires(Expression<A> || Expression<B>)
[[nodiscard]] constexpr auto operator/(A a, B b) {
  return Divide<detail::node_t<A>, detail::node_t<B>>{detail::node(a), detail::node(b)};
}
template <Expression A>
[[nodiscard]] constexpr Negate<A> operator-(A a) {
  return {a};
}

template <Operand A, Operand B>
  requires(Expression<A> || Expression<B>)
[[nodiscard]] constexpr auto operator<(A a, B b) {
  return Compare<std::less<>, detail::node_t<A>, detail::node_t<B>>{detail::node(a),
                                                                    detail::node(b)};
}
template <Operand A, Operand B>
  requires(Expression<A> || Expression<B>)
[[nodiscard]] constexpr auto operator<=(A a, B b) {
  return Compare<std::less_equal<>, detail::node_t<A>, detail::node_t<B>>{detail::node(a),
                                                                          detail::node(b)};
}
template <Operand A, Operand B>
  requires(Expression<A> || Expression<B>)
[[nodiscard]] constexpr auto operator>(A a, B b) {
  return Compare<std::greater<>, detail::node_t<A>, detail::node_t<B>>{detail::node(a),
                                                                       detail::node(b)};
}
template <Operand A, Operand B>
  requires(Expression<A> || Expression<B>)
[[nodiscard]] constexpr auto operator>=(A a, B b) {
  return Compare<std::greater_equal<>, detail::node_t<A>, detail::node_t<B>>{detail::node(a),
                                                                             detail::node(b)};
}

// clang-format off
template <Expression A> [[nodiscard]] constexpr Call<ExpFunction, A> exp(A a) { return {a}; }
template <Expression A> [[nodiscard]] constexpr Call<LogFunction, A> log(A a) { return {a}; }
template <Expression A> [[nodiscard]] constexpr Call<Log1pFunction, A> log1p(A a) { return {a}; }
template <Expression A> [[nodiscard]] constexpr Call<Expm1Function, A> expm1(A a) { return {a}; }
template <Expression A> [[nodiscard]] constexpr Call<TanhFunction, A> tanh(A a) { return {a}; }
template <Expression A> [[nodiscard]] constexpr Call<SigmoidFunction, A> sigmoid(A a) { return {a}; }
template <Expression A> [[nodiscard]] constexpr Call<SoftplusFunction, A> softplus(A a) { return {a}; }
template <Expression A> [[nodiscard]] constexpr Call<ErfFunction, A> erf(A a) { return {a}; }
template <Expression A> [[nodiscard]] constexpr Call<SqrtFunction, A> sqrt(A a) { return {a}; }
template <Expression A> [[nodiscard]] constexpr Call<AbsFunction, A> abs(A a) { return {a}; }
// clang-format on

//! max(e, c) and min(e, c) for a number c. The derivative where e = c is e's, as for PyTorch's
//! clamp (clamp(e, min=c) passes the gradient where e >= c).
template <Expression A, class C>
  requires std::is_arithmetic_v<C>
[[nodiscard]] constexpr Maximum<A> max(A a, C c) {
  return {a, Constant{static_cast<double>(c)}};
}
template <Expression A, class C>
  requires std::is_arithmetic_v<C>
[[nodiscard]] constexpr Minimum<A> min(A a, C c) {
  return {a, Constant{static_cast<double>(c)}};
}

//! e^N for a non-negative integer N.
template <int N, Expression A>
[[nodiscard]] constexpr Power<N, A> pow(A a) {
  static_assert(N >= 0, "ctnn::expr::pow<N>(e): N must not be negative; write 1 / pow<-N>(e)");
  return {a};
}

//! a where the condition holds, b elsewhere; the derivative is a's or b's likewise.
template <Condition C, Operand A, Operand B>
[[nodiscard]] constexpr auto where(C condition, A a, B b) {
  return Where<C, detail::node_t<A>, detail::node_t<B>>{condition, detail::node(a),
                                                        detail::node(b)};
}

namespace detail {
template <class T>
inline constexpr bool unsupported = false;
}  // namespace detail

// Functions a formula may not use: one readable error each, instead of a list of candidates.
// Each returns x, so that the formula around it raises no further error.
#define CTNN_EXPR_UNSUPPORTED(function)                                                    \
  template <Expression A>                                                                 \
  constexpr Variable function(A) {                                                        \
    static_assert(detail::unsupported<A>,                                                 \
                  "ctnn::expr: " #function " is not a function a formula may use; they "  \
                  "are exp, log, log1p, expm1, tanh, sigmoid, softplus, erf, sqrt, abs, " \
                  "max(e, c), min(e, c), pow<N>(e) and where(condition, a, b)");          \
    return {};                                                                            \
  }
CTNN_EXPR_UNSUPPORTED(sin)
CTNN_EXPR_UNSUPPORTED(cos)
CTNN_EXPR_UNSUPPORTED(tan)
CTNN_EXPR_UNSUPPORTED(asin)
CTNN_EXPR_UNSUPPORTED(acos)
CTNN_EXPR_UNSUPPORTED(atan)
CTNN_EXPR_UNSUPPORTED(sinh)
CTNN_EXPR_UNSUPPORTED(cosh)
CTNN_EXPR_UNSUPPORTED(exp2)
CTNN_EXPR_UNSUPPORTED(log2)
CTNN_EXPR_UNSUPPORTED(log10)
CTNN_EXPR_UNSUPPORTED(cbrt)
CTNN_EXPR_UNSUPPORTED(erfc)
#undef CTNN_EXPR_UNSUPPORTED

//! pow with an exponent as an argument: not a formula; pow<N>(e) is.
template <Expression A, class E>
constexpr Variable pow(A, E) {
  static_assert(detail::unsupported<A>,
                "ctnn::expr: pow(e, p) is not supported; write pow<N>(e) for an integer N >= 0, "
                "or exp(p * log(e)) for e > 0");
  return {};
}

}  // namespace ctnn::expr

#endif
