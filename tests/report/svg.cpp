// Tests of include/ctnn/report/svg.hpp: the learning-curve picture is well-formed XML and shows
// what it should.

#include <ctnn/report/svg.hpp>

#include "report_test_support.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using Catch::Matchers::Contains;

namespace {
constexpr double no_value = std::numeric_limits<double>::quiet_NaN();

std::size_t count(std::string_view text, std::string_view part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string_view::npos;
       at = text.find(part, at + 1)) {
    ++n;
  }
  return n;
}

// Five epochs of a classifier: losses within 0.23..2.31, accuracies within 0.12..0.93.
ctnn::History classifier_history() {
  ctnn::History history;
  const double train_loss[] = {2.31, 1.2, 0.7, 0.4, 0.23};
  const double validation_loss[] = {2.2, 1.3, 0.8, 0.5, 0.35};
  const double train_accuracy[] = {0.12, 0.6, 0.8, 0.88, 0.93};
  const double validation_accuracy[] = {0.15, 0.58, 0.77, 0.84, 0.9};
  for (std::size_t i = 0; i < 5; ++i) {
    history.add({.epoch = i + 1,
                 .train_loss = train_loss[i],
                 .train_accuracy = train_accuracy[i],
                 .validation_loss = validation_loss[i],
                 .validation_accuracy = validation_accuracy[i],
                 .seconds = 1.0});
  }
  return history;
}

// Checks the text with the built-in checker, then (if installed) with xmllint on a file.
void check_well_formed(const std::string& svg) {
  INFO(svg);
  CHECK(ctnn_test::xml_problem(svg).empty());
  if (!std::filesystem::exists(ctnn_test::xmllint_path)) {
    WARN("xmllint not found at " << ctnn_test::xmllint_path
                                 << " (Debian package libxml2-utils); checked with the built-in "
                                    "checker only");
    return;
  }
  ctnn_test::temporary_directory dir;
  const auto path = dir.path() / "curves.svg";
  ctnn_test::write_plain_file(path, svg);
  std::string messages;
  CHECK(ctnn_test::run_xmllint(path, messages) == 0);
  CHECK(messages.empty());
}
}  // namespace

TEST_CASE("the built-in XML checker rejects what it should", "[report][svg]") {
  using ctnn_test::xml_problem;
  CHECK(xml_problem("<a><b/><c x=\"1\">t &amp; u</c></a>").empty());
  CHECK_FALSE(xml_problem("<a><b></a>").empty());
  CHECK_FALSE(xml_problem("<a>").empty());
  CHECK_FALSE(xml_problem("<a/><b/>").empty());
  CHECK_FALSE(xml_problem("<a>x & y</a>").empty());
  CHECK_FALSE(xml_problem("<a t=\"<\"/>").empty());
}

