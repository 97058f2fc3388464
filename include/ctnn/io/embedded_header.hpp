#ifndef CTNN_IO_EMBEDDED_HEADER_HPP
#define CTNN_IO_EMBEDDED_HEADER_HPP

//! @file embedded_header.hpp
//! A net's parameters as a C++ header that defines the net as a `constexpr` variable, so a
//! program holds trained weights with no file and no parsing at start-up. The CMake function
//! `ctnn_embed_weights` (cmake/ctnnEmbedWeights.cmake) writes one at build time from a
//! safetensors file; this is the text it writes.

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

#include <ctnn/error.hpp>
#include <ctnn/io/net_architecture.hpp>
#include <ctnn/net.hpp>

namespace ctnn::io {

namespace detail {

//! `value` as a hexadecimal floating-point literal of T ("-0x1.4p+4f" for float): exact, and
//! read by compilers faster than the shortest decimal form.
template <class T>
[[nodiscard]] std::string hex_literal(T value) {
  std::array<char, 48> digits{};
  const auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(),
                                       std::abs(value), std::chars_format::hex);
  if (ec != std::errc{}) throw error("ctnn::io::embedded_header: cannot format a parameter");
  return (std::signbit(value) ? "-0x" : "0x") + std::string(digits.data(), end) +
         (std::is_same_v<T, float> ? "f" : "");
}

//! Whether `name` is a C++ identifier of ASCII letters, digits and underscores.
[[nodiscard]] constexpr bool is_identifier(std::string_view name) noexcept {
  const auto letter = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  };
  if (name.empty() || !letter(name.front())) return false;
  for (const char c : name) {
    if (!letter(c) && !(c >= '0' && c <= '9')) return false;
  }
  return true;
}

}  // namespace detail

//! The text of a header that defines `inline constexpr <net_type> <name>{...}` holding `net`'s
//! parameters, exactly (hexadecimal literals). `net_type` is the net's type as the program
//! spells it (the header includes <ctnn/core.hpp> and <ctnn/expr.hpp>, which define every
//! element ctnn offers).
//! `source` (the weights file) and the net's architecture go into the header's first comment.
//! Throws ctnn::error when `name` is not an identifier or a parameter is not finite.
template <class T, class... Elements>
[[nodiscard]] std::string embedded_header(const BasicNet<T, Elements...>& net,
                                          std::string_view name, std::string_view net_type,
                                          std::string_view source) {
  using Net = BasicNet<T, Elements...>;
  if (!detail::is_identifier(name)) {
    throw error("ctnn::io::embedded_header: the name \"" + std::string(name) +
                "\" is not a C++ identifier (letters, digits and _, not starting with a digit)");
  }
  const std::string n(name);
  std::string shown_source(source);  // in a // comment: no line breaks
  std::ranges::replace(shown_source, '\n', ' ');
  std::ranges::replace(shown_source, '\r', ' ');
  std::string text = "// The parameters of " + shown_source + " for the net " +
                     architecture<Net>() +
                     ",\n// written by ctnn_embed_weights: do not edit; the build writes it again "
                     "when the file changes.\n#pragma once\n\n#include <array>\n\n"
                     "#include <ctnn/core.hpp>\n#include <ctnn/expr.hpp>\n\n"
                     "inline constexpr " + std::string(net_type) + " " + n + "{std::array<" +
                     (std::is_same_v<T, float> ? "float" : "double") + ", " +
                     std::to_string(Net::parameter_count) + ">{\n";
  const auto parameters = net.parameters();
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    if (!std::isfinite(parameters[k])) {
      throw error("ctnn::io::embedded_header: parameter " + std::to_string(k) + " is " +
                  std::to_string(parameters[k]) + "; only finite parameters can be embedded");
    }
    text += detail::hex_literal(parameters[k]);
    text += k + 1 == parameters.size() ? "\n" : (k % 8 == 7 ? ",\n" : ", ");
  }
  return text + "}};\n";
}

}  // namespace ctnn::io

#endif
