// The constexpr math behind static_assert-able nets, against the C library's functions (glibc's,
// within an ulp of the true values) over a wide grid, in double.

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include <catch2/catch.hpp>

#include <ctnn/detail/constexpr_math.hpp>

namespace {

namespace cm = ctnn::detail::constexpr_math;

// How many doubles lie between a and b (0 when equal, or both NaN).
std::uint64_t ulps_apart(double a, double b) {
  if (a == b || (std::isnan(a) && std::isnan(b))) return 0;
  if (std::isnan(a) || std::isnan(b) || std::signbit(a) != std::signbit(b)) {
    return std::numeric_limits<std::uint64_t>::max();
  }
  const auto ia = std::bit_cast<std::uint64_t>(a), ib = std::bit_cast<std::uint64_t>(b);
  return ia > ib ? ia - ib : ib - ia;
}

// The largest distance of f from g over a grid of [-40, 40] and its images scaled by 1e-6 and 20.
template <class F, class G>
std::uint64_t worst_ulps(F f, G g, double low = -std::numeric_limits<double>::infinity()) {
  std::uint64_t worst = 0;
  for (double x = -40; x <= 40; x += 0.001373) {
    for (const double v : {x, x * 1e-6, x * 20}) {
      if (v < low) continue;
      const std::uint64_t u = ulps_apart(f(v), g(v));
      if (u > worst) worst = u;
    }
  }
  return worst;
}

TEST_CASE("constexpr math: within a few ulp of the C library", "[detail]") {
  CHECK(worst_ulps(cm::exp, [](double v) { return std::exp(v); }) <= 4);
  CHECK(worst_ulps(cm::expm1, [](double v) { return std::expm1(v); }) <= 6);
  CHECK(worst_ulps(cm::log, [](double v) { return std::log(v); }, 0) <= 4);
  CHECK(worst_ulps(cm::log1p, [](double v) { return std::log1p(v); }, -1) <= 4);
  CHECK(worst_ulps(cm::tanh, [](double v) { return std::tanh(v); }) <= 6);
  CHECK(worst_ulps(cm::erf, [](double v) { return std::erf(v); }) <= 6);
  // The continued fraction converges slowly near its lower end, x = 1: 21 ulp measured there.
  CHECK(worst_ulps(cm::erfc, [](double v) { return std::erfc(v); }) <= 32);
  CHECK(worst_ulps(cm::sqrt, [](double v) { return std::sqrt(v); }, 0) <= 1);
}

TEST_CASE("constexpr math: limits and special values", "[detail]") {
  constexpr double inf = std::numeric_limits<double>::infinity();
  STATIC_REQUIRE(cm::exp(0) == 1);
  STATIC_REQUIRE(cm::exp(710) == inf);
  STATIC_REQUIRE(cm::exp(-746) == 0);
  STATIC_REQUIRE(cm::exp(-745) > 0);  // the smallest subnormal's neighbourhood
  STATIC_REQUIRE(cm::log(1) == 0);
  STATIC_REQUIRE(cm::log(0) == -inf);
  STATIC_REQUIRE(cm::log(0x1p-1074) < -744);
  STATIC_REQUIRE(cm::sqrt(4) == 2);
  STATIC_REQUIRE(cm::tanh(30) == 1 && cm::tanh(-30) == -1);
  STATIC_REQUIRE(cm::erf(0) == 0 && cm::erfc(30) == 0 && cm::erfc(-30) == 2);
  CHECK(std::isnan(cm::log(-1)));
  CHECK(std::isnan(cm::exp(std::numeric_limits<double>::quiet_NaN())));
}

}  // namespace
