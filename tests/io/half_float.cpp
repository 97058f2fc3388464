// F16 and BF16 decoding: hand-computed bit patterns, every one of the 65536 patterns against an
// independent formula (and the compiler's _Float16 where it has one), and through a file, in
// the format's byte order.

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <ctnn/io/half_float.hpp>
#include <ctnn/io/safetensors.hpp>

#include "io/safetensors_bytes.hpp"

namespace {

struct known {
  std::uint16_t bits;
  double value;
};

const double inf = std::numeric_limits<double>::infinity();

// binary16: sign, 5 exponent bits (bias 15), 10 fraction bits.
const std::vector<known> f16_known{
    {0x3C00, 1.0},
    {0xC000, -2.0},
    {0x3800, 0.5},
    {0x3555, 0.333251953125},            // 1.0101010101b * 2^-2 = 1365 / 4096
    {0x7BFF, 65504.0},                   // (2 - 2^-10) * 2^15, the largest finite
    {0xFBFF, -65504.0},
    {0x0400, 0x1p-14},                   // the smallest normal
    {0x03FF, 1023 * 0x1p-24},            // the largest subnormal
    {0x0200, 0x1p-15},
    {0x0001, 0x1p-24},                   // the smallest subnormal
    {0x8001, -0x1p-24},
    {0x0000, 0.0},
    {0x7C00, inf},
    {0xFC00, -inf},
    {0x4248, 3.140625},                  // 1.1001001b * 2
};

// bfloat16: the upper 16 bits of a float (sign, 8 exponent bits with bias 127, 7 fraction bits).
const std::vector<known> bf16_known{
    {0x3F80, 1.0},
    {0xC000, -2.0},
    {0x4049, 3.140625},
    {0x7F7F, 0x1.FEp127},                // (2 - 2^-7) * 2^127, the largest finite
    {0x0080, 0x1p-126},                  // the smallest normal
    {0x0001, 0x1p-133},                  // the smallest subnormal: 2^-7 * 2^-126
    {0x807F, -127 * 0x1p-133},           // the largest subnormal, negative
    {0x0000, 0.0},
    {0x7F80, inf},
    {0xFF80, -inf},
};

// Decodes by the format's definition with ldexp, unlike ctnn's bit manipulation: sign, then
// fraction * 2^(exponent - bias - fraction bits), with the implicit 1 for normal numbers.
double by_definition(std::uint16_t bits, int exponent_bits) {
  const int fraction_bits = 15 - exponent_bits;
  const int max_exponent = (1 << exponent_bits) - 1;
  const int bias = max_exponent / 2;
  const int exponent = (bits >> fraction_bits) & max_exponent;
  const int fraction = bits & ((1 << fraction_bits) - 1);
  const double sign = (bits & 0x8000) != 0 ? -1.0 : 1.0;
  if (exponent == max_exponent) return std::copysign(fraction == 0 ? inf : std::nan(""), sign);
  if (exponent == 0) return sign * std::ldexp(fraction, 1 - bias - fraction_bits);
  return sign * std::ldexp(fraction + (1 << fraction_bits), exponent - bias - fraction_bits);
}

// a and b are the same: equal bits, or both NaN of the same sign.
void check_same(double a, double b) {
  if (std::isnan(b)) {
    CHECK(std::isnan(a));
    CHECK(std::signbit(a) == std::signbit(b));
  } else {
    CHECK(std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b));
  }
}

TEST_CASE("half_float: hand-computed F16 and BF16 patterns", "[io][half_float]") {
  for (const known& k : f16_known) {
    INFO("F16 0x" << std::hex << k.bits);
    check_same(ctnn::io::f16_bits_to_float(k.bits), k.value);
  }
  for (const known& k : bf16_known) {
    INFO("BF16 0x" << std::hex << k.bits);
    check_same(ctnn::io::bf16_bits_to_float(k.bits), k.value);
  }
  CHECK(std::signbit(ctnn::io::f16_bits_to_float(0x8000)));
  CHECK(ctnn::io::f16_bits_to_float(0x8000) == 0.0f);
  CHECK(std::signbit(ctnn::io::bf16_bits_to_float(0x8000)));
  // NaN keeps its sign and payload: the payload bits move to the top of a float's fraction.
  CHECK(std::bit_cast<std::uint32_t>(ctnn::io::f16_bits_to_float(0x7E00)) == 0x7FC00000u);
  CHECK(std::bit_cast<std::uint32_t>(ctnn::io::f16_bits_to_float(0xFC01)) == 0xFF802000u);
  CHECK(std::bit_cast<std::uint32_t>(ctnn::io::bf16_bits_to_float(0x7FC1)) == 0x7FC10000u);
}

TEST_CASE("half_float: every pattern matches the formats' definition", "[io][half_float]") {
  std::size_t f16_mismatches = 0, bf16_mismatches = 0;
  for (std::uint32_t b = 0; b <= 0xFFFF; ++b) {
    const auto bits = static_cast<std::uint16_t>(b);
    const auto same = [](double a, double expected) {
      return std::isnan(expected)
                 ? std::isnan(a) && std::signbit(a) == std::signbit(expected)
                 : std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(expected);
    };
    if (!same(ctnn::io::f16_bits_to_float(bits), by_definition(bits, 5))) ++f16_mismatches;
    if (!same(ctnn::io::bf16_bits_to_float(bits), by_definition(bits, 8))) ++bf16_mismatches;
#ifdef __FLT16_MAX__
    // The compiler's own conversion of _Float16, where it has the type.
    const float hardware = static_cast<float>(std::bit_cast<_Float16>(bits));
    if (!same(ctnn::io::f16_bits_to_float(bits), hardware)) ++f16_mismatches;
#endif
  }
  CHECK(f16_mismatches == 0);
  CHECK(bf16_mismatches == 0);
}

TEST_CASE("half_float: F16 and BF16 tensors are read little-endian", "[io][half_float]") {
  // 0x3C00 (1.0) is stored 00 3C; 0xC000 (-2.0) 00 C0; 0x0001 (2^-24) 01 00.
  const ctnn_test::byte_vector file = ctnn_test::safetensors_file(
      R"({"b":{"dtype":"BF16","shape":[2],"data_offsets":[6,10]},)"
      R"("h":{"dtype":"F16","shape":[3],"data_offsets":[0,6]}})",
      std::vector<std::uint8_t>{0x00, 0x3C, 0x00, 0xC0, 0x01, 0x00, 0x80, 0x3F, 0x49, 0x40});
  const ctnn::io::SafetensorsView view(file, "mem");
  CHECK(view.read_as<float>(view.at("h")) == std::vector<float>{1.0f, -2.0f, 0x1p-24f});
  CHECK(view.read_as<double>(view.at("h")) == std::vector<double>{1.0, -2.0, 0x1p-24});
  CHECK(view.read_as<double>(view.at("b")) == std::vector<double>{1.0, 3.140625});
}

}  // namespace
