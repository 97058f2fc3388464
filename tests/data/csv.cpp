// Tests of ctnn/data/csv.hpp: CSV files written by the test, read back as numeric tables.

#include <ctnn/data/csv.hpp>

#include <catch2/catch.hpp>

#include "support/allocation_counter.hpp"
#include "temp_files.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

using ctnn::data::CsvHeader;
using ctnn::data::CsvOptions;
using ctnn_test::temp_dir;

namespace {

std::vector<float> values(std::span<const float> s) { return {s.begin(), s.end()}; }

// Writes `text` to a file in `dir` and reads it with `options`.
ctnn::data::Dataset<float, float> read_text(const temp_dir& dir, std::string_view text,
                                            const CsvOptions& options = {}) {
  const auto path = dir / "table.csv";
  ctnn_test::write_file(path, text);
  return ctnn::data::read_csv(path, options);
}

}  // namespace

TEST_CASE("read_csv: a header is detected, the last column is the label", "[data][csv]") {
  temp_dir dir;
  const auto data = read_text(dir, "a,b,label\n1,2,3\n4,5.5,-6\n");
  REQUIRE(data.size() == 2);
  REQUIRE(data.feature_size() == 2);
  REQUIRE(data.target_size() == 1);
  CHECK(values(data.features()) == std::vector<float>{1, 2, 4, 5.5F});
  CHECK(values(data.targets()) == std::vector<float>{3, -6});
}

TEST_CASE("read_csv: a first row of numbers is data", "[data][csv]") {
  temp_dir dir;
  const auto data = read_text(dir, "1,2,3\n+4,1e3,-0.25\n");  // no trailing newline needed
  REQUIRE(data.size() == 2);
  CHECK(values(data.features()) == std::vector<float>{1, 2, 4, 1000});
  CHECK(values(data.targets()) == std::vector<float>{3, -0.25F});
}

TEST_CASE("read_csv: the header can be forced on or off", "[data][csv]") {
  temp_dir dir;
  const auto present = read_text(dir, "1,2,3\n4,5,6\n", {.header = CsvHeader::present});
  REQUIRE(present.size() == 1);  // "1,2,3" was taken as column names
  CHECK(values(present.features()) == std::vector<float>{4, 5});

  REQUIRE_THROWS_WITH(read_text(dir, "x,y\n1,2\n", {.header = CsvHeader::absent}),
                      Catch::Contains("line 1, column 1: expected a number, found \"x\""));
}

TEST_CASE("read_csv: the label column by name or by index", "[data][csv]") {
  temp_dir dir;
  const std::string_view text = "x1,price,x2\n1,10,2\n3,30,4\n";
  const auto by_name = read_text(dir, text, {.label_name = "price"});
  CHECK(values(by_name.features()) == std::vector<float>{1, 2, 3, 4});
  CHECK(values(by_name.targets()) == std::vector<float>{10, 30});

  const auto by_index = read_text(dir, text, {.label_index = 0});
  CHECK(values(by_index.features()) == std::vector<float>{10, 2, 30, 4});
  CHECK(values(by_index.targets()) == std::vector<float>{1, 3});
}

TEST_CASE("read_csv: delimiter, quotes, spaces, CRLF, blank lines and a byte order mark",
          "[data][csv]") {
  temp_dir dir;
  const auto data = read_text(dir,
                              "\xEF\xBB\xBF\"sepal; length\" ; \"the \"\"class\"\"\"\r\n"
                              " 5.1 ; 0 \r\n"
                              "\r\n"
                              "4.9;\"1\"\r\n",
                              {.label_name = "the \"class\"", .delimiter = ';'});
  REQUIRE(data.size() == 2);
  REQUIRE(data.feature_size() == 1);
  CHECK(values(data.features()) == std::vector<float>{5.1F, 4.9F});
  CHECK(values(data.targets()) == std::vector<float>{0, 1});

  const auto tabs = read_text(dir, "1\t2\n3\t4\n", {.delimiter = '\t'});
  CHECK(values(tabs.features()) == std::vector<float>{1, 3});
}

