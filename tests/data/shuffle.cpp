// Tests of ctnn/data/shuffle.hpp: the bounded draw, Fisher-Yates, and seeded permutations that
// must be the same on every platform.

#include <ctnn/data/shuffle.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <span>
#include <vector>

namespace {

// An engine that returns scripted draws, to check which draws random_below rejects.
struct scripted_engine {
  using result_type = std::uint64_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
  std::vector<result_type> draws;
  std::size_t next = 0;
  result_type operator()() { return draws.at(next++); }
};

}  // namespace

TEST_CASE("random_below rejects the draws below 2^64 mod bound", "[data][shuffle]") {
  STATIC_REQUIRE(ctnn::data::Uniform64Engine<std::mt19937_64>);
  STATIC_REQUIRE(ctnn::data::Uniform64Engine<scripted_engine>);
  STATIC_REQUIRE_FALSE(ctnn::data::Uniform64Engine<std::mt19937>);  // 32-bit draws

  // 2^64 = 4^32 is 1 mod 3: the draw 0 is rejected, 7 gives 7 mod 3 = 1.
  scripted_engine three{{0, 7}};
  CHECK(ctnn::data::random_below(three, 3) == 1);
  CHECK(three.next == 2);

  // 2^64 mod (2^63 + 1) = 2^63 - 1: the draw 5 is rejected, 2^63 + 3 gives 2.
  const std::uint64_t half = std::uint64_t{1} << 63;
  scripted_engine big{{5, half - 2, half + 3}};
  CHECK(ctnn::data::random_below(big, half + 1) == 2);
  CHECK(big.next == 3);

  // A power of two divides 2^64: nothing is rejected.
  scripted_engine eight{{13}};
  CHECK(ctnn::data::random_below(eight, 8) == 5);

  scripted_engine none{{1}};
  REQUIRE_THROWS_WITH(ctnn::data::random_below(none, 0), Catch::Contains("the bound is 0"));
}

TEST_CASE("permutation(n, seed) matches an independent mt19937_64 Fisher-Yates",
          "[data][shuffle]") {
  // The engine itself is the standard's: its 10000th draw from the default seed is fixed by
  // [rand.predef].
  std::mt19937_64 engine;
  engine.discard(9999);
  REQUIRE(engine() == 9981545732273789042ULL);

  // Expected values computed with a separate Python mt19937_64 written from the published
  // algorithm (checked against the same 10000th draw), the same rejection rule and
  // "for i = n-1 down to 1: swap(p[i], p[random_below(i + 1)])". They pin the order across
  // compilers and standard libraries.
  CHECK(ctnn::data::permutation(10, 42) == std::vector<std::size_t>{1, 7, 9, 0, 3, 8, 4, 2, 5, 6});
  CHECK(ctnn::data::permutation(10, 43) == std::vector<std::size_t>{2, 4, 3, 8, 1, 7, 5, 9, 0, 6});
  CHECK(ctnn::data::permutation(7, 2024) == std::vector<std::size_t>{0, 3, 6, 2, 5, 1, 4});
}

TEST_CASE("permutation is deterministic for a seed and a permutation of 0..n-1",
          "[data][shuffle]") {
  const auto a = ctnn::data::permutation(1000, 7);
  const auto b = ctnn::data::permutation(1000, 7);
  const auto c = ctnn::data::permutation(1000, 8);
  CHECK(a == b);
  CHECK(a != c);
  std::vector<std::size_t> sorted = a;
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::size_t> identity(1000);
  std::iota(identity.begin(), identity.end(), std::size_t{0});
  CHECK(sorted == identity);
  CHECK(a != identity);
  CHECK(ctnn::data::permutation(0, 1).empty());
  CHECK(ctnn::data::permutation(1, 1) == std::vector<std::size_t>{0});
}

TEST_CASE("shuffle makes every permutation equally likely", "[data][shuffle]") {
  // 60000 shuffles of 3 elements: each of the 3! = 6 orders expects 10000, with a standard
  // deviation of sqrt(60000 * 1/6 * 5/6) = 91; allow 5 of them. Off-by-one variants fail by far:
  // drawing j from 0..i-1 (Sattolo) never leaves an element in place (2 orders only), drawing
  // j from the whole array gives some orders 5/27 instead of 1/6 (+1100 here).
  std::mt19937_64 engine(12345);
  std::map<std::array<int, 3>, int> counts;
  for (int k = 0; k < 60000; ++k) {
    std::array<int, 3> values{0, 1, 2};
    ctnn::data::shuffle(std::span<int>(values), engine);
    ++counts[values];
  }
  REQUIRE(counts.size() == 6);
  for (const auto& [order, count] : counts) {
    INFO("order " << order[0] << order[1] << order[2]);
    CHECK(count > 10000 - 455);
    CHECK(count < 10000 + 455);
  }
}
