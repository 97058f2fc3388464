// libFuzzer target: the report writers (ctnn::history_csv, ctnn::learning_curves_svg and
// Progress's lines) on a History decoded from the input: any number of epochs, their numbers
// and values chosen among NaN, infinities, subnormals, huge values and raw bit patterns. Each
// writer must either succeed or throw a ctnn::error for what its documentation names; the CSV
// has one well-formed line per epoch whose cells read back as the values, the SVG is
// well-formed and every coordinate in it is a finite number inside the picture. Anything else
// (a crash, a sanitizer report, another exception, output that breaks these rules) aborts.
// tests/CMakeLists.txt runs it for a fixed number of inputs from the seeds in corpus/writers/.

#include <algorithm>
#include <bit>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>

#include <ctnn/report.hpp>

#include "../report/report_test_support.hpp"

namespace {

// Reads the fuzz input front to back; past its end every byte is 0.
class Input {
public:
  Input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  [[nodiscard]] bool done() const { return at_ >= size_; }

  std::uint8_t byte() { return done() ? 0 : data_[at_++]; }

  // The next sizeof(T) bytes as a T (zeros past the end).
  template <class T>
  T raw() {
    unsigned char bytes[sizeof(T)] = {};
    for (unsigned char& b : bytes) b = byte();
    T value;
    std::memcpy(&value, bytes, sizeof(T));
    return value;
  }

  // A value of a record: one byte picks a special value, a fraction in 0 .. 1.19 (ordinary
  // losses and accuracies, and accuracies a little above 1), or the raw bits that follow.
  double value() {
    static constexpr double special[] = {
        std::numeric_limits<double>::quiet_NaN(),
        std::numeric_limits<double>::infinity(),
        -std::numeric_limits<double>::infinity(),
        0.0,
        -0.0,
        std::numeric_limits<double>::denorm_min(),
        std::numeric_limits<double>::min(),
        1e-310,
        std::numeric_limits<double>::max(),
        -std::numeric_limits<double>::max(),
        1e300,
        1.0000000000000002e300,  // the next double: no longer drawn
        -1e300,
        1.0,
        1.0000000000000002,
        -1e-310,
    };
    const std::uint8_t b = byte();
    if (b < std::size(special)) return special[b];
    if (b == 255) return raw<double>();
    return static_cast<double>(b - std::size(special)) / 200.0;
  }

