#ifndef CTNN_DATA_SHUFFLE_HPP
#define CTNN_DATA_SHUFFLE_HPP

#include <ctnn/error.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <span>
#include <utility>
#include <vector>

namespace ctnn::data {

//! A random engine whose every draw is 64 uniform bits, such as `std::mt19937_64`. The standard
//! fixes mt19937_64's output for a seed, so shuffles built on it are the same on every platform
//! and standard library (unlike `std::shuffle` and `std::uniform_int_distribution`).
template <class G>
concept Uniform64Engine =
    std::uniform_random_bit_generator<G> && std::same_as<typename G::result_type, std::uint64_t> &&
    (G::min() == 0) && (G::max() == std::numeric_limits<std::uint64_t>::max());

//! A uniform draw from `0 .. bound - 1` (`bound >= 1`), the same for a given engine state on every
//! platform. Rejection sampling: draws below 2^64 mod bound are redrawn, the rest are reduced
//! modulo `bound`, so every result has exactly the same number of draws mapping to it.
template <Uniform64Engine G>
[[nodiscard]] std::uint64_t random_below(G& engine, std::uint64_t bound) {
  if (bound == 0) {
    throw error("ctnn::data::random_below: the bound is 0 (expected at least 1)");
  }
  // 2^64 mod bound, in 64-bit arithmetic: (2^64 - bound) mod bound.
  const std::uint64_t threshold = (std::uint64_t{0} - bound) % bound;
  std::uint64_t draw = engine();
  while (draw < threshold) {
    draw = engine();
  }
  return draw % bound;
}

//! Shuffles `values` in place with Fisher-Yates (for i = n-1 down to 1, swap element i with an
//! element drawn from 0..i by `random_below`), so every permutation is equally likely and the
//! result depends only on the engine state.
template <class T, Uniform64Engine G>
void shuffle(std::span<T> values, G& engine) {
  for (std::size_t i = values.size(); i > 1; --i) {
    const auto j = static_cast<std::size_t>(random_below(engine, i));
    using std::swap;
    swap(values[i - 1], values[j]);
  }
}

//! A permutation of `0 .. n - 1`: the identity shuffled with a `std::mt19937_64` seeded by `seed`.
[[nodiscard]] inline std::vector<std::size_t> permutation(std::size_t n, std::uint64_t seed) {
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::mt19937_64 engine(seed);
  shuffle(std::span<std::size_t>(order), engine);
  return order;
}

}  // namespace ctnn::data

#endif
