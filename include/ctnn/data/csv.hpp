#ifndef CTNN_DATA_CSV_HPP
#define CTNN_DATA_CSV_HPP

#include <ctnn/data/dataset.hpp>
#include <ctnn/error.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
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

//! One cell of a CSV line, a view into the text: what is between the quotes of a quoted cell
//! (each quote in its value doubled), else the cell without the spaces and tabs around it.
struct csv_cell {
  std::string_view raw;
  bool quoted = false;

  //! The first `most` bytes of the cell's text, with each doubled quote of a quoted cell as one.
  [[nodiscard]] std::string value(std::size_t most = std::string::npos) const {
    std::string text;
    for (std::size_t i = 0; i < raw.size() && text.size() < most; ++i) {
      text += raw[i];
      i += quoted && raw[i] == '"' ? 1 : 0;
    }
    return text;
  }

  //! The cell's text in double quotes, for a message: whole if it has at most 40 bytes, else its
  //! first 32 bytes (not cutting a UTF-8 character), "..." and its length in bytes.
  [[nodiscard]] std::string for_message() const {
    const std::size_t length =
        quoted ? raw.size() - static_cast<std::size_t>(std::ranges::count(raw, '"')) / 2
               : raw.size();
    if (length <= 40) {
      return "\"" + value() + "\"";
    }
    std::string shown = value(33);
    // Back to the start of the UTF-8 character that shown[32] belongs to (at most 3 bytes back:
    // the longest character has 4; text that is not UTF-8 is cut at 29 bytes at least).
    std::size_t cut = 32;
    while (cut > 29 && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80) {
      --cut;
    }
    shown.resize(cut);
    return "\"" + shown + "...\" (" + std::to_string(length) + " bytes)";
  }
};

//! Reads CSV text line by line and cell by cell, without copying it: a cell may be quoted ("a,b"
//! with "" for a quote), spaces and tabs around cells are dropped, `\r\n` ends a line like `\n`,
//! blank lines are skipped. Every error names `what`, the source and the 1-based line and column.
class csv_lexer {
public:
  csv_lexer(std::string_view text, char delimiter, std::string prefix)
      : text_(text), delimiter_(delimiter), prefix_(std::move(prefix)) {
    if (text_.starts_with("\xEF\xBB\xBF")) {  // a UTF-8 byte order mark
      text_.remove_prefix(3);
    }
  }

  //! Moves to the next non-blank line; false at the end of the text.
  bool next_line() {
    while (pos_ < text_.size()) {
      ++line_;
      std::size_t end = text_.find('\n', pos_);
      if (end == std::string_view::npos) {
        end = text_.size();
      }
      line_text_ = text_.substr(pos_, end - pos_);
      pos_ = end + 1;
      if (line_text_.ends_with('\r')) {
        line_text_.remove_suffix(1);
      }
      if (!trim(line_text_).empty()) {
        restart_line();
        return true;
      }
    }
    return false;
  }

  //! Reads the cells of the current line again from its first.
  void restart_line() noexcept {
    cell_pos_ = 0;
    column_ = 0;
    line_done_ = false;
  }

  //! Reads the next cell of the current line into `cell`; false after its last cell.
  bool next_cell(csv_cell& cell) {
    if (line_done_) {
      return false;
    }
    ++column_;
    const std::string_view line = line_text_;
    std::size_t i = cell_pos_;
    while (i < line.size() && is_blank(line[i])) {
      ++i;
    }
    if (i < line.size() && line[i] == '"') {
      const std::size_t start = ++i;
      while (true) {
        i = line.find('"', i);
        if (i == std::string_view::npos) {
          fail("line " + std::to_string(line_) + ", column " + std::to_string(column_) +
               ": a quote is not closed (expected '\"' before the end of the line)");
        }
        if (i + 1 < line.size() && line[i + 1] == '"') {
          i += 2;
          continue;
        }
        break;
      }
      cell = {line.substr(start, i - start), true};
      ++i;  // the closing quote
      while (i < line.size() && is_blank(line[i])) {
        ++i;
      }
      if (i < line.size() && line[i] != delimiter_) {
        fail("line " + std::to_string(line_) + ", column " + std::to_string(column_) +
             ": text after a closing quote (expected '" + std::string(1, delimiter_) +
             "' or the end of the line, found '" + std::string(1, line[i]) + "')");
      }
    } else {
      std::size_t end = line.find(delimiter_, i);
      if (end == std::string_view::npos) {
        end = line.size();
      }
      cell = {trim(line.substr(i, end - i)), false};
      i = end;
    }
    line_done_ = i >= line.size();
    cell_pos_ = i + 1;  // after the delimiter
    return true;
  }

  //! The 1-based number of the current line.
  [[nodiscard]] std::size_t line() const noexcept { return line_; }

  //! The current line's text.
  [[nodiscard]] std::string_view line_text() const noexcept { return line_text_; }

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