TEST_CASE("read_csv: a ragged row names its line and both column counts", "[data][csv]") {
  temp_dir dir;
  // Line numbers count from 1 and include the blank line 3.
  REQUIRE_THROWS_AS(read_text(dir, "a,b,c\n1,2,3\n\n4,5\n"), ctnn::error);
  REQUIRE_THROWS_WITH(read_text(dir, "a,b,c\n1,2,3\n\n4,5\n"),
                      "ctnn::data::read_csv: " + (dir / "table.csv").string() +
                          ": line 4: expected 3 columns (as on line 1), found 2");
  REQUIRE_THROWS_WITH(read_text(dir, "1,2\n3,4,5\n"),
                      Catch::Contains("line 2: expected 2 columns (as on line 1), found 3"));
}

TEST_CASE("read_csv: a cell that is not a number names its line and column", "[data][csv]") {
  temp_dir dir;
  REQUIRE_THROWS_WITH(read_text(dir, "a,b,c\n1,2,3\n4,x5,6\n"),
                      "ctnn::data::read_csv: " + (dir / "table.csv").string() +
                          ": line 3, column 2 (\"b\"): expected a number, found \"x5\"");
  REQUIRE_THROWS_WITH(read_text(dir, "1,2\n3,4 5\n"),
                      Catch::Contains("line 2, column 2: expected a number, found \"4 5\""));
  REQUIRE_THROWS_WITH(read_text(dir, "1,,3\n"),
                      Catch::Contains("line 1, column 2: the cell is empty (expected a number)"));
  REQUIRE_THROWS_WITH(read_text(dir, "1,2\n3,\"4\n"),
                      Catch::Contains("line 2, column 2: a quote is not closed"));
}

TEST_CASE("read_csv: NaN, infinity and values beyond float are errors; tiny values are not",
          "[data][csv]") {
  temp_dir dir;
  REQUIRE_THROWS_WITH(read_text(dir, "a,b\n1,2\n3,nan\n"),
                      Catch::Contains("line 3, column 2 (\"b\"): expected a finite float, found "
                                      "\"nan\" (NaN)"));
  REQUIRE_THROWS_WITH(read_text(dir, "1,2\n-inf,4\n"),
                      Catch::Contains("line 2, column 1: expected a finite float, found \"-inf\""));
  REQUIRE_THROWS_WITH(read_text(dir, "1,2\n1e39,4\n"),  // FLT_MAX is about 3.4e38
                      Catch::Contains("line 2, column 1: expected a finite float, found \"1e39\" "
                                      "(infinite or beyond the float range)"));
  const auto tiny = read_text(dir, "1e-50,1\n");
  CHECK(tiny.features()[0] >= 0.0F);
  CHECK(tiny.features()[0] < 1e-37F);
}

TEST_CASE("read_csv: empty files, header-only files, too few columns", "[data][csv]") {
  temp_dir dir;
  REQUIRE_THROWS_WITH(read_text(dir, ""), Catch::Contains("the file is empty"));
  REQUIRE_THROWS_WITH(read_text(dir, "\n  \n\r\n"), Catch::Contains("the file is empty"));
  REQUIRE_THROWS_WITH(read_text(dir, "a,b\n"),
                      Catch::Contains("no data rows (expected rows of numbers after the header on "
                                      "line 1)"));
  REQUIRE_THROWS_WITH(read_text(dir, "1\n2\n"),
                      Catch::Contains("line 1: expected at least 2 columns (features and a label), "
                                      "found 1"));
}

TEST_CASE("read_csv: a bad label column is named", "[data][csv]") {
  temp_dir dir;
  REQUIRE_THROWS_WITH(read_text(dir, "a,b\n1,2\n", {.label_name = "price"}),
                      Catch::Contains("no column named \"price\" (expected a name from the header "
                                      "on line 1: \"a\", \"b\")"));
  REQUIRE_THROWS_WITH(read_text(dir, "1,2\n", {.label_name = "price"}),
                      Catch::Contains("the label column is given by name (\"price\"), but the "
                                      "file has no header row"));
  REQUIRE_THROWS_WITH(read_text(dir, "a,a\n1,2\n", {.label_name = "a"}),
                      Catch::Contains("found columns 1 and 2"));
  REQUIRE_THROWS_WITH(read_text(dir, "1,2\n", {.label_index = 2}),
                      Catch::Contains("label_index 2 is out of range (expected 0..1 for the 2 "
                                      "columns on line 1)"));
  REQUIRE_THROWS_WITH(read_text(dir, "a,b\n1,2\n", {.label_name = "a", .label_index = 0}),
                      Catch::Contains("both label_name \"a\" and label_index 0 are set"));
}

