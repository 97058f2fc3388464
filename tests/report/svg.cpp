// Tests of include/ctnn/report/svg.hpp: the learning-curve picture is well-formed XML and shows
// what it should.

#include <ctnn/report/svg.hpp>

#include "report_test_support.hpp"

#include <catch2/catch.hpp>

#include <cstddef>
#include <filesystem>
#include <limits>
#include <string>
#include <string_view>

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