  std::string_view text_;
  char delimiter_;
  std::string prefix_;
  std::size_t pos_ = 0;       // where the next line starts
  std::size_t line_ = 0;      // the current line's number
  std::string_view line_text_;
  std::size_t cell_pos_ = 0;  // where the next cell of the current line starts
  std::size_t column_ = 0;    // the number of the cell read last
  bool line_done_ = true;
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
//! `label_index` out of range, or both `label_name` and `label_index` set. A message quotes at
//! most the first 32 bytes of a long cell, with its length.
//!
//! Memory: the text is read in place, nothing is kept per cell or row but the values, as 4-byte
//! floats in vectors that grow by doubling. A cell takes at least 2 bytes of text (a character
//! and a delimiter or line end), so the result takes at most 2 times the size of `text`, and
//! `parse_csv` at most 6 times while a vector grows.
[[nodiscard]] inline Dataset<float, float> parse_csv(std::string_view text,
                                                     const CsvOptions& options = {},
                                                     std::string_view source = "<text>") {
  const std::string prefix = "ctnn::data::read_csv: " + std::string(source) + ": ";
  detail::csv_lexer lexer(text, options.delimiter, prefix);
  if (!options.label_name.empty() && options.label_index.has_value()) {
    lexer.fail("both label_name \"" + options.label_name + "\" and label_index " +
               std::to_string(*options.label_index) + " are set (expected at most one)");
  }

  if (!lexer.next_line()) {
    lexer.fail("the file is empty (expected a header or rows of numbers)");
  }
  const std::size_t first_line = lexer.line();
  std::size_t columns = 0;
  bool has_text = false;  // a cell of the first line is not a number (and not empty)
  for (detail::csv_cell cell; lexer.next_cell(cell); ++columns) {
    has_text = has_text || (!cell.raw.empty() && !detail::parse_number(cell.raw).has_value());
  }
  const bool has_header = options.header == CsvHeader::present ||
                          (options.header == CsvHeader::detect && has_text);

  // The cells of the header, read again from its line for the label's name and for messages.
  const std::string_view header_text = lexer.line_text();
  const auto header_cells = [&] {
    detail::csv_lexer header(header_text, options.delimiter, prefix);
    header.next_line();
    return header;
  };
  // "line L, column C", and the column's name in the header if there is one.
  const auto place = [&](std::size_t c) {
    std::string text = "line " + std::to_string(lexer.line()) + ", column " + std::to_string(c + 1);
    if (has_header) {
      auto header = header_cells();
      detail::csv_cell name;
      for (std::size_t k = 0; k <= c; ++k) {
        header.next_cell(name);
      }
      text += " (" + name.for_message() + ")";
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
    constexpr std::size_t listed = 8;  // names the message lists
    std::optional<std::size_t> found;
    std::string names;
    auto header = header_cells();
    std::size_t c = 0;
    for (detail::csv_cell name; header.next_cell(name); ++c) {
      if (name.value(options.label_name.size() + 1) == options.label_name) {
        if (found.has_value()) {
          lexer.fail("the label column name \"" + options.label_name +
                     "\" is ambiguous (expected one column with that name, found columns " +
                     std::to_string(*found + 1) + " and " + std::to_string(c + 1) +
                     " in the header on line " + std::to_string(first_line) + ")");
        }
        found = c;
      }
      if (c < listed) {
        names += (c == 0 ? "" : ", ") + name.for_message();
      }
    }
    if (!found.has_value()) {
      if (columns > listed) {
        names += ", ... (" + std::to_string(columns) + " columns)";
      }
      lexer.fail("no column named \"" + options.label_name +
                 "\" (expected a name from the header on line " + std::to_string(first_line) +
                 ": " + names + ")");
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
  bool have_row = !has_header;  // the first line is a row of data
  if (have_row) {
    lexer.restart_line();
  } else {
    have_row = lexer.next_line();
  }
  for (; have_row; have_row = lexer.next_line()) {
    // The cells are counted before they are read: a row with a cell too many or too few is
    // reported as such, not by a value that is out of place in it.
    std::size_t found = 0;
    for (detail::csv_cell cell; lexer.next_cell(cell);) {
      ++found;
    }
    if (found != columns) {
      lexer.fail("line " + std::to_string(lexer.line()) + ": expected " +
                 std::to_string(columns) + " columns (as on line " +
                 std::to_string(first_line) + "), found " + std::to_string(found));
    }
    lexer.restart_line();
    detail::csv_cell cell;
    for (std::size_t c = 0; lexer.next_cell(cell); ++c) {
      if (cell.raw.empty()) {
        lexer.fail(place(c) +
                   ": the cell is empty (expected a number)");
      }
      const auto value = detail::parse_number(cell.raw);
      if (!value.has_value()) {
        lexer.fail(place(c) +
                   ": expected a number, found " + cell.for_message());
      }
      if (!std::isfinite(*value)) {
        lexer.fail(place(c) +
                   ": expected a finite float, found " + cell.for_message() +
                   (std::isnan(*value) ? " (NaN)" : " (infinite or beyond the float range)"));
      }
      (c == label ? targets : features).push_back(*value);
    }
  }

  if (targets.empty()) {
    lexer.fail("no data rows (expected rows of numbers after the header on line " +
               std::to_string(first_line) + ")");
  }
  return {std::move(features), columns - 1, std::move(targets), 1};
}

//! Reads a CSV file holding a numeric table into a dataset, as `parse_csv` describes: by default
//! the last column is the label (the float target), the others are features, and a first row with
//! a non-numeric cell is a header. Throws `ctnn::error` naming the file for a missing or
//! unreadable file and for every error of `parse_csv`. Memory: the file's text, once, and what
//! `parse_csv` takes: at most 7 times the size of the file.
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
  std::string text;
  if (const auto size = std::filesystem::file_size(path, ec); !ec) {
    text.reserve(static_cast<std::size_t>(size));
  }
  std::array<char, std::size_t{1} << 16> chunk;  // not zeroed: read() fills it
  while (in.read(chunk.data(), chunk.size()), in.gcount() > 0) {
    text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) {
    throw error(prefix + "cannot read the file");
  }
  return parse_csv(text, options, path.string());
}

}  // namespace ctnn::data

#endif