TEST_CASE("learning_curves_svg: two panels, both series, labels, title, legend", "[report][svg]") {
  const std::string svg = ctnn::learning_curves_svg(classifier_history(), "MNIST 784-100-10");
  check_well_formed(svg);
  CHECK_THAT(svg, Contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  CHECK_THAT(svg, Contains("width=\"960.00\""));  // two panels of 480
  CHECK_THAT(svg, Contains(">MNIST 784-100-10</text>"));
  CHECK_THAT(svg, Contains("<title>MNIST 784-100-10</title>"));
  CHECK(count(svg, ">epoch</text>") == 2);
  CHECK(count(svg, ">loss</text>") == 1);
  CHECK(count(svg, ">accuracy</text>") == 1);
  CHECK(count(svg, ">train</text>") == 1);  // the legend
  CHECK(count(svg, ">validation</text>") == 1);
  // Train and validation lines in each panel, with a marker per epoch.
  CHECK(count(svg, "<polyline") == 4);
  CHECK(count(svg, "<polyline fill=\"none\" stroke=\"#1f77b4\"") == 2);
  CHECK(count(svg, "<polyline fill=\"none\" stroke=\"#e8710a\"") == 2);
  CHECK(count(svg, "<circle") == 2 * 5 + 1);       // train: 5 per panel + 1 in the legend
  CHECK(count(svg, "<rect x=") == 2 * 5 + 1 + 2);  // validation squares, + 2 frames
  // Loss 0.23..2.31 -> axis 0..2.5 in steps of 0.5; accuracy 0.12..0.93 -> 0..1 in steps of 0.2.
  for (const char* label :
       {">0.5</text>", ">1.5</text>", ">2.5</text>", ">0.2</text>", ">0.8</text>"}) {
    CHECK(count(svg, label) == 1);
  }
  CHECK(count(svg, ">0.0</text>") == 2);
  CHECK(count(svg, ">1.0</text>") == 2);
  CHECK(count(svg, ">3.0</text>") == 0);
  // Epochs 1..5, whole numbers only, in both panels.
  for (const char* label : {">1</text>", ">2</text>", ">3</text>", ">4</text>", ">5</text>"}) {
    CHECK(count(svg, label) == 2);
  }
  // Self-contained: nothing to run and nothing to fetch.
  CHECK(svg.find("<script") == std::string::npos);
  CHECK(svg.find("href") == std::string::npos);
  CHECK(svg.find("@import") == std::string::npos);
}

TEST_CASE("learning_curves_svg escapes the title", "[report][svg]") {
  const std::string svg =
      ctnn::learning_curves_svg(classifier_history(), "loss < 1 & \"fast\" 'run'");
  check_well_formed(svg);
  CHECK_THAT(svg, Contains(">loss &lt; 1 &amp; &quot;fast&quot; &apos;run&apos;</text>"));
}

TEST_CASE("learning_curves_svg stays well-formed with invalid UTF-8 and control characters",
          "[report][svg]") {
  const std::string svg =
      ctnn::learning_curves_svg(classifier_history(), "caf\xC3\xA9 \xFF\xC3 bell\x07 end");
  check_well_formed(svg);
  CHECK_THAT(svg, Contains(">caf\xC3\xA9 \xEF\xBF\xBD\xEF\xBF\xBD bell end</text>"));
}

TEST_CASE("learning_curves_svg cuts a title too long for the picture", "[report][svg]") {
  const std::string svg = ctnn::learning_curves_svg(classifier_history(), std::string(500, 'x'));
  check_well_formed(svg);
  CHECK(svg.find(std::string(500, 'x')) == std::string::npos);
  CHECK_THAT(svg, Contains("x...</text>"));
}

TEST_CASE("learning_curves_svg leaves out the accuracy panel for regression", "[report][svg]") {
  ctnn::History history;
  history.add({.epoch = 1, .train_loss = 3.0});
  history.add({.epoch = 2, .train_loss = 2.0});
  history.add({.epoch = 3, .train_loss = 1.5});
  const std::string svg = ctnn::learning_curves_svg(history, "regression");
  check_well_formed(svg);
  CHECK_THAT(svg, Contains("width=\"480.00\""));
  CHECK(count(svg, ">accuracy</text>") == 0);
  CHECK(count(svg, ">loss</text>") == 1);
  CHECK(count(svg, ">validation</text>") == 0);  // no validation set: not in the legend
  CHECK(count(svg, "<polyline") == 1);
}

TEST_CASE("learning_curves_svg of an empty history says there is no data", "[report][svg]") {
  const std::string svg = ctnn::learning_curves_svg(ctnn::History{}, "nothing yet");
  check_well_formed(svg);
  CHECK(count(svg, ">no data</text>") == 1);
  CHECK(count(svg, "<polyline") == 0);
}

TEST_CASE("learning_curves_svg breaks a line where a value is NaN", "[report][svg]") {
  ctnn::History history;
  const double validation[] = {0.9, 0.7, no_value, 0.5, 0.45};
  for (std::size_t i = 0; i < 5; ++i) {
    history.add(
        {.epoch = i + 1, .train_loss = 1.0 - 0.1 * double(i), .validation_loss = validation[i]});
  }
  const std::string svg = ctnn::learning_curves_svg(history);
  check_well_formed(svg);
  CHECK(count(svg, "<polyline fill=\"none\" stroke=\"#1f77b4\"") == 1);
  CHECK(count(svg, "<polyline fill=\"none\" stroke=\"#e8710a\"") == 2);
  CHECK_THAT(svg, Contains(">learning curves</text>"));  // the default title
}

TEST_CASE("learning_curves_svg handles one epoch and a constant value", "[report][svg]") {
  ctnn::History history;
  history.add({.epoch = 1, .train_loss = 0.5, .train_accuracy = 1.0});
  const std::string svg = ctnn::learning_curves_svg(history);
  check_well_formed(svg);
  CHECK(svg.find("nan") == std::string::npos);
  CHECK(svg.find("inf") == std::string::npos);
  CHECK(count(svg, "<circle") == 2 + 1);  // one point per panel, one in the legend
}

TEST_CASE("learning_curves_svg draws no markers for many epochs", "[report][svg]") {
  ctnn::History history;
  for (std::size_t epoch = 1; epoch <= 200; ++epoch) {
    history.add({.epoch = epoch, .train_loss = 1.0 / double(epoch)});
  }
  const std::string svg = ctnn::learning_curves_svg(history);
  check_well_formed(svg);
  CHECK(count(svg, "<circle") == 0);  // not in the legend either
  CHECK(count(svg, "<polyline") == 1);
}

TEST_CASE("learning_curves_svg labels a diverging loss in scientific notation", "[report][svg]") {
  ctnn::History history;
  const double loss[] = {0.5, 3e12, 2e30, std::numeric_limits<double>::infinity(), no_value};
  for (std::size_t i = 0; i < 5; ++i) {
    history.add({.epoch = i + 1, .train_loss = loss[i]});
  }
  const std::string svg = ctnn::learning_curves_svg(history);
  check_well_formed(svg);
  // 0.5..2e30 -> axis 0..2e30 in steps of 5e29; the infinite and NaN values are not drawn.
  for (const char* label :
       {">0</text>", ">5e+29</text>", ">1e+30</text>", ">1.5e+30</text>", ">2e+30</text>"}) {
    CHECK(count(svg, label) == 1);
  }
  CHECK(count(svg, "<circle") == 3 + 1);
  CHECK(svg.find("nan") == std::string::npos);
  CHECK(svg.find("inf") == std::string::npos);
}

namespace {
// The number in the attribute `name="..."` of `element`, NaN if it is missing or not a number.
double attribute(std::string_view element, std::string_view name) {
  std::string key = " ";  // appended, not " " + ...: see atomic_write.hpp
  key += name;
  key += "=\"";
  const std::size_t at = element.find(key);
  if (at == std::string_view::npos) {
    return no_value;
  }
  const std::size_t begin = at + key.size();
  const std::string text(element.substr(begin, element.find('"', begin) - begin));
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && !text.empty() ? value : no_value;
}

// Every data point drawn: the vertices of the polylines and the centres of the circles (the
// legend's circle, above the panels, included).
std::vector<std::pair<double, double>> drawn_points(std::string_view svg) {
  std::vector<std::pair<double, double>> points;
  for (std::size_t at = svg.find("<polyline"); at != std::string_view::npos;
       at = svg.find("<polyline", at + 1)) {
    const std::string_view element = svg.substr(at, svg.find('>', at) - at);
    const std::size_t begin = element.find("points=\"") + 8;
    std::istringstream list(std::string(element.substr(begin, element.find('"', begin) - begin)));
    std::string pair;
    while (list >> pair) {
      const std::size_t comma = pair.find(',');
      points.emplace_back(std::strtod(pair.substr(0, comma).c_str(), nullptr),
                          std::strtod(pair.substr(comma + 1).c_str(), nullptr));
    }
  }
  for (std::size_t at = svg.find("<circle"); at != std::string_view::npos;
       at = svg.find("<circle", at + 1)) {
    const std::string_view element = svg.substr(at, svg.find('>', at) - at);
    points.emplace_back(attribute(element, "cx"), attribute(element, "cy"));
  }
  return points;
}

// Checks that the SVG has no "nan" or "inf" anywhere and that every point drawn lies inside the
// frame of a panel (svg.hpp's layout: panels 480 wide, frames from 70 to 460 across each panel
// and from y = 72 to 312) or is the legend's marker (y = 46).
void check_points_inside(const std::string& svg) {
  INFO(svg);
  CHECK(svg.find("nan") == std::string::npos);
  CHECK(svg.find("inf") == std::string::npos);
  const auto points = drawn_points(svg);
  CHECK_FALSE(points.empty());
  for (const auto& [x, y] : points) {
    CAPTURE(x, y);
    REQUIRE(std::isfinite(x));
    REQUIRE(std::isfinite(y));
    if (y == 46) {
      continue;  // the legend
    }
    const double panel_x = std::fmod(x, 480);
    CHECK(panel_x >= 70);
    CHECK(panel_x <= 460);
    CHECK(y >= 72);
    CHECK(y <= 312);
  }
}
}  // namespace

TEST_CASE("learning_curves_svg draws a constant subnormal loss inside the plot",
          "[report][svg]") {
  const double tiny = std::numeric_limits<double>::denorm_min();
  ctnn::History constant;
  for (std::size_t epoch = 1; epoch <= 3; ++epoch) {
    constant.add({.epoch = epoch, .train_loss = tiny});
  }
  const std::string svg = ctnn::learning_curves_svg(constant);
  check_well_formed(svg);
  check_points_inside(svg);
  // A tenth of the value underflows to 0, so the axis is the value ± 0.5, not below 0: 0..0.5,
  // and the points lie on its bottom, 8 pixels (the padding) above the frame's bottom at 312.
  for (const auto& [x, y] : drawn_points(svg)) {
    if (y != 46) {
      CHECK(y == Approx(304));
    }
  }

  for (const double second : {tiny, 1e-310, 3e-310}) {
    ctnn::History history;
    history.add({.epoch = 1, .train_loss = 1e-310, .validation_loss = tiny});
    history.add({.epoch = 2, .train_loss = second, .validation_loss = 0});
    CAPTURE(second);
    const std::string text = ctnn::learning_curves_svg(history);
    check_well_formed(text);
    check_points_inside(text);
  }
}

TEST_CASE("learning_curves_svg places one epoch numbered beyond 2^53 in the middle",
          "[report][svg]") {
  // Half an epoch on either side is lost to rounding there; a tenth of the epoch number is not.
  ctnn::History history;
  history.add({.epoch = std::numeric_limits<std::size_t>::max(), .train_loss = 0.5});
  const std::string svg = ctnn::learning_curves_svg(history);
  check_well_formed(svg);
  check_points_inside(svg);
  // The middle of the frame (70..460) less the padding of 8 on each side: 265.
  for (const auto& [x, y] : drawn_points(svg)) {
    if (y != 46) {
      CHECK(x == Approx(265));
    }
  }
}

TEST_CASE("learning_curves_svg refuses an accuracy outside 0..1", "[report][svg][errors]") {
  const auto with_accuracy = [](double train, double validation) {
    ctnn::History history;
    history.add({.epoch = 1, .train_loss = 1, .train_accuracy = 0.5});
    history.add({.epoch = 2,
                 .train_loss = 0.5,
                 .train_accuracy = train,
                 .validation_loss = 0.6,
                 .validation_accuracy = validation});
    return history;
  };
  CHECK_THROWS_AS(ctnn::learning_curves_svg(with_accuracy(1.5, 0.5)), ctnn::error);
  CHECK_THROWS_WITH(ctnn::learning_curves_svg(with_accuracy(1.5, 0.5)),
                    "ctnn::learning_curves_svg: the train_accuracy of epoch 2 (record 1, counted "
                    "from 0) is 1.5; an accuracy is a fraction in [0, 1], or NaN for none");
  CHECK_THROWS_WITH(ctnn::learning_curves_svg(with_accuracy(0.5, -0.25)),
                    Contains("the validation_accuracy of epoch 2") && Contains("is -0.25"));
  CHECK_THROWS_WITH(ctnn::learning_curves_svg(
                        with_accuracy(std::numeric_limits<double>::infinity(), 0.5)),
                    Contains("the train_accuracy of epoch 2") && Contains("is inf"));
  // The ends of the range and NaN (no value) are accuracies.
  for (const auto& [train, validation] : {std::pair{0.0, 1.0}, std::pair{1.0, no_value}}) {
    const std::string svg = ctnn::learning_curves_svg(with_accuracy(train, validation));
    check_well_formed(svg);
    check_points_inside(svg);
  }
  // The file is not touched.
  ctnn_test::temporary_directory dir;
  CHECK_THROWS_AS(ctnn::write_learning_curves_svg(with_accuracy(2, 0.5), dir.path() / "c.svg"),
                  ctnn::error);
  CHECK(dir.entries().empty());
}

TEST_CASE("write_learning_curves_svg writes the file and reports a bad path", "[report][svg]") {
  ctnn_test::temporary_directory dir;
  const auto path = dir.path() / "curves.svg";
  ctnn::write_learning_curves_svg(classifier_history(), path, "MNIST");
  CHECK(ctnn_test::read_whole_file(path) ==
        ctnn::learning_curves_svg(classifier_history(), "MNIST"));
  const auto bad = dir.path() / "missing" / "curves.svg";
  CHECK_THROWS_WITH(ctnn::write_learning_curves_svg(classifier_history(), bad, "MNIST"),
                    Contains(bad.string()));
}

TEST_CASE("xml_escape", "[report][svg]") {
  using ctnn::detail::xml_escape;
  CHECK(xml_escape("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&apos;");
  CHECK(xml_escape("tab\tnul") == "tab\tnul");
  CHECK(xml_escape(std::string_view("a\0b\x1F", 4)) == "ab");
  CHECK(xml_escape("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80") ==
        "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
  CHECK(xml_escape("\xC3") == "\xEF\xBF\xBD");                                  // cut short
  CHECK(xml_escape("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong '/'
  CHECK(xml_escape("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
}
