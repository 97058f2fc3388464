#ifndef CTNN_REPORT_SVG_HPP
#define CTNN_REPORT_SVG_HPP

//! @file svg.hpp
//! Learning curves as one self-contained SVG picture: loss and accuracy per epoch, training
//! against validation. No scripts, no external fonts or styles; opens in any browser.

#include <ctnn/detail/utf8.hpp>
#include <ctnn/io/atomic_write.hpp>
#include <ctnn/error.hpp>
#include <ctnn/report/format.hpp>
#include <ctnn/report/history.hpp>
#include <ctnn/report/ticks.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <filesystem>
#include <limits>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace ctnn {
namespace detail {

//! `text` made safe as XML character data or attribute value: `& < > " '` become entities,
//! control characters XML 1.0 forbids are dropped, and bytes that are not valid UTF-8 become
//! U+FFFD, so that any input gives a well-formed document.
inline std::string xml_escape(std::string_view text) {
  constexpr std::string_view replacement = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      switch (byte) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&apos;";
          break;
        case '\t':
        case '\n':
        case '\r':
          out += static_cast<char>(byte);
          break;
        default:
          if (byte >= 0x20 && byte != 0x7F) {
            out += static_cast<char>(byte);
          }
      }
      ++i;
      continue;
    }
    const std::size_t length = utf8_sequence_length(text, i);
    if (length != 0) {
      out.append(text.substr(i, length));
      i += length;
    } else {
      out += replacement;
      ++i;
    }
  }
  return out;
}

//! At most `max_characters` code points of UTF-8 `text`, ending in "..." when cut. A byte that
//! is not valid UTF-8 counts as one character (xml_escape replaces it later).
inline std::string truncate_utf8(std::string text, std::size_t max_characters) {
  std::size_t characters = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && ++characters > max_characters) {
      // i starts the first code point that does not fit; keep room for the dots
      std::size_t cut = i;
      for (int dots = 0; dots < 3 && cut > 0; ++dots) {
        do {
          --cut;
        } while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80);
      }
      return text.substr(0, cut) + "...";
    }
  }
  return text;
}

//! Whether a value can be drawn: NaN and infinities cannot, nor numbers so large that the
//! range of an axis around them would overflow.
inline bool plottable(double value) { return std::isfinite(value) && std::fabs(value) <= 1e300; }

//! A range around the single value `v` whose ends differ from `v`: v ± `half`, or v ± `fallback`
//! where `half` is lost to rounding (a tenth of a subnormal number underflows to 0; 0.5 next to
//! an epoch number beyond 2^53 rounds away).
inline std::pair<double, double> range_around(double v, double half, double fallback) {
  if (!(v - half < v && v < v + half)) {
    half = fallback;
  }
  return {v - half, v + half};
}

//! One line of a plot: a value per epoch, NaN where there is none.
struct svg_series {
  std::string name;
  const char* colour;
  bool square_markers;
  std::vector<std::pair<double, double>> points;  // (epoch, value), value may be NaN
};

//! Builds the SVG document piece by piece.
class svg_builder {
public:
  static std::string number(double value) { return fixed_decimal(value, 2); }

  std::string text;

  void line(double x1, double y1, double x2, double y2, const char* stroke, double width = 1) {
    text += "<line x1=\"" + number(x1) + "\" y1=\"" + number(y1) + "\" x2=\"" + number(x2) +
            "\" y2=\"" + number(y2) + "\" stroke=\"" + stroke + "\" stroke-width=\"" +
            number(width) + "\"/>\n";
  }

  void label(double x, double y, std::string_view content, const char* anchor,
             std::string_view extra = {}) {
    text += "<text x=\"" + number(x) + "\" y=\"" + number(y) + "\" text-anchor=\"" + anchor + "\"";
    if (!extra.empty()) {
      text += ' ';
      text += extra;
    }
    text += '>' + xml_escape(content) + "</text>\n";
  }

  void marker(double x, double y, const svg_series& series) {
    if (series.square_markers) {
      text += "<rect x=\"" + number(x - 3) + "\" y=\"" + number(y - 3) +
              "\" width=\"6\" height=\"6\" fill=\"" + series.colour + "\"/>\n";
    } else {
      text += "<circle cx=\"" + number(x) + "\" cy=\"" + number(y) + "\" r=\"3.5\" fill=\"" +
              series.colour + "\"/>\n";
    }
  }
};

