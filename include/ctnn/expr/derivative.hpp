#ifndef CTNN_EXPR_DERIVATIVE_HPP
#define CTNN_EXPR_DERIVATIVE_HPP

//! @file derivative.hpp
//! d/dx of a formula, by the chain rule over its tree, at compile time, simplified as it is
//! built (expr/simplify.hpp). Piecewise formulas (where, max, min, abs) follow PyTorch's
//! conventions at the joins: where's derivative is that of the branch chosen, max(e, c)'s is
//! e's where e >= c, min(e, c)'s where e <= c, abs'(0) = 0.

#include <functional>

#include <ctnn/expr/functions.hpp>
#include <ctnn/expr/nodes.hpp>
#include <ctnn/expr/simplify.hpp>

namespace ctnn::expr {

[[nodiscard]] constexpr One derivative(Variable) { return {}; }
template <Number N>
[[nodiscard]] constexpr Zero derivative(N) {
  return {};
}
template <Expression A>
[[nodiscard]] constexpr Expression auto derivative(Negate<A> e) {
  return detail::negate(derivative(e.a));
}
template <Expression A, Expression B>
[[nodiscard]] constexpr Expression auto derivative(Add<A, B> e) {
  return detail::plus(derivative(e.a), derivative(e.b));
}
template <Expression A, Expression B>
[[nodiscard]] constexpr Expression auto derivative(Subtract<A, B> e) {
  return detail::minus(derivative(e.a), derivative(e.b));
}
template <Expression A, Expression B>
[[nodiscard]] constexpr Expression auto derivative(Multiply<A, B> e) {
  return detail::plus(detail::times(derivative(e.a), e.b), detail::times(e.a, derivative(e.b)));
}
template <Expression A, Expression B>
[[nodiscard]] constexpr Expression auto derivative(Divide<A, B> e) {
  if constexpr (Number<B>) {
    return detail::over(derivative(e.a), e.b);
  } else {
    return detail::over(detail::minus(detail::times(derivative(e.a), e.b),
                                      detail::times(e.a, derivative(e.b))),
                        detail::power<2>(e.b));
  }
}
template <class Function, Expression A>
[[nodiscard]] constexpr Expression auto derivative(Call<Function, A> e) {
  return detail::times(Function::derivative(e.a), derivative(e.a));
}
template <int N, Expression A>
[[nodiscard]] constexpr Expression auto derivative(Power<N, A> e) {
  return detail::times(detail::times(Constant{N}, detail::power<N - 1>(e.a)), derivative(e.a));
}
template <Expression A>
[[nodiscard]] constexpr Expression auto derivative(Maximum<A> e) {
  return detail::choose(Compare<std::greater_equal<>, A, Constant>{e.a, e.c}, derivative(e.a),
                        Zero{});
}
template <Expression A>
[[nodiscard]] constexpr Expression auto derivative(Minimum<A> e) {
  return detail::choose(Compare<std::less_equal<>, A, Constant>{e.a, e.c}, derivative(e.a),
                        Zero{});
}
template <Condition C, Expression A, Expression B>
[[nodiscard]] constexpr Expression auto derivative(Where<C, A, B> e) {
  return detail::choose(e.condition, derivative(e.a), derivative(e.b));
}

}  // namespace ctnn::expr

#endif
