// A safetensors file of PyTorch tensors (float16, bfloat16, float32, float64; reference.inc,
// written by make_reference.py) read by ctnn::io: every element as torch converts it to float64
// and to float32, the shapes, dtypes and metadata.

#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include <ctnn/io/safetensors.hpp>

#include "reference.inc"

namespace {

namespace ref = ctnn::test::safetensors_reference;

// `actual` is what torch computed, `expected`: equal bits, or both NaN of the same sign (NaN
// payloads are not compared).
template <class T, class Bits>
void check_same(T actual, Bits expected_bits) {
  const auto expected = std::bit_cast<T>(expected_bits);
  INFO("expected bits 0x" << std::hex << expected_bits << ", actual 0x"
                          << std::bit_cast<Bits>(actual));
  if (std::isnan(expected)) {
    CHECK(std::isnan(actual));
    CHECK(std::signbit(actual) == std::signbit(expected));
  } else {
    CHECK(std::bit_cast<Bits>(actual) == expected_bits);
  }
}

TEST_CASE("safetensors: a file of PyTorch tensors reads as torch converts them",
          "[io][safetensors][pytorch]") {
  const ctnn::io::SafetensorsView view(std::as_bytes(std::span(ref::file)), "reference.inc");
  CHECK(view.metadata() == ref::metadata);
  REQUIRE(view.tensors().size() == ref::tensors.size());
  for (const ref::tensor& expected : ref::tensors) {
    INFO("tensor " << expected.name);
    const ctnn::io::TensorInfo* tensor = view.find(expected.name);
    REQUIRE(tensor != nullptr);
    CHECK(ctnn::io::dtype_name(tensor->dtype) == expected.dtype);
    CHECK(tensor->shape == expected.shape);
    const std::vector<double> as_double = view.read_as<double>(*tensor);
    const std::vector<float> as_float = view.read_as<float>(*tensor);
    REQUIRE(as_double.size() == expected.float64_bits.size());
    REQUIRE(as_float.size() == expected.float32_bits.size());
    for (std::size_t i = 0; i < as_double.size(); ++i) {
      INFO("element " << i);
      check_same(as_double[i], expected.float64_bits[i]);
      check_same(as_float[i], expected.float32_bits[i]);
    }
  }
}

}  // namespace
