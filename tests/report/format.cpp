// Tests of include/ctnn/report/format.hpp and include/ctnn/report/ticks.hpp.

#include <ctnn/report/format.hpp>
#include <ctnn/report/ticks.hpp>

#include <catch2/catch.hpp>

#include <limits>
#include <string>
#include <utility>
#include <vector>

using ctnn::detail::format_duration;

TEST_CASE("format_duration: seconds, then minutes and seconds, then hours and minutes",
          "[report][format]") {
  CHECK(format_duration(0) == "0s");
  CHECK(format_duration(3.4) == "3s");
  CHECK(format_duration(59.4) == "59s");
  CHECK(format_duration(59.6) == "1m00s");  // rounds to 60 s
  CHECK(format_duration(65) == "1m05s");
  CHECK(format_duration(75) == "1m15s");
  CHECK(format_duration(3599) == "59m59s");
  CHECK(format_duration(3600) == "1h00m");
  CHECK(format_duration(3725) == "1h02m");  // 62 min 5 s
  CHECK(format_duration(100 * 3600) == "100h00m");
  CHECK(format_duration(-1) == "?");
  CHECK(format_duration(std::numeric_limits<double>::quiet_NaN()) == "?");
  CHECK(format_duration(std::numeric_limits<double>::infinity()) == "?");
}

TEST_CASE("grouped_digits puts a comma between groups of three", "[report][format]") {
  using ctnn::detail::grouped_digits;
  CHECK(grouped_digits(0) == "0");
  CHECK(grouped_digits(999) == "999");
  CHECK(grouped_digits(1000) == "1,000");
  CHECK(grouped_digits(12345) == "12,345");
  CHECK(grouped_digits(1234567) == "1,234,567");
}

TEST_CASE("fixed_decimal and shortest_decimal", "[report][format]") {
  using ctnn::detail::fixed_decimal;
  using ctnn::detail::shortest_decimal;
  CHECK(fixed_decimal(0.4312, 4) == "0.4312");
  CHECK(fixed_decimal(0.45, 4) == "0.4500");
  CHECK(fixed_decimal(1.234, 2) == "1.23");
  CHECK(fixed_decimal(2, 0) == "2");
  CHECK(fixed_decimal(std::numeric_limits<double>::quiet_NaN(), 4) == "nan");
  CHECK(shortest_decimal(0.1) == "0.1");
  CHECK(shortest_decimal(1e-05) == "1e-05");
  CHECK(shortest_decimal(-std::numeric_limits<double>::infinity()) == "-inf");
}

TEST_CASE("nice_ticks: multiples of 1, 2 or 5 x 10^k inside the range", "[report][ticks]") {
  using ctnn::detail::nice_ticks;
  const auto ticks = nice_ticks(0, 0.87, 5);
  CHECK(ticks.step == 0.2);
  CHECK(ticks.decimals == 1);
  // Exactly the doubles of the decimal literals: 3 * 0.2 would be 0.6000000000000001.
  CHECK(ticks.ticks == std::vector<double>{0, 0.2, 0.4, 0.6, 0.8});
  CHECK(ticks.min == 0);
  CHECK(ticks.max == 0.87);

  // A bound that is a tick up to rounding still counts: 0.6 / 0.2 < 3 in doubles.
  CHECK(nice_ticks(0.6, 1.4, 5).ticks == std::vector<double>{0.6, 0.8, 1.0, 1.2, 1.4});
  // Epochs 1..10 with at most 8 ticks: step 1 gives 10, so step 2.
  CHECK(nice_ticks(1, 10, 8, 1).ticks == std::vector<double>{2, 4, 6, 8, 10});
  // Three epochs: whole numbers only, though 0.5 steps would fit.
  CHECK(nice_ticks(1, 3, 8, 1).ticks == std::vector<double>{1, 2, 3});
  CHECK(nice_ticks(-0.03, 0.03, 4).ticks == std::vector<double>{-0.02, 0, 0.02});
}

TEST_CASE("nice_axis grows the range to round ends", "[report][ticks]") {
  using ctnn::detail::nice_axis;
  const auto unit = nice_axis(0, 0.87, 6);
  CHECK(unit.min == 0);
  CHECK(unit.max == 1);
  CHECK(unit.ticks == std::vector<double>{0, 0.2, 0.4, 0.6, 0.8, 1.0});

  // 0.83..0.97: steps 0.01 (15 ticks) and 0.02 (9) are too fine, 0.05 gives 0.80..1.00.
  const auto accuracy = nice_axis(0.83, 0.97, 6);
  CHECK(accuracy.ticks == std::vector<double>{0.8, 0.85, 0.9, 0.95, 1.0});
  CHECK(accuracy.decimals == 2);

  // 0.23..2.31: step 0.2 gives 0..2.4 (13 ticks), 0.5 gives 0..2.5 (6).
  CHECK(nice_axis(0.23, 2.31, 6).ticks == std::vector<double>{0, 0.5, 1, 1.5, 2, 2.5});
  // 1200..5300: step 500 gives 1000..5500 (10 ticks), 1000 gives 1000..6000 (6).
  const auto large = nice_axis(1200, 5300, 6);
  CHECK(large.ticks == std::vector<double>{1000, 2000, 3000, 4000, 5000, 6000});
  CHECK(large.decimals == 0);
  // -0.3..0.7: step 0.2 gives -0.4..0.8 (7 ticks), 0.5 gives -0.5..1 (4).
  CHECK(nice_axis(-0.3, 0.7, 6).ticks == std::vector<double>{-0.5, 0, 0.5, 1});
}

