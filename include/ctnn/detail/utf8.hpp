#ifndef CTNN_DETAIL_UTF8_HPP
#define CTNN_DETAIL_UTF8_HPP

//! @file utf8.hpp
//! Telling well-formed UTF-8 from other bytes, for the readers and writers of text that must
//! pass it on (safetensors' JSON header, the SVG charts' labels).

#include <cstddef>
#include <optional>
#include <string_view>

namespace ctnn::detail {

//! The length of the well-formed UTF-8 sequence that starts at `text[i]`, or 0 if none does
//! (Unicode's table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF).
[[nodiscard]] inline std::size_t utf8_sequence_length(std::string_view text,
                                                      std::size_t i) noexcept {
  const auto lead = static_cast<unsigned char>(text[i]);
  if (lead < 0x80) {
    return 1;
  }
  // The sequence's length from its lead byte, and the allowed range of its second byte; the
  // later ones are 80..BF.
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    low = lead == 0xE0 ? 0xA0 : 0x80;
    high = lead == 0xED ? 0x9F : 0xBF;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    low = lead == 0xF0 ? 0x90 : 0x80;
    high = lead == 0xF4 ? 0x8F : 0xBF;
  }
  if (length == 0 || text.size() - i < length) {
    return 0;
  }
  for (std::size_t k = 1; k < length; ++k) {
    const auto byte = static_cast<unsigned char>(text[i + k]);
    if (byte < (k == 1 ? low : 0x80) || byte > (k == 1 ? high : 0xBF)) {
      return 0;
    }
  }
  return length;
}

//! The offset of the first byte of `text` that does not start a well-formed UTF-8 sequence.
[[nodiscard]] inline std::optional<std::size_t> invalid_utf8_at(std::string_view text) noexcept {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
      return i;
    }
    i += length;
  }
  return std::nullopt;
}

}  // namespace ctnn::detail

#endif
