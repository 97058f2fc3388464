#ifndef CTNN_EXPR_TO_STRING_HPP
#define CTNN_EXPR_TO_STRING_HPP

//! @file to_string.hpp
//! A formula as text that reads as it would be written: "x * sigmoid(x)",
//! "sigmoid(x) * (1 - sigmoid(x))", with the parentheses the operators' precedence and
//! left-to-right evaluation need, and constants in their shortest exact form (0.1, 2, -1.5).

#include <array>
#include <charconv>
#include <functional>
#include <string>
#include <type_traits>

#include <ctnn/expr/nodes.hpp>

namespace ctnn::expr {

namespace detail {

//! How tightly a node binds: a sum 1, a product 2, a negation (or a negative number) 3,
//! anything else 4.
template <class E>
[[nodiscard]] constexpr int precedence(E) {
  return 4;
}
[[nodiscard]] constexpr int precedence(Constant c) { return c.value < 0 ? 3 : 4; }
[[nodiscard]] constexpr int precedence(MinusOne) { return 3; }
template <class A>
[[nodiscard]] constexpr int precedence(Negate<A>) {
  return 3;
}
template <class A, class B>
[[nodiscard]] constexpr int precedence(Add<A, B>) {
  return 1;
}
template <class A, class B>
[[nodiscard]] constexpr int precedence(Subtract<A, B>) {
  return 1;
}
template <class A, class B>
[[nodiscard]] constexpr int precedence(Multiply<A, B>) {
  return 2;
}
template <class A, class B>
[[nodiscard]] constexpr int precedence(Divide<A, B>) {
  return 2;
}

[[nodiscard]] inline std::string number_text(double value) {
  std::array<char, 32> digits{};
  const auto result = std::to_chars(digits.data(), digits.data() + digits.size(), value);
  return std::string(digits.data(), result.ptr);
}

template <class R>
[[nodiscard]] constexpr const char* relation_text() {
  if constexpr (std::is_same_v<R, std::less<>>) {
    return " < ";
  } else if constexpr (std::is_same_v<R, std::less_equal<>>) {
    return " <= ";
  } else if constexpr (std::is_same_v<R, std::greater<>>) {
    return " > ";
  } else {
    static_assert(std::is_same_v<R, std::greater_equal<>>);
    return " >= ";
  }
}

//! `e` as an operand of an operator binding as `outer`: in parentheses when it binds less
//! tightly, or as tightly on the operator's right (operators group left to right).
template <class E>
[[nodiscard]] std::string operand(E e, int outer, bool on_the_right) {
  const int inner = precedence(e);
  const bool parenthesize = inner < outer || (inner == outer && on_the_right);
  return parenthesize ? "(" + to_string(e) + ")" : to_string(e);
}

template <class A, class B>
[[nodiscard]] std::string binary(A a, const char* op, B b, int outer) {
  return operand(a, outer, false) + op + operand(b, outer, true);
}

}  // namespace detail

[[nodiscard]] inline std::string to_string(Variable) { return "x"; }
[[nodiscard]] inline std::string to_string(Zero) { return "0"; }
[[nodiscard]] inline std::string to_string(One) { return "1"; }
[[nodiscard]] inline std::string to_string(MinusOne) { return "-1"; }
[[nodiscard]] inline std::string to_string(Constant c) { return detail::number_text(c.value); }
template <class A>
[[nodiscard]] std::string to_string(Negate<A> e) {
  return "-" + detail::operand(e.a, 3, true);
}
template <class A, class B>
[[nodiscard]] std::string to_string(Add<A, B> e) {
  return detail::binary(e.a, " + ", e.b, 1);
}
template <class A, class B>
[[nodiscard]] std::string to_string(Subtract<A, B> e) {
  return detail::binary(e.a, " - ", e.b, 1);
}
template <class A, class B>
[[nodiscard]] std::string to_string(Multiply<A, B> e) {
  return detail::binary(e.a, " * ", e.b, 2);
}
template <class A, class B>
[[nodiscard]] std::string to_string(Divide<A, B> e) {
  return detail::binary(e.a, " / ", e.b, 2);
}
template <class Function, class A>
[[nodiscard]] std::string to_string(Call<Function, A> e) {
  return std::string(Function::name) + "(" + to_string(e.a) + ")";
}
template <int N, class A>
[[nodiscard]] std::string to_string(Power<N, A> e) {
  return "pow<" + std::to_string(N) + ">(" + to_string(e.a) + ")";
}
template <class A>
[[nodiscard]] std::string to_string(Maximum<A> e) {
  return "max(" + to_string(e.a) + ", " + to_string(e.c) + ")";
}
template <class A>
[[nodiscard]] std::string to_string(Minimum<A> e) {
  return "min(" + to_string(e.a) + ", " + to_string(e.c) + ")";
}
template <class R, class A, class B>
[[nodiscard]] std::string to_string(Compare<R, A, B> e) {
  return to_string(e.a) + detail::relation_text<R>() + to_string(e.b);
}
template <class C, class A, class B>
[[nodiscard]] std::string to_string(Where<C, A, B> e) {
  return "where(" + to_string(e.condition) + ", " + to_string(e.a) + ", " + to_string(e.b) + ")";
}

}  // namespace ctnn::expr

#endif