TEST_CASE("nice scales of empty or invalid ranges have no ticks", "[report][ticks]") {
  using ctnn::detail::nice_axis;
  CHECK(nice_axis(1, 1, 6).ticks.empty());
  CHECK(nice_axis(2, 1, 6).ticks.empty());
  CHECK(nice_axis(0, std::numeric_limits<double>::quiet_NaN(), 6).ticks.empty());
  CHECK(nice_axis(0, 1, 1).ticks.empty());
}

TEST_CASE("nice scales have finite steps and ticks at the ends of the double range",
          "[report][ticks]") {
  using ctnn::detail::nice_axis;
  using ctnn::detail::nice_ticks;
  const double tiny = std::numeric_limits<double>::denorm_min();
  const double largest = std::numeric_limits<double>::max();
  // Ranges whose ticks would be closer than 10^-300 or values beyond ±10^300: no ticks, and the
  // axis is the range itself.
  for (const auto& [lo, hi] : {std::pair{0.0, tiny}, std::pair{1e-310, 2e-310},
                               std::pair{0.0, 5e-300}, std::pair{-1e301, 0.0},
                               std::pair{0.0, largest}, std::pair{-largest, largest}}) {
    CAPTURE(lo, hi);
    const auto axis = nice_axis(lo, hi, 6);
    CHECK(axis.ticks.empty());
    CHECK(axis.min == lo);
    CHECK(axis.max == hi);
  }
  // Just inside those bounds, round ticks: 0..6e-299 in steps of 2e-299 (steps of 1e-299 would
  // make 7 ticks).
  const auto smallest = nice_axis(0, 6e-299, 6);
  CHECK(smallest.step == Approx(2e-299));
  CHECK(smallest.ticks.size() == 4);
  const auto widest = nice_axis(-1e300, 1e300, 6);
  CHECK(widest.min == Approx(-1e300));  // in steps of 5e299
  CHECK(widest.max == Approx(1e300));
  CHECK(widest.ticks.size() == 5);
  // A least step that no finite step reaches: no ticks.
  CHECK(nice_ticks(0, 1, 8, largest).ticks.empty());
}

TEST_CASE("nice_scale::label prints each tick with the digits its step needs", "[report][ticks]") {
  using ctnn::detail::nice_axis;
  CHECK(nice_axis(0, 0.87, 6).label(0.6) == "0.6");
  CHECK(nice_axis(0.23, 2.31, 6).label(2) == "2.0");
  CHECK(nice_axis(0.83, 0.97, 6).label(0.9) == "0.90");
  CHECK(nice_axis(1200, 5300, 6).label(3000) == "3000");

  // 0.5..2e30: step 5e29 (0..2e30, 5 ticks); two significant digits tell them apart.
  const auto huge = nice_axis(0.5, 2e30, 6);
  REQUIRE(huge.ticks.size() == 5);
  std::vector<std::string> labels;
  for (const double tick : huge.ticks) {
    labels.push_back(huge.label(tick));
  }
  CHECK(labels == std::vector<std::string>{"0", "5e+29", "1e+30", "1.5e+30", "2e+30"});

  // 1.000011..1.000019: step 2e-6 (1.00001..1.00002, 6 ticks); 7 significant digits needed.
  const auto fine = nice_axis(1.000011, 1.000019, 6);
  labels.clear();
  for (const double tick : fine.ticks) {
    labels.push_back(fine.label(tick));
  }
  CHECK(labels == std::vector<std::string>{"1.00001", "1.000012", "1.000014", "1.000016",
                                           "1.000018", "1.00002"});

  // 1e-8..4.2e-8: step 1e-8 (1e-8..5e-8, 5 ticks).
  const auto tiny = nice_axis(1e-8, 4.2e-8, 6);
  labels.clear();
  for (const double tick : tiny.ticks) {
    labels.push_back(tiny.label(tick));
  }
  CHECK(labels == std::vector<std::string>{"1e-08", "2e-08", "3e-08", "4e-08", "5e-08"});
}
