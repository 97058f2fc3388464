#ifndef CTNN_DATA_CSV_HPP
#define CTNN_DATA_CSV_HPP

#include <ctnn/data/dataset.hpp>
#include <ctnn/error.hpp>

#include <charconv>
#include <cmath>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace ctnn::data {

//! Whether the first row of a CSV file names the columns.
enum class CsvHeader {
  detect,   //!< A header if any cell of the first row is not a number (and not empty).
  present,  //!< The first row is a header.
  absent,   //!< The first row is data.
};

//! How `read_csv` reads a table. With designated initializers:
//! `read_csv(path, {.label_name = "quality", .delimiter = ';'})`.
//! (Every member has a default member initializer, even `{}`: g++ 12 -Wextra warns about members
//! left out of a designated initializer only when they have none.)
struct CsvOptions {
  //! The label (target) column by its name in the header; empty: use `label_index`.
  std::string label_name{};
  //! The label (target) column by position, counted from 0; unset (and no `label_name`): the last
  //! column.
  std::optional<std::size_t> label_index{};
  //! Whether the first row is a header.
  CsvHeader header = CsvHeader::detect;
  //! The character between cells.
  char delimiter = ',';
};

namespace detail {

//! Splits CSV text into rows of cells: a cell may be quoted ("a,b" with "" for a quote), spaces
//! and tabs around cells are dropped, `\r\n` ends a line like `\n`, blank lines are skipped.
//! Every error names `what`, the source and the 1-based line and column.
class csv_lexer {
public:
  csv_lexer(std::string_view text, char delimiter, std::string prefix)
      : text_(text), delimiter_(delimiter), prefix_(std::move(prefix)) {
    if (text_.starts_with("\xEF\xBB\xBF")) {  // a UTF-8 byte order mark
      text_.remove_prefix(3);
    }
  }

  //! Reads the next non-blank line into `cells`; false at the end of the text.
  bool next(std::vector<std::string>& cells) {
    while (pos_ < text_.size()) {
      ++line_;
      std::size_t end = text_.find('\n', pos_);
      if (end == std::string_view::npos) {
        end = text_.size();
      }
      std::string_view line = text_.substr(pos_, end - pos_);
      pos_ = end + 1;
      if (line.ends_with('\r')) {
        line.remove_suffix(1);
      }
      if (trim(line).empty()) {
        continue;
      }
      split(line, cells);
      return true;
    }
    return false;
  }

  //! The 1-based number of the line `next` read last.
  [[nodiscard]] std::size_t line() const noexcept { return line_; }

  [[noreturn]] void fail(const std::string& message) const { throw error(prefix_ + message); }

private:
  [[nodiscard]] bool is_blank(char c) const noexcept {
    return (c == ' ' || c == '\t') && c != delimiter_;
  }

  [[nodiscard]] std::string_view trim(std::string_view s) const noexcept {
    while (!s.empty() && is_blank(s.front())) {
      s.remove_prefix(1);
    }
    while (!s.empty() && is_blank(s.back())) {
      s.remove_suffix(1);
    }
    return s;
  }

