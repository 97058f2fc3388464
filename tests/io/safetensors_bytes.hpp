#ifndef CTNN_TESTS_IO_SAFETENSORS_BYTES_HPP
#define CTNN_TESTS_IO_SAFETENSORS_BYTES_HPP

// Safetensors files built byte by byte in the tests, independently of ctnn::io's writer.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <ctnn/error.hpp>
#include <ctnn/io/safetensors.hpp>

namespace ctnn_test {

using byte_vector = std::vector<std::byte>;

//! The 8-byte little-endian length `length` (the size of `header` if not given), `header`, then
//! `data`.
inline byte_vector safetensors_file(std::string_view header, const std::vector<std::uint8_t>& data,
                                    std::optional<std::uint64_t> length = std::nullopt) {
  const std::uint64_t n = length.value_or(header.size());
  byte_vector out;
  for (int k = 0; k < 8; ++k) out.push_back(static_cast<std::byte>(n >> (8 * k)));
  for (const char c : header) out.push_back(static_cast<std::byte>(c));
  for (const std::uint8_t b : data) out.push_back(static_cast<std::byte>(b));
  return out;
}

//! The same with `data_size` zero bytes of data.
inline byte_vector safetensors_file(std::string_view header, std::size_t data_size = 0) {
  return safetensors_file(header, std::vector<std::uint8_t>(data_size));
}

//! The message of the ctnn::error that parsing `file` (named "mem.safetensors") throws, or
//! "no error".
inline std::string parse_error(std::span<const std::byte> file) {
  try {
    const ctnn::io::SafetensorsView view(file, "mem.safetensors");
  } catch (const ctnn::error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace ctnn_test

#endif
