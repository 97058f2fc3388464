#ifndef CTNN_EXPR_NODES_HPP
#define CTNN_EXPR_NODES_HPP

//! @file nodes.hpp
//! The nodes of an activation formula over one variable x (expr/formula.hpp builds them). A
//! formula is a value of a literal, structural type: its shape is its type, its constants are
//! data members, so the formula itself can be a template argument (`ActivationOf<f>`), and two
//! formulas that differ only in a constant are different activations.

#include <concepts>
#include <type_traits>

namespace ctnn::expr {

//! The variable x.
struct Variable {};
//! A constant the formula's author wrote.
struct Constant {
  double value = 0;
};
//! 0, 1 and -1 where differentiation makes them: their type says their value, so the product and
//! sum that hold them simplify by type (x·0 → 0, x·1 → x, x + 0 → x).
struct Zero {};
struct One {};
struct MinusOne {};

template <class A>
struct Negate {
  A a;
};
template <class A, class B>
struct Add {
  A a;
  B b;
};
template <class A, class B>
struct Subtract {
  A a;
  B b;
};
template <class A, class B>
struct Multiply {
  A a;
  B b;
};
template <class A, class B>
struct Divide {
  A a;
  B b;
};
//! Function(a): Function is one of the tags of expr/functions.hpp.
template <class Function, class A>
struct Call {
  using function = Function;
  A a;
};
//! a^N, N a non-negative integer.
template <int N, class A>
struct Power {
  A a;
};
//! max(a, c) and min(a, c), c a constant.
template <class A>
struct Maximum {
  A a;
  Constant c;
};
template <class A>
struct Minimum {
  A a;
  Constant c;
};
//! a < b, a <= b, a > b, a >= b (Relation is std::less<> and the like): where's condition.
template <class Relation, class A, class B>
struct Compare {
  A a;
  B b;
};
//! where(condition, a, b): a where the condition holds, b elsewhere.
template <class Condition, class A, class B>
struct Where {
  Condition condition;
  A a;
  B b;
};

namespace detail {

template <class T>
inline constexpr bool is_node = false;
template <>
inline constexpr bool is_node<Variable> = true;
template <>
inline constexpr bool is_node<Constant> = true;
template <>
inline constexpr bool is_node<Zero> = true;
template <>
inline constexpr bool is_node<One> = true;
template <>
inline constexpr bool is_node<MinusOne> = true;
template <class A>
inline constexpr bool is_node<Negate<A>> = true;
template <class A, class B>
inline constexpr bool is_node<Add<A, B>> = true;
template <class A, class B>
inline constexpr bool is_node<Subtract<A, B>> = true;
template <class A, class B>
inline constexpr bool is_node<Multiply<A, B>> = true;
template <class A, class B>
inline constexpr bool is_node<Divide<A, B>> = true;
template <class F, class A>
inline constexpr bool is_node<Call<F, A>> = true;
template <int N, class A>
inline constexpr bool is_node<Power<N, A>> = true;
template <class A>
inline constexpr bool is_node<Maximum<A>> = true;
template <class A>
inline constexpr bool is_node<Minimum<A>> = true;
template <class C, class A, class B>
inline constexpr bool is_node<Where<C, A, B>> = true;

template <class T>
inline constexpr bool is_condition = false;
template <class R, class A, class B>
inline constexpr bool is_condition<Compare<R, A, B>> = true;

}  // namespace detail

//! A formula over x (not a condition: those only go into where).
template <class T>
concept Expression = detail::is_node<std::remove_cvref_t<T>>;

//! A comparison, where's first argument.
template <class T>
concept Condition = detail::is_condition<std::remove_cvref_t<T>>;

//! Zero, One, MinusOne or a Constant: a number known when the formula is written.
template <class T>
concept Number = std::same_as<T, Zero> || std::same_as<T, One> || std::same_as<T, MinusOne> ||
                 std::same_as<T, Constant>;

//! The value of a Number.
[[nodiscard]] constexpr double value_of(Zero) { return 0; }
[[nodiscard]] constexpr double value_of(One) { return 1; }
[[nodiscard]] constexpr double value_of(MinusOne) { return -1; }
[[nodiscard]] constexpr double value_of(Constant c) { return c.value; }

//! Whether a formula of type E mentions x.
template <class E>
inline constexpr bool depends_on_x = false;
template <>
inline constexpr bool depends_on_x<Variable> = true;
template <class A>
inline constexpr bool depends_on_x<Negate<A>> = depends_on_x<A>;
template <class A, class B>
inline constexpr bool depends_on_x<Add<A, B>> = depends_on_x<A> || depends_on_x<B>;
template <class A, class B>
inline constexpr bool depends_on_x<Subtract<A, B>> = depends_on_x<A> || depends_on_x<B>;
template <class A, class B>
inline constexpr bool depends_on_x<Multiply<A, B>> = depends_on_x<A> || depends_on_x<B>;
template <class A, class B>
inline constexpr bool depends_on_x<Divide<A, B>> = depends_on_x<A> || depends_on_x<B>;
template <class F, class A>
inline constexpr bool depends_on_x<Call<F, A>> = depends_on_x<A>;
template <int N, class A>
inline constexpr bool depends_on_x<Power<N, A>> = depends_on_x<A>;
template <class A>
inline constexpr bool depends_on_x<Maximum<A>> = depends_on_x<A>;
template <class A>
inline constexpr bool depends_on_x<Minimum<A>> = depends_on_x<A>;
template <class R, class A, class B>
inline constexpr bool depends_on_x<Compare<R, A, B>> = depends_on_x<A> || depends_on_x<B>;
template <class C, class A, class B>
inline constexpr bool depends_on_x<Where<C, A, B>> =
    depends_on_x<C> || depends_on_x<A> || depends_on_x<B>;

}  // namespace ctnn::expr

#endif