  void split(std::string_view line, std::vector<std::string>& cells) const {
    cells.clear();
    std::size_t i = 0;
    while (true) {
      const std::size_t column = cells.size() + 1;
      while (i < line.size() && is_blank(line[i])) {
        ++i;
      }
      std::string cell;
      if (i < line.size() && line[i] == '"') {
        ++i;
        while (true) {
          if (i >= line.size()) {
            fail("line " + std::to_string(line_) + ", column " + std::to_string(column) +
                 ": a quote is not closed (expected '\"' before the end of the line)");
          }
          if (line[i] == '"') {
            if (i + 1 < line.size() && line[i + 1] == '"') {
              cell += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          cell += line[i++];
        }
        while (i < line.size() && is_blank(line[i])) {
          ++i;
        }
        if (i < line.size() && line[i] != delimiter_) {
          fail("line " + std::to_string(line_) + ", column " + std::to_string(column) +
               ": text after a closing quote (expected '" + std::string(1, delimiter_) +
               "' or the end of the line, found '" + std::string(1, line[i]) + "')");
        }
      } else {
        std::size_t end = line.find(delimiter_, i);
        if (end == std::string_view::npos) {
          end = line.size();
        }
        cell = trim(line.substr(i, end - i));
        i = end;
      }
      cells.push_back(std::move(cell));
      if (i >= line.size()) {
        return;
      }
      ++i;  // the delimiter
    }
  }

  std::string_view text_;
  char delimiter_;
  std::string prefix_;
  std::size_t pos_ = 0;
  std::size_t line_ = 0;
};

//! Parses a whole cell as a float; `std::nullopt` if it is not a number. Accepts what
//! `std::from_chars` accepts plus a leading '+'; values below the float range become 0 or
//! subnormal, values above it and "nan"/"inf" are returned as non-finite for the caller to report.
[[nodiscard]] inline std::optional<float> parse_number(std::string_view cell) {
  if (cell.starts_with('+') && cell.size() > 1 && cell[1] != '-' && cell[1] != '+') {
    cell.remove_prefix(1);
  }
  const char* const first = cell.data();
  const char* const last = cell.data() + cell.size();
  float value = 0;
  std::from_chars_result result = std::from_chars(first, last, value);
  if (result.ec == std::errc::result_out_of_range) {
    // Below the float range: 0 or a subnormal; above it (or beyond double): infinite, which the
    // caller rejects.
    double wide = 0;
    result = std::from_chars(first, last, wide);
    const bool too_large = result.ec == std::errc::result_out_of_range ||
                           std::abs(wide) > double{std::numeric_limits<float>::max()};
    value = too_large ? std::numeric_limits<float>::infinity() : static_cast<float>(wide);
    result.ec = std::errc{};  // result.ptr still marks the end of the number
  }
  if (cell.empty() || result.ec != std::errc{} || result.ptr != last) {
    return std::nullopt;
  }
  return value;
}

}  // namespace detail

//! Parses CSV `text` holding a numeric table into a dataset: one row per non-blank line, every
//! column a feature except the label column, which becomes the (float) target. `source` names
//! the text in messages (`read_csv` passes the file name).
//!
//! Throws `ctnn::error` naming `source` and the 1-based line and column for: no rows at all, a
//! header without data rows, fewer than 2 columns, a row with a different number of columns than
//! the first (ragged), a cell that is empty, not a number, NaN or infinite (or beyond the float
//! range), an unclosed quote, a `label_name` not in the header (or given without a header), a
//! `label_index` out of range, or both `label_name` and `label_index` set.
[[nodiscard]] inline Dataset<float, float> parse_csv(std::string_view text,
                                                     const CsvOptions& options = {},
                                                     std::string_view source = "<text>") {
  detail::csv_lexer lexer(text, options.delimiter,
                          "ctnn::data::read_csv: " + std::string(source) + ": ");
  if (!options.label_name.empty() && options.label_index.has_value()) {
    lexer.fail("both label_name \"" + options.label_name + "\" and label_index " +
               std::to_string(*options.label_index) + " are set (expected at most one)");
  }

  std::vector<std::string> cells;
  if (!lexer.next(cells)) {
    lexer.fail("the file is empty (expected a header or rows of numbers)");
  }
  const std::size_t first_line = lexer.line();
  const std::size_t columns = cells.size();

  bool has_header = options.header == CsvHeader::present;
  if (options.header == CsvHeader::detect) {
    for (const auto& cell : cells) {
      has_header = has_header || (!cell.empty() && !detail::parse_number(cell).has_value());
    }
  }
  std::vector<std::string> names;
  if (has_header) {
    names = cells;
  }
  const auto column_text = [&](std::size_t c) {
    std::string text = "column " + std::to_string(c + 1);
    if (!names.empty()) {
      text += " (\"" + names[c] + "\")";
    }
    return text;
  };

  if (columns < 2) {
    lexer.fail("line " + std::to_string(first_line) +
               ": expected at least 2 columns (features and a label), found " +
               std::to_string(columns));
  }

  std::size_t label = columns - 1;
  if (!options.label_name.empty()) {
    if (!has_header) {
      lexer.fail("the label column is given by name (\"" + options.label_name +
                 "\"), but the file has no header row (line " + std::to_string(first_line) +
                 " holds numbers)");
    }
    std::optional<std::size_t> found;
    for (std::size_t c = 0; c < columns; ++c) {
      if (names[c] == options.label_name) {
        if (found.has_value()) {
          lexer.fail("the label column name \"" + options.label_name +
                     "\" is ambiguous (expected one column with that name, found columns " +
                     std::to_string(*found + 1) + " and " + std::to_string(c + 1) +
                     " in the header on line " + std::to_string(first_line) + ")");
        }
        found = c;
      }
    }
    if (!found.has_value()) {
      std::string list;
      for (const auto& name : names) {
        list += (list.empty() ? "\"" : ", \"") + name + "\"";
      }
      lexer.fail("no column named \"" + options.label_name + "\" (expected a name from the header on line " +
                 std::to_string(first_line) + ": " + list + ")");
    }
    label = *found;
  } else if (options.label_index.has_value()) {
    label = *options.label_index;
    if (label >= columns) {
      lexer.fail("label_index " + std::to_string(label) + " is out of range (expected 0.." +
                 std::to_string(columns - 1) + " for the " + std::to_string(columns) +
                 " columns on line " + std::to_string(first_line) + ")");
    }
  }

  std::vector<float> features;
  std::vector<float> targets;
  bool have_row = !has_header;
  do {
    if (have_row) {
      if (cells.size() != columns) {
        lexer.fail("line " + std::to_string(lexer.line()) + ": expected " +
                   std::to_string(columns) + " columns (as on line " +
                   std::to_string(first_line) + "), found " + std::to_string(cells.size()));
      }
      for (std::size_t c = 0; c < columns; ++c) {
        const std::string where = "line " + std::to_string(lexer.line()) + ", " + column_text(c);
        if (cells[c].empty()) {
          lexer.fail(where + ": the cell is empty (expected a number)");
        }
        const auto value = detail::parse_number(cells[c]);
        if (!value.has_value()) {
          lexer.fail(where + ": expected a number, found \"" + cells[c] + "\"");
        }
        if (!std::isfinite(*value)) {
          lexer.fail(where + ": expected a finite float, found \"" + cells[c] + "\"" +
                     (std::isnan(*value) ? " (NaN)" : " (infinite or beyond the float range)"));
        }
        (c == label ? targets : features).push_back(*value);
      }
    }
    have_row = true;
  } while (lexer.next(cells));

  if (targets.empty()) {
    lexer.fail("no data rows (expected rows of numbers after the header on line " +
               std::to_string(first_line) + ")");
  }
  return {std::move(features), columns - 1, std::move(targets), 1};
}

//! Reads a CSV file holding a numeric table into a dataset, as `parse_csv` describes: by default
//! the last column is the label (the float target), the others are features, and a first row with
//! a non-numeric cell is a header. Throws `ctnn::error` naming the file for a missing or
//! unreadable file and for every error of `parse_csv`.
//!
//! Example: `auto wine = ctnn::data::read_csv("winequality-red.csv", {.label_name = "quality",
//! .delimiter = ';'});`
[[nodiscard]] inline Dataset<float, float> read_csv(const std::filesystem::path& path,
                                                    const CsvOptions& options = {}) {
  const std::string prefix = "ctnn::data::read_csv: " + path.string() + ": ";
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) {
    throw error(prefix + "file not found");
  }
  if (std::filesystem::is_directory(status)) {
    throw error(prefix + "is a directory, expected a CSV file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw error(prefix + "cannot open the file for reading");
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    throw error(prefix + "cannot read the file");
  }
  return parse_csv(std::move(text).str(), options, path.string());
}

}  // namespace ctnn::data

#endif