TEST_CASE("read_csv: a missing file or a directory", "[data][csv]") {
  temp_dir dir;
  const auto missing = dir / "missing.csv";
  REQUIRE_THROWS_WITH(ctnn::data::read_csv(missing),
                      "ctnn::data::read_csv: " + missing.string() + ": file not found");
  REQUIRE_THROWS_WITH(ctnn::data::read_csv(dir.path()), Catch::Contains("is a directory"));
}

TEST_CASE("parse_csv reads text and names the source", "[data][csv]") {
  const auto data = ctnn::data::parse_csv("f,t\n0.5,1\n", {}, "inline");
  CHECK(values(data.features()) == std::vector<float>{0.5F});
  REQUIRE_THROWS_WITH(ctnn::data::parse_csv("f,t\n0.5,x\n", {}, "inline"),
                      "ctnn::data::read_csv: inline: line 2, column 2 (\"t\"): expected a number, "
                      "found \"x\"");
}

TEST_CASE("read_csv: a long bad cell is quoted by its first 32 bytes and its length",
          "[data][csv]") {
  temp_dir dir;
  const std::string cell(1000000, 'x');
  std::string message;
  try {
    (void)read_text(dir, "a,b\n1," + cell + "\n");
  } catch (const ctnn::error& e) {
    message = e.what();
  }
  CHECK(message == "ctnn::data::read_csv: " + (dir / "table.csv").string() +
                       ": line 2, column 2 (\"b\"): expected a number, found \"" +
                       std::string(32, 'x') + "...\" (1000000 bytes)");
  CHECK(message.size() < 200 + (dir / "table.csv").string().size());

  // A long column name is cut as well; a cut never splits a UTF-8 character: "x" and 15 times
  // the 2-byte "é" are 31 bytes, and the 32nd byte starts the 16th "é".
  std::string name = "x";
  for (int k = 0; k < 30; ++k) {
    name += "\xC3\xA9";  // é
  }
  REQUIRE_THROWS_WITH(
      ctnn::data::parse_csv("a," + name + "\n1,y\n", {}, "inline"),
      "ctnn::data::read_csv: inline: line 2, column 2 (\"x" + name.substr(1, 30) +
          "...\" (61 bytes)): expected a number, found \"y\"");

  // A quoted cell is shown as its value: each doubled quote as one. 'a"b' and 60 'c' are 63
  // bytes; the first 32 are 'a"b' and 29 'c'.
  REQUIRE_THROWS_WITH(
      ctnn::data::parse_csv("1,\"a\"\"b" + std::string(60, 'c') + "\"\n",
                            {.header = CsvHeader::absent}, "inline"),
      "ctnn::data::read_csv: inline: line 1, column 2: expected a number, found \"a\"b" +
          std::string(29, 'c') + "...\" (63 bytes)");
}

TEST_CASE("read_csv: a missing label name lists the first 8 names of a wide header",
          "[data][csv]") {
  REQUIRE_THROWS_WITH(
      ctnn::data::parse_csv("c1,c2,c3,c4,c5,c6,c7,c8,c9,c10\n1,2,3,4,5,6,7,8,9,10\n",
                            {.label_name = "y"}, "inline"),
      "ctnn::data::read_csv: inline: no column named \"y\" (expected a name from the header on "
      "line 1: \"c1\", \"c2\", \"c3\", \"c4\", \"c5\", \"c6\", \"c7\", \"c8\", ... (10 "
      "columns))");
}

TEST_CASE("parse_csv: a row of 1,000,000 columns allocates for its values, not for each cell",
          "[data][csv]") {
  // The values grow in two vectors by doubling: about 20 allocations for 2^20 values. Anything
  // allocated for each cell (a copy of it, a message prepared in advance) would be a million.
  constexpr std::size_t columns = 1000000;
  std::string text;
  text.reserve(2 * columns);
  for (std::size_t c = 0; c < columns; ++c) {
    text += c + 1 < columns ? "1," : "2\n";
  }
  const std::size_t before = ctnn::test::allocation_count();
  const auto data = ctnn::data::parse_csv(text);
  const std::size_t allocations = ctnn::test::allocation_count() - before;
  CHECK(allocations < 64);
  REQUIRE(data.size() == 1);
  REQUIRE(data.feature_size() == columns - 1);
  CHECK(data.features()[columns - 2] == 1.0F);
  CHECK(data.targets()[0] == 2.0F);
}
