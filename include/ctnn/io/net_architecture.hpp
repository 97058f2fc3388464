#ifndef CTNN_IO_NET_ARCHITECTURE_HPP
#define CTNN_IO_NET_ARCHITECTURE_HPP

//! @file net_architecture.hpp
//! A net's architecture as text, which a saved file records in its `__metadata__` and a load
//! compares: the net's layers after standalone activations are fused into the layers before
//! them, each by its name (concepts/named.hpp), joined by ", ":
//! "Dense<784, 100, Sigmoid>, Dense<100, 10>". So `Net<Dense<4, 8>, ReLU, ...>` and
//! `Net<Dense<4, 8, ReLU>, ...>`, which compute the same function with the same parameters,
//! have one architecture. The loss and the scalar type are not part of it: they do not change
//! what the parameters mean, and an inference-only net loads what a trained one saved.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <ctnn/concepts/named.hpp>

namespace ctnn::io {

//! The `__metadata__` keys of a file ctnn saves: the architecture, and its FNV-1a hash.
inline constexpr std::string_view architecture_key = "ctnn.architecture";
inline constexpr std::string_view architecture_hash_key = "ctnn.architecture.fnv1a64";

//! The 64-bit FNV-1a hash of `text`'s bytes.
[[nodiscard]] constexpr std::uint64_t fnv1a_64(std::string_view text) noexcept {
  std::uint64_t hash = 0xcbf29ce484222325u;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3u;
  }
  return hash;
}

//! `value` as 16 lowercase hexadecimal digits.
[[nodiscard]] inline std::string hex_digits(std::uint64_t value) {
  std::string text(16, '0');
  for (std::size_t k = 0; k < 16; ++k) {
    text[15 - k] = "0123456789abcdef"[(value >> (4 * k)) & 0xFu];
  }
  return text;
}

//! Net's architecture: "Dense<784, 100, Sigmoid>, Dense<100, 10>".
template <class Net>
[[nodiscard]] std::string architecture() {
  std::string text;
  Net::for_each_layer([&](auto i) {
    text += (i == 0 ? "" : ", ") + name_of<typename Net::template layer_type<i>>();
  });
  return text;
}

//! The FNV-1a hash of `architecture<Net>()`, as 16 hexadecimal digits.
template <class Net>
[[nodiscard]] std::string architecture_hash() {
  return hex_digits(fnv1a_64(architecture<Net>()));
}

}  // namespace ctnn::io

#endif