  // An epoch number after `previous`: the same, the next or one after (b mod 3), or from the
  // special bytes 0, the largest size_t or raw bits.
  std::size_t epoch(std::size_t previous) {
    const std::uint8_t b = byte();
    if (b == 255) return raw<std::size_t>();
    if (b == 254) return std::numeric_limits<std::size_t>::max();
    if (b == 253) return 0;
    return previous + b % 3;
  }

private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

[[noreturn]] void fail(const char* what, std::string_view output = {}) {
  std::fprintf(stderr, "writers fuzz: %s\n%.*s\n", what, static_cast<int>(output.size()),
               output.data());
  std::abort();
}

bool is_accuracy(double value) { return std::isnan(value) || (value >= 0 && value <= 1); }

// The CSV: the header, then per epoch its number and six cells, each empty for NaN or the
// shortest text that reads back as exactly the value.
void check_csv(const ctnn::History& history, const std::string& csv) {
  const std::string_view header =
      "epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,seconds,"
      "learning_rate\n";
  if (csv.substr(0, header.size()) != header) fail("CSV header", csv);
  std::size_t at = header.size();
  for (const ctnn::EpochRecord& r : history.epochs) {
    const std::size_t end = csv.find('\n', at);
    if (end == std::string::npos) fail("CSV: a line is missing", csv);
    const std::string_view line = std::string_view(csv).substr(at, end - at);
    at = end + 1;
    const double values[] = {r.train_loss,          r.train_accuracy, r.validation_loss,
                             r.validation_accuracy, r.seconds,        r.learning_rate};
    std::size_t cell_begin = 0;
    std::size_t cell_end = line.find(',');
    if (line.substr(0, cell_end) != std::to_string(r.epoch)) fail("CSV: epoch cell", line);
    for (const double value : values) {
      if (cell_end == std::string_view::npos) fail("CSV: too few cells", line);
      cell_begin = cell_end + 1;
      cell_end = line.find(',', cell_begin);
      const std::string_view cell = line.substr(cell_begin, cell_end - cell_begin);
      if (std::isnan(value)) {
        if (!cell.empty()) fail("CSV: NaN is not an empty cell", line);
        continue;
      }
      double read = 0;
      const auto result = std::from_chars(cell.data(), cell.data() + cell.size(), read);
      if (result.ec != std::errc{} || result.ptr != cell.data() + cell.size() ||
          std::bit_cast<std::uint64_t>(read) != std::bit_cast<std::uint64_t>(value))
        fail("CSV: a cell does not read back as its value", line);
    }
    if (cell_end != std::string_view::npos) fail("CSV: too many cells", line);
  }
  if (at != csv.size()) fail("CSV: text after the last epoch", csv);
}

// The number `text` (all of it), or NaN.
double number(std::string_view text) {
  double value = 0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  return result.ec == std::errc{} && result.ptr == text.data() + text.size()
             ? value
             : std::numeric_limits<double>::quiet_NaN();
}

// The SVG: well-formed, no "nan" or "inf" anywhere (the titles used have neither), and every
// coordinate attribute a finite number inside the picture.
void check_svg(const std::string& svg) {
  if (const std::string problem = ctnn_test::xml_problem(svg); !problem.empty())
    fail(problem.c_str(), svg);
  if (svg.find("nan") != std::string::npos || svg.find("inf") != std::string::npos)
    fail("SVG: nan or inf", svg);
  double width = std::numeric_limits<double>::quiet_NaN(), height = width;
  const auto check_point = [&](double x, double y) {
    if (!(x >= 0 && x <= width && y >= 0 && y <= height)) fail("SVG: a point outside", svg);
  };
  // Every attribute name="value" of every tag.
  for (std::size_t lt = svg.find('<'); lt != std::string::npos; lt = svg.find('<', lt + 1)) {
    const std::string_view tag = std::string_view(svg).substr(lt, svg.find('>', lt) - lt);
    for (std::size_t eq = tag.find("=\""); eq != std::string_view::npos;
         eq = tag.find("=\"", eq + 1)) {
      const std::size_t name_begin = tag.rfind(' ', eq) + 1;
      const std::string_view name = tag.substr(name_begin, eq - name_begin);
      const std::size_t value_begin = eq + 2;
      const std::string_view value =
          tag.substr(value_begin, tag.find('"', value_begin) - value_begin);
      if (tag.substr(0, 4) == "<svg" && (name == "width" || name == "height")) {
        (name == "width" ? width : height) = number(value);
        if (!(number(value) > 0)) fail("SVG: picture size", svg);
      } else if (name == "x" || name == "x1" || name == "x2" || name == "cx") {
        check_point(number(value), 0);
      } else if (name == "y" || name == "y1" || name == "y2" || name == "cy") {
        check_point(0, number(value));
      } else if ((name == "width" || name == "height") && value != "100%") {
        const double size = number(value);
        if (!(size >= 0 && size <= std::fmax(width, height))) fail("SVG: a size", svg);
      } else if (name == "points") {
        std::size_t at = 0;
        while (at < value.size()) {
          const std::size_t space = std::min(value.find(' ', at), value.size());
          const std::string_view pair = value.substr(at, space - at);
          const std::size_t comma = pair.find(',');
          if (comma == std::string_view::npos) fail("SVG: a point without a comma", svg);
          check_point(number(pair.substr(0, comma)), number(pair.substr(comma + 1)));
          at = space + 1;
        }
      } else if (name == "transform") {  // rotate(-90 x y)
        const std::string_view prefix = "rotate(-90 ";
        if (value.substr(0, prefix.size()) != prefix || value.back() != ')')
          fail("SVG: a transform", svg);
        const std::string_view xy = value.substr(prefix.size(), value.size() - prefix.size() - 1);
        const std::size_t space = xy.find(' ');
        check_point(number(xy.substr(0, space)), number(xy.substr(space + 1)));
      }
    }
  }
}

// Progress: the summary line is one line; the live line fits its width; a plain Progress
// prints one line per epoch and a terminal one ends each epoch on a fresh line.
void check_progress(const ctnn::History& history, std::uint8_t options) {
  using ctnn::Progress;
  const std::size_t epochs = options % 2 == 0 ? history.size() : 0;
  std::ostringstream plain_out, terminal_out;
  Progress plain(plain_out, Progress::Mode::plain);
  auto fake_now = Progress::clock::time_point{};
  Progress terminal(terminal_out, Progress::Mode::terminal, [&fake_now] {
    fake_now += std::chrono::milliseconds(70);  // a redraw every other update
    return fake_now;
  });
  for (const ctnn::EpochRecord& r : history.epochs) {
    const std::string line = Progress::epoch_line(r, epochs);
    if (line.find_first_of("\r\n") != std::string::npos) fail("Progress: a broken line", line);
    const std::size_t batches = static_cast<std::size_t>(options / 2);
    const double eta = Progress::eta_seconds(r.epoch % 7, batches, r.seconds);
    const std::string live =
        Progress::live_line(r.epoch, epochs, r.epoch % 7, batches, r.train_loss, r.seconds, eta);
    if (live.size() > Progress::max_line_width) fail("Progress: a live line too long", live);
    for (Progress* progress : {&plain, &terminal}) {
      progress->begin_epoch(r.epoch, epochs, batches);
      for (std::size_t k = 1; k <= 3; ++k) progress->update(k, r.train_loss, r.seconds);
      progress->end_epoch(r);
    }
  }
  const std::string text = plain_out.str();
  if (static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) != history.size())
    fail("Progress: not one line per epoch", text);
  if (history.size() > 0 && terminal_out.str().back() != '\n')
    fail("Progress: the terminal output does not end a line", terminal_out.str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Input input(data, size);
  const std::uint8_t options = input.byte();
  const char* const titles[] = {
      "learning curves", "", "a < b & \"c\" 'd'", "caf\xC3\xA9 \xFF\xC3 \x07",
      ("a title far too long for one panel of four hundred and eighty pixels, cut with three "
       "dots at its end")};
  const char* const title = titles[options % std::size(titles)];

  ctnn::History history;
  std::size_t epoch = 1;
  while (!input.done()) {
    ctnn::EpochRecord r;
    epoch = input.epoch(epoch);
    r.epoch = epoch;
    r.train_loss = input.value();
    r.train_accuracy = input.value();
    r.validation_loss = input.value();
    r.validation_accuracy = input.value();
    r.seconds = input.value();
    r.learning_rate = input.value();
    history.add(r);
  }

  check_csv(history, ctnn::history_csv(history));

  bool accuracies_valid = true;
  for (const ctnn::EpochRecord& r : history.epochs)
    accuracies_valid = accuracies_valid && is_accuracy(r.train_accuracy) &&
                       is_accuracy(r.validation_accuracy);
  try {
    const std::string svg = ctnn::learning_curves_svg(history, title);
    if (!accuracies_valid) fail("SVG: an accuracy outside [0, 1] was drawn");
    check_svg(svg);
  } catch (const ctnn::error& e) {
    // The one documented reason: an accuracy outside [0, 1].
    if (accuracies_valid ||
        std::string_view(e.what()).find("an accuracy is a fraction in [0, 1]") ==
            std::string_view::npos)
      fail(e.what());
  }

  check_progress(history, options);
  return 0;
}
