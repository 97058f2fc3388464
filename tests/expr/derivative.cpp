// Formulas differentiated at compile time: against central differences over a grid in double,
// and printed as hand-derived strings.

#include <cmath>
#include <string>
#include <type_traits>

#include <catch2/catch.hpp>

#include <ctnn/expr.hpp>

namespace {

using namespace ctnn::expr;

// d/dx e at every point of [-6, 6] in steps of 1/32 against the central difference of e with
// step h = 2^-20, skipping points within 2h of a join (where e is not differentiable). The
// bound covers truncation (h² |e'''| / 6) and rounding (ε |e| / h) for these formulas.
template <class E>
void check_against_finite_differences(E e, std::initializer_list<double> joins = {}) {
  constexpr double h = 0x1p-20;
  const auto d = derivative(e);
  CAPTURE(to_string(e), to_string(d));
  for (double a = -6; a <= 6; a += 1.0 / 32) {
    bool near_join = false;
    for (const double join : joins) near_join |= std::abs(a - join) < 2 * h;
    if (near_join) continue;
    const double numeric = (evaluate(e, a + h) - evaluate(e, a - h)) / (2 * h);
    const double exact = evaluate(d, a);
    CAPTURE(a, numeric, exact);
    CHECK(std::abs(exact - numeric) <= 1e-7 * (1 + std::abs(exact)) * (1 + std::abs(evaluate(e, a))));
  }
}

TEST_CASE("expr derivative: a dozen formulas against central differences", "[expr]") {
  check_against_finite_differences(x * x * x);
  check_against_finite_differences(x * sigmoid(x));
  check_against_finite_differences(tanh(x * x * 0.5 + sigmoid(x)) * exp(-x * x * 0.1) +
                                   log1p(x * x));
  check_against_finite_differences(exp(tanh(sigmoid(x))));            // three levels deep
  check_against_finite_differences(log1p(pow<2>(sigmoid(x * 2 - 1))));  // three levels deep
  check_against_finite_differences(sqrt(log(1 + exp(tanh(x)))));      // four levels deep
  check_against_finite_differences(log(1 + exp(x)));
  check_against_finite_differences(sqrt(x * x + 1));
  check_against_finite_differences(erf(x / 1.4142135623730951) * x);
  check_against_finite_differences(x / (1 + abs(x)), {0});
  check_against_finite_differences(pow<3>(tanh(x)) - pow<2>(x) / 7);
  check_against_finite_differences(where(x > 0, x, 0.5 * expm1(x)), {0});
  check_against_finite_differences(max(x, -1) * min(x, 2) + abs(x - 0.5), {-1, 2, 0.5});
  check_against_finite_differences(1 / (1 + exp(-x)));
  check_against_finite_differences(-x * exp(-x * x) / (x * x + 2));
  check_against_finite_differences(expm1(x / 3) - 2 * x + 4);
}

TEST_CASE("expr derivative: printed as derived by hand", "[expr]") {
  CHECK(to_string(derivative(x * x)) == "x + x");
  CHECK(to_string(derivative(3 * x + 1)) == "3");
  CHECK(to_string(derivative(-x)) == "-1");
  CHECK(to_string(derivative(sigmoid(x))) == "sigmoid(x) * (1 - sigmoid(x))");
  CHECK(to_string(derivative(tanh(x))) == "1 - pow<2>(tanh(x))");
  CHECK(to_string(derivative(exp(2 * x))) == "2 * exp(2 * x)");
  CHECK(to_string(derivative(log(x))) == "1 / x");
  CHECK(to_string(derivative(pow<3>(x))) == "3 * pow<2>(x)");
  CHECK(to_string(derivative(x * sigmoid(x))) ==
        "sigmoid(x) + x * (sigmoid(x) * (1 - sigmoid(x)))");
  CHECK(to_string(derivative(where(x > 0, x, 0.1 * x))) == "where(x > 0, 1, 0.1)");
  CHECK(to_string(derivative(max(x, 0))) == "where(x >= 0, 1, 0)");
  CHECK(to_string(derivative(abs(x))) == "where(x > 0, 1, where(x < 0, -1, 0))");
  CHECK(to_string(derivative(x / 4)) == "0.25");  // 1 / 4, folded
  CHECK(to_string(derivative(-x * x)) == "-x - x");
}

TEST_CASE("expr to_string: formulas print as written, with the parentheses they need", "[expr]") {
  CHECK(to_string(tanh(x * x * 0.5 + sigmoid(x)) * exp(-x * x * 0.1) + log1p(x * x)) ==
        "tanh(x * x * 0.5 + sigmoid(x)) * exp(-x * x * 0.1) + log1p(x * x)");
  CHECK(to_string(x - (x - 1)) == "x - (x - 1)");
  CHECK(to_string((x - x) - 1) == "x - x - 1");
  CHECK(to_string(x / (x * 2)) == "x / (x * 2)");
  CHECK(to_string(-(x + 1)) == "-(x + 1)");
  CHECK(to_string(x * -2.5) == "x * -2.5");
  CHECK(to_string(-2.5 - x) == "-2.5 - x");
  CHECK(to_string(where(x <= 1e-3, min(x, 6), pow<4>(x))) ==
        "where(x <= 0.001, min(x, 6), pow<4>(x))");
}

TEST_CASE("expr: simplification happens by type, at compile time", "[expr]") {
  static_assert(std::is_same_v<decltype(derivative(3 * x + 1)), Constant>);
  static_assert(derivative(3 * x + 1).value == 3);
  static_assert(std::is_same_v<decltype(derivative(x * 0 + 5)), Constant>);
  static_assert(std::is_same_v<decltype(derivative(exp(x))), Call<ExpFunction, Variable>>);
  static_assert(depends_on_x<decltype(derivative(x * x))>);
  static_assert(!depends_on_x<decltype(derivative(2 * x))>);
  CHECK(evaluate(derivative(x * 0 + 5), 1.0) == 0);
}

}  // namespace