//! What one panel shows.
struct svg_panel {
  std::string y_label;
  std::vector<svg_series> series;
  bool is_fraction = false;  // accuracy: the axis stays within [0, 1]
};

// Layout, in pixels.
inline constexpr double svg_panel_width = 480;
inline constexpr double svg_panels_top = 64;
inline constexpr double svg_plot_left = 70;   // from the panel's left edge to the frame
inline constexpr double svg_plot_right = 20;  // from the frame to the panel's right edge
inline constexpr double svg_plot_top = 8;     // from svg_panels_top to the frame
inline constexpr double svg_plot_height = 240;
inline constexpr double svg_plot_padding = 8;  // inside the frame, around the data
inline constexpr double svg_height = svg_panels_top + svg_plot_top + svg_plot_height + 50;
inline constexpr std::size_t svg_max_markers = 60;  // more points than this: lines only

inline void draw_panel(svg_builder& svg, const svg_panel& panel, double left) {
  const double frame_x = left + svg_plot_left;
  const double frame_y = svg_panels_top + svg_plot_top;
  const double frame_w = svg_panel_width - svg_plot_left - svg_plot_right;
  const double frame_h = svg_plot_height;
  const double bottom = frame_y + frame_h;

  svg.text += "<g>\n<rect x=\"" + svg.number(frame_x) + "\" y=\"" + svg.number(frame_y) +
              "\" width=\"" + svg.number(frame_w) + "\" height=\"" + svg.number(frame_h) +
              "\" fill=\"none\" stroke=\"#444444\"/>\n";
  svg.label(frame_x + frame_w / 2, bottom + 38, "epoch", "middle");
  // The y label goes left of the tick labels (about 7 pixels per character), but not beyond
  // the panel.
  const auto draw_y_label = [&](std::size_t tick_label_characters) {
    const double x =
        std::max(left + 14, frame_x - 7 - 7 * static_cast<double>(tick_label_characters) - 10);
    const double y = frame_y + frame_h / 2;
    svg.label(x, y, panel.y_label, "middle",
              "transform=\"rotate(-90 " + svg.number(x) + " " + svg.number(y) + ")\"");
  };

  double x_lo = std::numeric_limits<double>::infinity(), x_hi = -x_lo;
  double y_lo = x_lo, y_hi = x_hi;
  std::size_t point_count = 0;
  for (const svg_series& s : panel.series) {
    point_count = std::max(point_count, s.points.size());
    for (const auto& [x, y] : s.points) {
      x_lo = std::min(x_lo, x);
      x_hi = std::max(x_hi, x);
      if (plottable(y)) {
        y_lo = std::min(y_lo, y);
        y_hi = std::max(y_hi, y);
      }
    }
  }
  if (!(y_lo <= y_hi)) {
    draw_y_label(0);
    svg.label(frame_x + frame_w / 2, frame_y + frame_h / 2, "no data", "middle",
              "fill=\"#777777\"");
    svg.text += "</g>\n";
    return;
  }

  // Scales. One epoch or a constant value would give an empty range: widen it, by half an
  // epoch and by a tenth of the value (half a unit around 0), not below 0 for a value >= 0.
  if (x_lo == x_hi) {
    std::tie(x_lo, x_hi) = range_around(x_lo, 0.5, x_lo * 0.1);
  }
  if (y_lo == y_hi) {
    const double value = y_lo;
    std::tie(y_lo, y_hi) = range_around(value, std::fabs(value) * 0.1, 0.5);
    if (value >= 0 && y_lo < 0) {
      y_lo = 0;
    }
  }
  if (panel.is_fraction) {
    y_lo = std::max(y_lo, 0.0);
    y_hi = std::min(y_hi, 1.0);
  }
  const nice_scale x_scale = nice_ticks(x_lo, x_hi, 8, 1);  // whole epochs only
  const nice_scale y_scale = nice_axis(y_lo, y_hi, 6);
  const auto px = [&](double x) {
    return frame_x + svg_plot_padding +
           (x - x_scale.min) / (x_scale.max - x_scale.min) * (frame_w - 2 * svg_plot_padding);
  };
  const auto py = [&](double y) {
    return bottom - svg_plot_padding -
           (y - y_scale.min) / (y_scale.max - y_scale.min) * (frame_h - 2 * svg_plot_padding);
  };

  std::size_t widest_label = 0;
  for (const double tick : y_scale.ticks) {
    const double y = py(tick);
    const std::string text = y_scale.label(tick);
    widest_label = std::max(widest_label, text.size());
    svg.line(frame_x, y, frame_x + frame_w, y, "#e4e4e4");
    svg.line(frame_x - 4, y, frame_x, y, "#444444");
    svg.label(frame_x - 7, y + 4, text, "end");
  }
  draw_y_label(widest_label);
  for (const double tick : x_scale.ticks) {
    const double x = px(tick);
    svg.line(x, bottom, x, bottom + 4, "#444444");
    svg.label(x, bottom + 18, x_scale.label(tick), "middle");
  }

  for (const svg_series& s : panel.series) {
    // One polyline per run of consecutive values; NaN breaks the line.
    std::vector<std::pair<double, double>> run;
    const auto flush = [&] {
      if (run.size() >= 2) {
        svg.text += "<polyline fill=\"none\" stroke=\"";
        svg.text += s.colour;
        svg.text += "\" stroke-width=\"2\" stroke-linejoin=\"round\" points=\"";
        for (std::size_t i = 0; i < run.size(); ++i) {
          if (i > 0) svg.text += ' ';  // appended, not " " + ...: see progress.hpp's live_line
          svg.text += svg.number(run[i].first);
          svg.text += ',';
          svg.text += svg.number(run[i].second);
        }
        svg.text += "\"/>\n";
      }
      const bool markers = point_count <= svg_max_markers || run.size() == 1;
      for (std::size_t i = 0; markers && i < run.size(); ++i) {
        svg.marker(run[i].first, run[i].second, s);
      }
      run.clear();
    };
    svg.text += "<g>\n<title>" + xml_escape(s.name) + "</title>\n";
    for (const auto& [x, y] : s.points) {
      if (plottable(y)) {
        run.emplace_back(px(x), py(y));
      } else {
        flush();
      }
    }
    flush();
    svg.text += "</g>\n";
  }
  svg.text += "</g>\n";
}

}  // namespace detail

