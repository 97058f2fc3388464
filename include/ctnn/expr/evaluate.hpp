#ifndef CTNN_EXPR_EVALUATE_HPP
#define CTNN_EXPR_EVALUATE_HPP

//! @file evaluate.hpp
//! A formula's value at x for a float, a double or an xsimd register of either, through the
//! library's vectorized math (ctnn::detail::exp and the like, as the built-in activations).
//! Constants are rounded to the argument's type. where evaluates both branches and selects.

#include <type_traits>

#include <ctnn/detail/simd.hpp>
#include <ctnn/expr/nodes.hpp>

namespace ctnn::expr {

namespace detail {

template <class V>
struct scalar_of {
  using type = V;
};
template <class V>
  requires requires { typename V::value_type; }
struct scalar_of<V> {
  using type = typename V::value_type;
};

template <class V>
[[nodiscard]] constexpr V number(double value) {
  return V(static_cast<typename scalar_of<V>::type>(value));
}

//! v^N by squaring: N known at compile time.
template <int N, class V>
[[nodiscard]] constexpr V power_of(V v) {
  if constexpr (N == 0) {
    return V(1);
  } else if constexpr (N == 1) {
    return v;
  } else if constexpr (N % 2 == 0) {
    const V half = power_of<N / 2>(v);
    return half * half;
  } else {
    return power_of<N - 1>(v) * v;
  }
}

}  // namespace detail

template <class V>
[[nodiscard]] constexpr V evaluate(Variable, V x) {
  return x;
}
template <class V>
[[nodiscard]] constexpr V evaluate(Constant c, V) {
  return detail::number<V>(c.value);
}
template <class V>
[[nodiscard]] constexpr V evaluate(Zero, V) {
  return V(0);
}
template <class V>
[[nodiscard]] constexpr V evaluate(One, V) {
  return V(1);
}
template <class V>
[[nodiscard]] constexpr V evaluate(MinusOne, V) {
  return V(-1);
}
template <class A, class V>
[[nodiscard]] constexpr V evaluate(Negate<A> e, V x) {
  return -evaluate(e.a, x);
}
template <class A, class B, class V>
[[nodiscard]] constexpr V evaluate(Add<A, B> e, V x) {
  return evaluate(e.a, x) + evaluate(e.b, x);
}
template <class A, class B, class V>
[[nodiscard]] constexpr V evaluate(Subtract<A, B> e, V x) {
  return evaluate(e.a, x) - evaluate(e.b, x);
}
template <class A, class B, class V>
[[nodiscard]] constexpr V evaluate(Multiply<A, B> e, V x) {
  return evaluate(e.a, x) * evaluate(e.b, x);
}
template <class A, class B, class V>
[[nodiscard]] constexpr V evaluate(Divide<A, B> e, V x) {
  return evaluate(e.a, x) / evaluate(e.b, x);
}
template <class Function, class A, class V>
[[nodiscard]] constexpr V evaluate(Call<Function, A> e, V x) {
  return Function::apply(evaluate(e.a, x));
}
template <int N, class A, class V>
[[nodiscard]] constexpr V evaluate(Power<N, A> e, V x) {
  return detail::power_of<N>(evaluate(e.a, x));
}
template <class A, class V>
[[nodiscard]] constexpr V evaluate(Maximum<A> e, V x) {
  return ctnn::detail::max(evaluate(e.a, x), detail::number<V>(e.c.value));
}
template <class A, class V>
[[nodiscard]] constexpr V evaluate(Minimum<A> e, V x) {
  return ctnn::detail::min(evaluate(e.a, x), detail::number<V>(e.c.value));
}
//! A comparison: a bool for scalars, a mask for registers.
template <class Relation, class A, class B, class V>
[[nodiscard]] constexpr auto evaluate(Compare<Relation, A, B> e, V x) {
  return Relation{}(evaluate(e.a, x), evaluate(e.b, x));
}
template <class C, class A, class B, class V>
[[nodiscard]] constexpr V evaluate(Where<C, A, B> e, V x) {
  return ctnn::detail::select(evaluate(e.condition, x), evaluate(e.a, x), evaluate(e.b, x));
}

}  // namespace ctnn::expr

#endif
