#ifndef CTNN_EXPR_SIMPLIFY_HPP
#define CTNN_EXPR_SIMPLIFY_HPP

//! @file simplify.hpp
//! The constructors differentiation builds with: each folds numbers (1 + 2 → 3) and removes
//! what changes nothing (a·0 → 0, a·1 → a, a + 0 → a, a/1 → a, --a → a, a^1 → a, a·(-1) → -a,
//! a + -b → a - b), and puts a number first in a product (2·a, not a·2). The formulas a user writes are kept as written.

#include <concepts>

#include <ctnn/expr/nodes.hpp>

namespace ctnn::expr::detail {

template <class T>
inline constexpr bool is_negation = false;
template <class A>
inline constexpr bool is_negation<Negate<A>> = true;

template <Expression A>
[[nodiscard]] constexpr Expression auto negate(A a) {
  if constexpr (std::same_as<A, Zero>) {
    return Zero{};
  } else if constexpr (std::same_as<A, One>) {
    return MinusOne{};
  } else if constexpr (std::same_as<A, MinusOne>) {
    return One{};
  } else if constexpr (Number<A>) {
    return Constant{-value_of(a)};
  } else if constexpr (is_negation<A>) {
    return a.a;
  } else {
    return Negate<A>{a};
  }
}

template <Expression A, Expression B>
[[nodiscard]] constexpr Expression auto minus(A a, B b);

template <Expression A, Expression B>
[[nodiscard]] constexpr Expression auto plus(A a, B b) {
  if constexpr (std::same_as<A, Zero>) {
    return b;
  } else if constexpr (std::same_as<B, Zero>) {
    return a;
  } else if constexpr (Number<A> && Number<B>) {
    return Constant{value_of(a) + value_of(b)};
  } else if constexpr (is_negation<B>) {
    return minus(a, b.a);  // a + -b → a - b
  } else {
    return Add<A, B>{a, b};
  }
}

template <Expression A, Expression B>
[[nodiscard]] constexpr Expression auto minus(A a, B b) {
  if constexpr (std::same_as<B, Zero>) {
    return a;
  } else if constexpr (std::same_as<A, Zero>) {
    return negate(b);
  } else if constexpr (Number<A> && Number<B>) {
    return Constant{value_of(a) - value_of(b)};
  } else {
    return Subtract<A, B>{a, b};
  }
}

template <class T>
inline constexpr bool is_number_times = false;
template <Number N, class B>
inline constexpr bool is_number_times<Multiply<N, B>> = true;

template <Expression A, Expression B>
[[nodiscard]] constexpr Expression auto times(A a, B b) {
  if constexpr (std::same_as<A, Zero> || std::same_as<B, Zero>) {
    return Zero{};
  } else if constexpr (std::same_as<A, One>) {
    return b;
  } else if constexpr (std::same_as<B, One>) {
    return a;
  } else if constexpr (std::same_as<A, MinusOne>) {
    return negate(b);
  } else if constexpr (std::same_as<B, MinusOne>) {
    return negate(a);
  } else if constexpr (Number<A> && Number<B>) {
    return Constant{value_of(a) * value_of(b)};
  } else if constexpr (Number<B>) {
    return times(b, a);
  } else if constexpr (Number<A> && is_number_times<B>) {
    return times(Constant{value_of(a) * value_of(b.a)}, b.b);  // c (d e) → (c d) e
  } else {
    return Multiply<A, B>{a, b};
  }
}

template <Expression A, Expression B>
[[nodiscard]] constexpr Expression auto over(A a, B b) {
  if constexpr (std::same_as<A, Zero>) {
    return Zero{};
  } else if constexpr (std::same_as<B, One>) {
    return a;
  } else if constexpr (Number<A> && Number<B>) {
    return Constant{value_of(a) / value_of(b)};
  } else {
    return Divide<A, B>{a, b};
  }
}

template <int N, Expression A>
[[nodiscard]] constexpr Expression auto power(A a) {
  static_assert(N >= 0, "ctnn::expr::pow<N>: N must not be negative; write 1 / pow<-N>(e)");
  if constexpr (N == 0) {
    return One{};
  } else if constexpr (N == 1) {
    return a;
  } else if constexpr (Number<A>) {
    double p = 1;
    for (int k = 0; k < N; ++k) p *= value_of(a);
    return Constant{p};
  } else {
    return Power<N, A>{a};
  }
}

template <Condition C, Expression A, Expression B>
[[nodiscard]] constexpr Expression auto choose(C condition, A a, B b) {
  if constexpr (std::same_as<A, Zero> && std::same_as<B, Zero>) {
    return Zero{};
  } else {
    return Where<C, A, B>{condition, a, b};
  }
}

}  // namespace ctnn::expr::detail

#endif
