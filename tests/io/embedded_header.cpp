// The header ctnn_embed_weights writes: exact hexadecimal literals, and clear errors for what
// cannot be embedded. (Compiling such a header and using the net is tested by the consumer
// projects in tests/find_package/ and by examples/embedded.cpp.)

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include <catch2/catch.hpp>

#include <ctnn/core.hpp>
#include <ctnn/io/embedded_header.hpp>

namespace {

using namespace ctnn;
using Catch::Contains;

// The value a literal written by hex_literal denotes, read back with from_chars.
template <class T>
T read_back(const std::string& literal) {
  std::string digits = literal;
  const bool negative = digits.front() == '-';
  digits.erase(0, negative ? 3 : 2);  // "-0x" or "0x"
  if (digits.back() == 'f') digits.pop_back();
  T value{};
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value,
                                         std::chars_format::hex);
  REQUIRE(ec == std::errc{});
  REQUIRE(end == digits.data() + digits.size());
  return negative ? -value : value;
}

TEMPLATE_TEST_CASE("embedded header: literals are exact", "[io]", float, double) {
  using T = TestType;
  using limits = std::numeric_limits<T>;
  for (const T value : {T(20), T(-30), T(0.1), T(-1) / 3, T(0), -T(0), limits::max(),
                        limits::lowest(), limits::min(), limits::denorm_min(), limits::epsilon()}) {
    const std::string literal = io::detail::hex_literal(value);
    CAPTURE(literal);
    CHECK(literal.starts_with(std::signbit(value) ? "-0x" : "0x"));
    CHECK(literal.ends_with("f") == std::is_same_v<T, float>);
    CHECK(std::bit_cast<std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>>(
              read_back<T>(literal)) ==
          std::bit_cast<std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>>(value));
  }
  CHECK(io::detail::hex_literal(T(20)) == (std::is_same_v<T, float> ? "0x1.4p+4f" : "0x1.4p+4"));
}

TEST_CASE("embedded header: the net as a constexpr variable of the given type", "[io]") {
  using And = Net<Dense<2, 1, Sigmoid>, BCE>;
  const And net(std::array<float, 3>{20, 20, -30});
  const std::string text = io::embedded_header(net, "and_unit", "And", "and.safetensors");
  CHECK_THAT(text, Contains("// The parameters of and.safetensors for the net Dense<2, 1, "
                            "Sigmoid>,\n"));
  CHECK_THAT(text, Contains("#include <ctnn/core.hpp>\n"));
  CHECK_THAT(text, Contains("inline constexpr And and_unit{std::array<float, 3>{\n"
                            "0x1.4p+4f, 0x1.4p+4f, -0x1.ep+4f\n}};\n"));
}

TEST_CASE("embedded header: a name that is no identifier, a parameter that is not finite",
          "[io]") {
  using Small = Net<Dense<2, 1>>;
  Small net(std::array<float, 3>{1, 2, 3});
  CHECK_THROWS_WITH(io::embedded_header(net, "2x", "Small", "f"),
                    "ctnn::io::embedded_header: the name \"2x\" is not a C++ identifier "
                    "(letters, digits and _, not starting with a digit)");
  CHECK_THROWS_WITH(io::embedded_header(net, "a-b", "Small", "f"), Contains("\"a-b\""));
  CHECK_THROWS_WITH(io::embedded_header(net, "", "Small", "f"), Contains("\"\""));
  net.parameters()[1] = std::numeric_limits<float>::infinity();
  CHECK_THROWS_WITH(io::embedded_header(net, "x", "Small", "f"),
                    "ctnn::io::embedded_header: parameter 1 is inf; only finite parameters can "
                    "be embedded");
}

}  // namespace