//! The SVG text of the learning curves of `history`: a panel "loss" and a panel "accuracy"
//! side by side, each with the training values (blue, circles) and, if present, the
//! validation values (orange, squares) per epoch, round ticks, labelled axes, a legend and
//! `title` above. A panel whose values are all NaN (accuracy for regression) is left out;
//! with no values at all, one empty panel says "no data". A loss that is NaN, infinite or
//! beyond ±1e300 is not drawn and breaks its line, as a NaN accuracy does; with more than 60
//! epochs the lines have no markers. Every coordinate written is a finite number inside the
//! picture.
//!
//! Throws `ctnn::error` naming the epoch, the field and the value for an accuracy that is
//! neither NaN nor in [0, 1].
inline std::string learning_curves_svg(const History& history,
                                       std::string_view title = "learning curves") {
  using detail::svg_series;
  for (std::size_t i = 0; i < history.epochs.size(); ++i) {
    const EpochRecord& r = history.epochs[i];
    for (const auto& [name, value] : {std::pair{"train_accuracy", r.train_accuracy},
                                      std::pair{"validation_accuracy", r.validation_accuracy}}) {
      if (!std::isnan(value) && !(value >= 0 && value <= 1)) {
        throw error("ctnn::learning_curves_svg: the " + std::string(name) + " of epoch " +
                    std::to_string(r.epoch) + " (record " + std::to_string(i) +
                    ", counted from 0) is " + detail::shortest_decimal(value) +
                    "; an accuracy is a fraction in [0, 1], or NaN for none");
      }
    }
  }
  constexpr const char* train_colour = "#1f77b4";
  constexpr const char* validation_colour = "#e8710a";
  const auto series = [&](std::string name, const char* colour, bool squares,
                          double EpochRecord::*field) {
    svg_series s{std::move(name), colour, squares, {}};
    for (const EpochRecord& r : history.epochs) {
      s.points.emplace_back(static_cast<double>(r.epoch), r.*field);
    }
    return s;
  };
  std::vector<detail::svg_panel> candidates;
  candidates.push_back(
      {"loss",
       {series("train", train_colour, false, &EpochRecord::train_loss),
        series("validation", validation_colour, true, &EpochRecord::validation_loss)},
       false});
  candidates.push_back(
      {"accuracy",
       {series("train", train_colour, false, &EpochRecord::train_accuracy),
        series("validation", validation_colour, true, &EpochRecord::validation_accuracy)},
       true});
  std::vector<detail::svg_panel> panels;
  for (detail::svg_panel& panel : candidates) {
    // Drop a series without data, then a panel without series.
    std::erase_if(panel.series, [](const svg_series& s) {
      return std::none_of(s.points.begin(), s.points.end(),
                          [](const auto& point) { return detail::plottable(point.second); });
    });
    if (!panel.series.empty()) {
      panels.push_back(std::move(panel));
    }
  }
  if (panels.empty()) {
    panels.push_back({"loss", {}, false});
  }

  const double width = detail::svg_panel_width * static_cast<double>(panels.size());
  // Cut a title too long for the picture (at most 10 pixels per character at 16 pixels, bold).
  const std::string short_title =
      detail::truncate_utf8(std::string(title), static_cast<std::size_t>(width / 10));

  detail::svg_builder svg;
  const std::string w = svg.number(width), h = svg.number(detail::svg_height);
  svg.text =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" +
      w + "\" height=\"" + h + "\" viewBox=\"0 0 " + w + " " + h +
      "\" font-family=\"sans-serif\" font-size=\"12\" fill=\"#222222\">\n";
  svg.text += "<title>" + detail::xml_escape(short_title) + "</title>\n";
  svg.text += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
  svg.label(width / 2, 26, short_title, "middle", "font-size=\"16\" font-weight=\"bold\"");

  // The legend: the series that appear in some panel, centred under the title.
  std::vector<const svg_series*> legend;
  for (const auto& panel : panels) {
    for (const auto& s : panel.series) {
      if (std::none_of(legend.begin(), legend.end(),
                       [&](const svg_series* seen) { return seen->name == s.name; })) {
        legend.push_back(&s);
      }
    }
  }
  constexpr double sample_width = 28, gap = 6, spacing = 24, char_width = 7;
  double legend_width = 0;
  for (const svg_series* s : legend) {
    legend_width += sample_width + gap + char_width * static_cast<double>(s->name.size());
  }
  legend_width += spacing * static_cast<double>(legend.empty() ? 0 : legend.size() - 1);
  double x = (width - legend_width) / 2;
  const double legend_y = 46;
  for (const svg_series* s : legend) {
    svg.line(x, legend_y, x + sample_width, legend_y, s->colour, 2);
    if (history.size() <= detail::svg_max_markers) {  // as in the panels
      svg.marker(x + sample_width / 2, legend_y, *s);
    }
    svg.label(x + sample_width + gap, legend_y + 4, s->name, "start");
    x += sample_width + gap + char_width * static_cast<double>(s->name.size()) + spacing;
  }

  for (std::size_t i = 0; i < panels.size(); ++i) {
    detail::draw_panel(svg, panels[i], detail::svg_panel_width * static_cast<double>(i));
  }
  svg.text += "</svg>\n";
  return std::move(svg.text);
}

//! Writes `learning_curves_svg(history, title)` to `path` (conventionally `*.svg`), replacing
//! the file atomically: if writing fails, a previous file at `path` is left as it was. Throws
//! `ctnn::error` as `learning_curves_svg` does (before touching the file), or naming the path
//! and the reason.
//!
//! Example: `ctnn::write_learning_curves_svg(history, "curves.svg", "MNIST, 784-100-10");`
inline void write_learning_curves_svg(const History& history, const std::filesystem::path& path,
                                      std::string_view title = "learning curves") {
  detail::write_file_atomically(path, learning_curves_svg(history, title));
}

}  // namespace ctnn

#endif
