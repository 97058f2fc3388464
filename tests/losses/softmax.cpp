// SoftmaxCE's softmax in SIMD registers (predict, and the loss and gradient of evaluate) against
// long-double std:: formulas, for class counts that do and do not fill whole registers: the
// padding lanes must not count (a known bug of other libraries: they add e^0 per padding lane).

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <random>
#include <span>
#include <vector>

#include <ctnn/losses/softmax_ce.hpp>

namespace {

template <std::size_t N, class T>
std::array<long double, N> softmax_reference(const std::array<T, N>& z) {
  long double max = z[0];
  for (T v : z) max = std::max<long double>(max, v);
  long double total = 0;
  std::array<long double, N> p{};
  for (std::size_t j = 0; j < N; ++j)
    total += p[j] = std::exp(static_cast<long double>(z[j]) - max);
  for (auto& v : p) v /= total;
  return p;
}

template <std::size_t N, class T = float>
void check_softmax(std::mt19937& engine) {
  std::normal_distribution<T> logit(0, 4);
  for (int trial = 0; trial < 20; ++trial) {
    std::array<T, N> z{};
    for (auto& v : z) v = logit(engine);
    const auto expected = softmax_reference(z);
    INFO("N = " << N << ", " << sizeof(T) << "-byte values, trial " << trial);

    auto p = z;
    ctnn::SoftmaxCE::predict<N>(p.data());
    const T max = *std::max_element(z.begin(), z.end());
    long double sum = 0;
    for (std::size_t j = 0; j < N; ++j) {
      // Relative: exp's 1.24e-7 (detail/simd.hpp) and a few roundings of the sum and the
      // division; plus the rounding of z - max in float (2^-24 of it), which exp turns into a
      // relative error of |z - max| 2^-24.
      const long double relative = 1e-6L + (max - z[j]) * 0x1p-24L;
      CHECK(std::abs(p[j] - expected[j]) <= relative * expected[j]);
      sum += p[j];
    }
    CHECK(std::abs(sum - 1) < 1e-6L);

    // The loss of label y is -log p_y; its gradient is p - onehot(y) (one row: batch 1).
    const int label = static_cast<int>(trial % N);
    std::array<T, N> dz{};
    const std::array<int, 1> labels{label};
    const T loss =
        ctnn::SoftmaxCE::evaluate<N>(z.data(), std::span<const int>(labels), 1, dz.data());
    CHECK(loss == Approx(static_cast<double>(-std::log(expected[label])))
                      .margin(1e-5)
                      .epsilon(1e-5));
    for (std::size_t j = 0; j < N; ++j)
      CHECK(std::abs(dz[j] - (expected[j] - (j == static_cast<std::size_t>(label) ? 1 : 0))) <=
            1e-6L);
  }
}

}  // namespace

TEST_CASE("SoftmaxCE's SIMD softmax matches the formula for any class count", "[loss][softmax]") {
  std::mt19937 engine(7);
  check_softmax<2>(engine);
  check_softmax<3>(engine);
  check_softmax<7>(engine);
  check_softmax<10>(engine);
  check_softmax<16>(engine);
  check_softmax<17>(engine);
  check_softmax<33>(engine);
  // In double, xsimd's exp converts its argument to a 64-bit integer: a padding lane of e^-inf
  // would be undefined behaviour, which the sanitizer build reports (scripts/test.sh).
  check_softmax<3, double>(engine);
  check_softmax<5, double>(engine);
}

TEST_CASE("SoftmaxCE's softmax of equal logits is uniform", "[loss][softmax]") {
  // Ten equal logits: each probability is exactly 1/10 up to rounding; a padding lane counted
  // as e^0 would give 1/16 with 16-wide registers.
  std::array<float, 10> z{};
  z.fill(3.5f);
  ctnn::SoftmaxCE::predict<10>(z.data());
  for (float p : z) CHECK(p == Approx(0.1).epsilon(1e-6));
}

TEMPLATE_TEST_CASE("SoftmaxCE's softmax of an infinite logit", "[loss][softmax]", float,
                   double) {
  // -inf is a class that can never happen: probability 0, the rest as without it.
  std::array<TestType, 3> z{0, -std::numeric_limits<TestType>::infinity(), 0};
  ctnn::SoftmaxCE::predict<3>(z.data());
  CHECK(z[0] == Approx(0.5).epsilon(1e-6));
  CHECK(z[1] == 0);
  CHECK(z[2] == Approx(0.5).epsilon(1e-6));
}
