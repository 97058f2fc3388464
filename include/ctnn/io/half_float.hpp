#ifndef CTNN_IO_HALF_FLOAT_HPP
#define CTNN_IO_HALF_FLOAT_HPP

//! @file half_float.hpp
//! The 16-bit floating-point formats of stored tensors, decoded to float: IEEE 754 binary16
//! ("F16", PyTorch's float16) and bfloat16 ("BF16"). Every 16-bit value of either format is
//! exactly a float, so decoding is exact: signed zeros, subnormals, infinities and NaN (sign and
//! payload kept) included.

#include <bit>
#include <cstdint>

namespace ctnn::io {

//! The binary16 value with bits `bits` (1 sign, 5 exponent bits with bias 15, 10 fraction
//! bits), as a float.
[[nodiscard]] inline float f16_bits_to_float(std::uint16_t bits) noexcept {
  const std::uint32_t sign = std::uint32_t{bits} >> 15 << 31;
  const std::uint32_t exponent = (bits >> 10) & 0x1Fu;
  std::uint32_t fraction = bits & 0x3FFu;
  if (exponent == 0x1F) {  // infinity (fraction 0) or NaN
    return std::bit_cast<float>(sign | 0x7F800000u | fraction << 13);
  }
  if (exponent != 0) {  // normal: rebias the exponent from 15 to 127
    return std::bit_cast<float>(sign | (exponent + 112) << 23 | fraction << 13);
  }
  if (fraction == 0) {
    return std::bit_cast<float>(sign);
  }
  // Subnormal, fraction * 2^-24: shift the leading 1 into the implicit bit of a float, whose
  // exponent goes down by one for each shift.
  std::uint32_t float_exponent = 113;  // 2^-14, the binary16 subnormals' scale, in bias 127
  while ((fraction & 0x400u) == 0) {
    fraction <<= 1;
    --float_exponent;
  }
  return std::bit_cast<float>(sign | float_exponent << 23 | (fraction & 0x3FFu) << 13);
}

//! The bfloat16 value with bits `bits`: the upper half of a float's bits.
[[nodiscard]] inline float bf16_bits_to_float(std::uint16_t bits) noexcept {
  return std::bit_cast<float>(std::uint32_t{bits} << 16);
}

}  // namespace ctnn::io

#endif
