// ctnn::io's safetensors reader and writer: the reference implementation's byte layout, round
// trips, and every malformed file rejected with a message that names the source and says where.

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <ctnn/io/file_bytes.hpp>
#include <ctnn/io/safetensors.hpp>

#include "data/temp_files.hpp"
#include "io/safetensors_bytes.hpp"

namespace {

using Catch::Contains;
using ctnn::io::Dtype;
using ctnn::io::SafetensorsView;
using ctnn::io::TensorToWrite;
using ctnn_test::byte_vector;
using ctnn_test::parse_error;
using ctnn_test::safetensors_file;

// The little-endian bytes of floats, from their bit patterns.
std::vector<std::uint8_t> f32_bytes(std::initializer_list<std::uint32_t> bits) {
  std::vector<std::uint8_t> out;
  for (const std::uint32_t b : bits)
    for (int k = 0; k < 4; ++k) out.push_back(static_cast<std::uint8_t>(b >> (8 * k)));
  return out;
}

std::string text(const byte_vector& bytes) {
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

// The layouts below are those of the safetensors project's own serialization tests
// (safetensors/src/tensor.rs: test_serialization, test_empty and
// test_serialization_forced_alignement):
// compact JSON, the tensor's fields in the order dtype, shape, data_offsets, padded with spaces
// to a multiple of 8 bytes. 0, 1, 2, 3, 4, 5 as floats: 0x00000000, 0x3F800000, 0x40000000,
// 0x40400000, 0x40800000, 0x40A00000.
TEST_CASE("safetensors: the writer lays files out as the reference implementation does",
          "[io][safetensors]") {
  const std::vector<float> values{0, 1, 2, 3, 4, 5};
  const auto data = f32_bytes({0x00000000, 0x3F800000, 0x40000000, 0x40400000, 0x40800000,
                               0x40A00000});

  // 64 bytes of header: already a multiple of 8, no padding.
  const std::string header =
      R"({"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}})";
  REQUIRE(header.size() == 64);
  const std::vector<TensorToWrite> one{{"attn.0", {1, 2, 3}, values}};
  CHECK(text(ctnn::io::write_safetensors(one)) == text(safetensors_file(header, data)));

  // 65 bytes padded with 7 spaces to 72.
  const std::vector<TensorToWrite> aligned{{"attn0", {1, 1, 2, 3}, values}};
  CHECK(text(ctnn::io::write_safetensors(aligned)) ==
        text(safetensors_file(
            R"({"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}       )",
            data)));

  // No tensors: "{}" and 6 spaces; with metadata, "__metadata__" first.
  CHECK(text(ctnn::io::write_safetensors({})) == text(safetensors_file("{}      ")));
  CHECK(text(ctnn::io::write_safetensors({}, {{"framework", "pt"}})) ==
        text(safetensors_file(R"({"__metadata__":{"framework":"pt"}}     )")));
}

TEST_CASE("safetensors: the writer puts F64 tensors first, then F32, each by name, aligned",
          "[io][safetensors]") {
  const std::vector<float> b{1, 2, 3};
  const std::vector<double> a{4}, c{5, 6};
  const std::vector<float> scalar{7};
  const std::vector<TensorToWrite> tensors{
      {"b", {3}, b}, {"c", {2, 1}, c}, {"a", {1}, a}, {"0", {}, scalar}};
  const byte_vector file = ctnn::io::write_safetensors(tensors);
  const std::string header =
      R"({"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},)"
      R"("c":{"dtype":"F64","shape":[2,1],"data_offsets":[8,24]},)"
      R"("0":{"dtype":"F32","shape":[],"data_offsets":[24,28]},)"
      R"("b":{"dtype":"F32","shape":[3],"data_offsets":[28,40]}})";
  const std::size_t padded = (header.size() + 7) / 8 * 8;
  REQUIRE(file.size() == 8 + padded + 40);
  CHECK(text(file).substr(8, padded) == header + std::string(padded - header.size(), ' '));

  const SafetensorsView view(file, "written");
  for (const ctnn::io::TensorInfo& t : view.tensors()) {
    INFO(t.name);
    CHECK((view.data_start() + t.begin) % ctnn::io::dtype_size(t.dtype) == 0);
  }
}

TEST_CASE("safetensors: F32 and F64 round trip bit for bit, with the metadata",
          "[io][safetensors]") {
  const std::vector<std::uint32_t> float_bits{
      0x3F800000, 0x80000000, 0x00000001, 0x007FFFFF, 0x7F7FFFFF, 0xFF800000,
      0x7FC00000, 0x7FA00001 /* signaling NaN */, 0xFFC12345, 0x3EAAAAAB};
  const std::vector<std::uint64_t> double_bits{
      0x3FF0000000000000, 0x8000000000000000, 0x0000000000000001, 0x7FEFFFFFFFFFFFFF,
      0x7FF0000000000000, 0x7FF4000000000001 /* signaling NaN */, 0xFFF8000000000123,
      0x3FD5555555555555};
  std::vector<float> floats;
  for (const std::uint32_t b : float_bits) floats.push_back(std::bit_cast<float>(b));
  std::vector<double> doubles;
  for (const std::uint64_t b : double_bits) doubles.push_back(std::bit_cast<double>(b));
  const std::vector<float> none;
  const std::map<std::string, std::string> metadata{
      {"format", "pt"},
      {"quote \" backslash \\ newline \n tab \t control \x01 delete \x7F",
       "caf\xC3\xA9 \xE2\x82\xAC"},
      {"", ""}};
  const std::vector<TensorToWrite> tensors{
      {"layer.0.weight", {2, 5}, floats},
      {"layer.0.bias \"quoted\"", {8}, doubles},
      {"empty", {3, 0}, none},
      {"\xF0\x9D\x84\x9E", {1, 1, 1, 1}, std::span(floats).first(1)}};
  const byte_vector file = ctnn::io::write_safetensors(tensors, metadata);
  const SafetensorsView view(file, "written");

  CHECK(view.metadata() == metadata);
  REQUIRE(view.tensors().size() == 4);
  for (const TensorToWrite& written : tensors) {
    INFO(written.name);
    const ctnn::io::TensorInfo* read = view.find(written.name);
    REQUIRE(read != nullptr);
    CHECK(read->shape == written.shape);
    // The raw bytes are the values' bits, little-endian, whatever the host's byte order.
    const auto raw = view.bytes(*read);
    if (written.values.index() == 0) {
      CHECK(read->dtype == Dtype::F32);
      const auto values = std::get<0>(written.values);
      REQUIRE(raw.size() == 4 * values.size());
      for (std::size_t i = 0; i < values.size(); ++i) {
        std::uint32_t bits = 0;
        for (int k = 0; k < 4; ++k)
          bits |= std::to_integer<std::uint32_t>(raw[4 * i + k]) << (8 * k);
        CHECK(bits == std::bit_cast<std::uint32_t>(values[i]));
      }
      const std::vector<float> back = view.read_as<float>(*read);
      CHECK(std::ranges::equal(std::as_bytes(std::span(back)), std::as_bytes(values)));
    } else {
      CHECK(read->dtype == Dtype::F64);
      const auto values = std::get<1>(written.values);
      std::vector<double> back(values.size());
      view.read_as(*read, std::span(back));
      CHECK(std::ranges::equal(std::as_bytes(std::span(back)), std::as_bytes(values)));
    }
  }
  // The file's own order is F64 first, then by name (byte-wise), but tensors() is by name.
  CHECK(view.tensors()[0].name == "empty");
  CHECK(view.tensors()[3].name == "\xF0\x9D\x84\x9E");
  CHECK(view.find("layer.0") == nullptr);
}

TEST_CASE("safetensors: read_as<float> rounds F64 to nearest, F32 and F16 widen exactly",
          "[io][safetensors]") {
  // 1 + 2^-24 is halfway between 1 and the next float: ties go to even, 1. 1 + 3*2^-24 goes
  // to 1 + 2^-22 (even). 2^-149 is the smallest float subnormal.
  const std::vector<double> d{1.0 + 0x1p-24, 1.0 + 3 * 0x1p-24, 0x1p-149, -0.1, 1e300};
  const std::vector<TensorToWrite> tensors{{"d", {5}, d}};
  const byte_vector file = ctnn::io::write_safetensors(tensors);
  const SafetensorsView view(file, "written");
  const std::vector<float> f = view.read_as<float>(view.at("d"));
  CHECK(std::bit_cast<std::uint32_t>(f[0]) == 0x3F800000u);
  CHECK(std::bit_cast<std::uint32_t>(f[1]) == 0x3F800002u);
  CHECK(std::bit_cast<std::uint32_t>(f[2]) == 0x00000001u);
  CHECK(std::bit_cast<std::uint32_t>(f[3]) == 0xBDCCCCCDu);  // -0.1f
  CHECK(std::isinf(f[4]));
}

TEST_CASE("safetensors: valid edge cases parse", "[io][safetensors]") {
  SECTION("padding, white space and field order") {
    const std::string header =
        " { \"w\" : { \"data_offsets\" : [ 0 , 4 ] , \"shape\" : [ ] , \"dtype\" : \"F32\" } }  ";
    const byte_vector file = safetensors_file(header, f32_bytes({0x40490FDB}));
    const SafetensorsView view(file, "mem");
    REQUIRE(view.tensors().size() == 1);
    const ctnn::io::TensorInfo& w = view.tensors()[0];
    CHECK(w.name == "w");
    CHECK(w.shape.empty());
    CHECK(w.element_count() == 1);
    CHECK(view.data_start() == 8 + header.size());
    CHECK(view.read_as<float>(w)[0] == std::bit_cast<float>(0x40490FDBu));
    CHECK(view.metadata().empty());
  }
  SECTION("empty tensors anywhere, a dimension 0 beside huge ones, other dtypes") {
    const std::string header =
        R"({"a":{"dtype":"F16","shape":[0],"data_offsets":[0,0]},)"
        R"("b":{"dtype":"I64","shape":[1],"data_offsets":[0,8]},)"
        R"("c":{"dtype":"F64","shape":[0,9223372036854775808,9223372036854775808],)"
        R"("data_offsets":[8,8]},)"
        R"("d":{"dtype":"BOOL","shape":[2],"data_offsets":[8,10]},)"
        R"("e":{"dtype":"BF16","shape":[2,0],"data_offsets":[10,10]}})";
    const byte_vector file = safetensors_file(header, 10);
    const SafetensorsView view(file, "mem");
    REQUIRE(view.tensors().size() == 5);
    CHECK(view.at("b").dtype == Dtype::I64);
    CHECK(view.read_as<double>(view.at("a")).empty());
    CHECK(view.read_as<float>(view.at("c")).empty());
    CHECK_THROWS_WITH(view.read_as<float>(view.at("b")),
                      Contains("mem: tensor \"b\" has dtype I64; read_as converts only F16, "
                               "BF16, F32 and F64"));
    CHECK_THROWS_WITH(view.read_as<float>(view.at("d")), Contains("has dtype BOOL"));
  }
}

TEST_CASE("safetensors: lookups and read_as check their arguments", "[io][safetensors]") {
  const std::vector<float> v{1, 2, 3, 4, 5, 6};
  const std::vector<TensorToWrite> tensors{{"w", {2, 3}, v}, {"b", {3}, std::span(v).first(3)}};
  const byte_vector file = ctnn::io::write_safetensors(tensors);
  const SafetensorsView view(file, "model.safetensors");

  CHECK_THROWS_WITH(view.at("bias"),
                    Contains("ctnn::io::SafetensorsView: model.safetensors: no tensor named "
                             "\"bias\" (the file has \"b\", \"w\")"));
  std::vector<float> five(5);
  CHECK_THROWS_WITH(view.read_as(view.at("w"), std::span(five)),
                    Contains("model.safetensors: tensor \"w\" has 6 elements (shape [2, 3]), "
                             "but the output holds 5"));
  // A TensorInfo of another file (here, offsets this file does not have) is refused.
  ctnn::io::TensorInfo other = view.at("w");
  other.begin += 4;
  other.end += 4;
  CHECK_THROWS_WITH(view.bytes(other),
                    Contains("model.safetensors: tensor \"w\" is not a tensor of this file"));
  CHECK_THROWS_WITH(view.read_as<float>(other), Contains("is not a tensor of this file"));
}

// One malformed file and what its message must contain.
struct bad_file {
  const char* what;
  byte_vector file;
  std::vector<std::string> expected;
};

void check_rejected(const std::vector<bad_file>& cases) {
  for (const bad_file& c : cases) {
    INFO(c.what);
    const std::string message = parse_error(c.file);
    CHECK_THAT(message, Contains("ctnn::io::SafetensorsView: mem.safetensors: "));
    for (const std::string& part : c.expected) CHECK_THAT(message, Contains(part));
  }
}

// The header {"w":<entry>} over `data` zero bytes.
byte_vector one_tensor(const std::string& entry, std::size_t data) {
  return safetensors_file("{\"w\":" + entry + "}", data);
}

std::string entry(const std::string& dtype, const std::string& shape,
                  const std::string& offsets) {
  return R"({"dtype":)" + dtype + R"(,"shape":)" + shape + R"(,"data_offsets":)" + offsets + "}";
}

TEST_CASE("safetensors: a file too short or with a bad header length is rejected",
          "[io][safetensors]") {
  check_rejected({
      {"empty", {}, {"the file is 0 bytes long, too short for the 8-byte header length"}},
      {"5 bytes", byte_vector(5), {"the file is 5 bytes long"}},
      {"length beyond the file", safetensors_file("{}", {}, 100),
       {"the header length (bytes 0 to 8) is 100, beyond the end of the file: the file is 10 "
        "bytes long, so at most 2 bytes of header"}},
      {"length over 100 MB", safetensors_file("{}", {}, 100'000'001),
       {"the header length (bytes 0 to 8) is 100000001, over the limit of 100000000 bytes"}},
      {"length 2^64 - 1", safetensors_file("{}", {}, ~std::uint64_t{0}),
       {"is 18446744073709551615, over the limit"}},
  });
}

TEST_CASE("safetensors: a header that is not UTF-8 JSON of an object is rejected",
          "[io][safetensors]") {
  check_rejected({
      {"bad UTF-8 (C3 28)", safetensors_file("{\"w\xC3\x28\":1}"),
       {"the header is not valid UTF-8 at byte offset 11"}},
      {"overlong", safetensors_file("{\"\xC0\xAF\":1}"), {"not valid UTF-8 at byte offset 10"}},
      {"surrogate", safetensors_file("{\"\xED\xA0\x80\":1}"),
       {"not valid UTF-8 at byte offset 10"}},
      {"above U+10FFFF", safetensors_file("{\"\xF4\x90\x80\x80\":1}"), {"at byte offset 10"}},
      {"cut short", safetensors_file("{\"\xE2\x82"), {"not valid UTF-8 at byte offset 10"}},
      {"not JSON", safetensors_file("{\"w\":}"),
       {"the header is not valid JSON (near byte offset 13 of the file)", "column 6"}},
      {"junk after the object", safetensors_file("{} x"),
       {"not valid JSON (near byte offset 11 of the file)"}},
      {"NUL padding", safetensors_file(std::string("{}\0\0\0\0\0\0", 8)),
       {"the header has a NUL byte at byte offset 10"}},
      {"byte order mark", safetensors_file("\xEF\xBB\xBF{}"), {"byte order mark (bytes 8 to 11)"}},
      {"number overflow", one_tensor(entry("\"F32\"", "[1e999]", "[0,0]"), 0),
       {"not valid JSON", "1e999"}},
      {"an array", safetensors_file("[1,2]"),
       {"the header is a JSON array, expected an object of tensors"}},
      {"a string", safetensors_file("\"w\""), {"the header is a JSON string"}},
      {"nested too deeply", safetensors_file("{\"w\":" + std::string(100, '[')),
       {"the header nests deeper than 64 levels"}},
  });
}

TEST_CASE("safetensors: duplicate keys are rejected, not resolved", "[io][safetensors]") {
  const std::string e = entry("\"F32\"", "[0]", "[0,0]");
  check_rejected({
      {"two tensors", safetensors_file("{\"w\":" + e + ",\"v\":" + e + ",\"w\":" + e + "}"),
       {"the header has two tensors named \"w\""}},
      {"the same name escaped", safetensors_file("{\"\\u00e9\":" + e + ",\"\xC3\xA9\":" + e + "}"),
       {"two tensors named \"\xC3\xA9\""}},
      {"two fields",
       one_tensor(R"({"dtype":"F32","shape":[0],"dtype":"F64","data_offsets":[0,0]})", 0),
       {"tensor \"w\" has two fields \"dtype\""}},
      {"two metadata keys", safetensors_file(R"({"__metadata__":{"k":"a","k":"b"}})"),
       {"__metadata__ has two keys \"k\""}},
      {"two metadata", safetensors_file(R"({"__metadata__":{},"__metadata__":{}})"),
       {"the header has two \"__metadata__\""}},
      {"deeper", one_tensor(R"({"shape":[{"a":1,"a":2}]})", 0),
       {"two keys \"a\" in one object inside \"w\""}},
  });
}

TEST_CASE("safetensors: malformed tensor entries and metadata are rejected", "[io][safetensors]") {
  check_rejected({
      {"entry not an object", one_tensor("[1]", 0),
       {"tensor \"w\" is [1], expected an object with dtype, shape and data_offsets"}},
      {"missing field", one_tensor(R"({"dtype":"F32","shape":[0]})", 0),
       {"tensor \"w\" has no field \"data_offsets\""}},
      {"unknown field",
       one_tensor(R"({"dtype":"F32","shape":[0],"data_offsets":[0,0],"offsets":1})", 0),
       {"tensor \"w\" has an unknown field \"offsets\" (expected dtype, shape and data_offsets)"}},
      {"unknown dtype", one_tensor(entry("\"F128\"", "[1]", "[0,16]"), 16),
       {"tensor \"w\" has dtype \"F128\", which is not a safetensors dtype (BOOL, U8, I8, "
        "F8_E5M2, F8_E4M3, I16, U16, F16, BF16, I32, U32, F32, F64, I64, U64; read_as converts "
        "F16, BF16, F32 and F64)"}},
      {"lower-case dtype", one_tensor(entry("\"float32\"", "[1]", "[0,4]"), 4),
       {"has dtype \"float32\", which is not a safetensors dtype"}},
      {"dtype not a string", one_tensor(entry("32", "[1]", "[0,4]"), 4), {"has dtype 32, which"}},
      {"shape not a list", one_tensor(entry("\"F32\"", "2", "[0,8]"), 8),
       {"tensor \"w\" has shape 2, expected a list of non-negative integers"}},
      {"negative extent", one_tensor(entry("\"F32\"", "[2,-1]", "[0,8]"), 8),
       {"tensor \"w\" has shape [2,-1]: element 1 is -1, expected a non-negative integer"}},
      {"fractional extent", one_tensor(entry("\"F32\"", "[2.0]", "[0,8]"), 8),
       {"element 0 is 2.0, expected a non-negative integer"}},
      {"string extent", one_tensor(entry("\"F32\"", "[\"2\"]", "[0,8]"), 8),
       {"element 0 is \"2\""}},
      {"extent beyond 64 bits", one_tensor(entry("\"F32\"", "[18446744073709551616]", "[0,8]"), 8),
       {"expected a non-negative integer"}},
      {"element count overflows",
       one_tensor(entry("\"F32\"", "[4294967296,4294967296]", "[0,0]"), 0),
       {"tensor \"w\" has shape [4294967296, 4294967296] of F32: its size in bytes overflows 64 "
        "bits"}},
      {"byte count overflows", one_tensor(entry("\"F64\"", "[2305843009213693952]", "[0,0]"), 0),
       {"has shape [2305843009213693952] of F64: its size in bytes overflows"}},
      {"metadata not an object", safetensors_file(R"({"__metadata__":["a"]})"),
       {"__metadata__ is [\"a\"], expected an object of strings"}},
      {"metadata value not a string", safetensors_file(R"({"__metadata__":{"epochs":10}})"),
       {"__metadata__ \"epochs\" is 10, expected a string"}},
      {"metadata null", safetensors_file(R"({"__metadata__":null})"),
       {"__metadata__ is null, expected an object of strings"}},
  });
}

TEST_CASE("safetensors: data_offsets must fit the shape and tile the data buffer",
          "[io][safetensors]") {
  const std::string f32x1 = R"({"dtype":"F32","shape":[1],"data_offsets":)";
  const std::string f32x2 = R"({"dtype":"F32","shape":[2],"data_offsets":)";
  // The data buffer starts after the 8-byte length and the header.
  const auto data_start = [](const byte_vector& file) {
    return 8 + static_cast<std::size_t>(std::to_integer<unsigned>(file[0]));
  };
  const byte_vector beyond = one_tensor(f32x2 + "[0,8]}", 4);
  const byte_vector gap =
      safetensors_file("{\"a\":" + f32x1 + "[0,4]},\"b\":" + f32x1 + "[8,12]}}", 12);
  const byte_vector gap_first = safetensors_file("{\"b\":" + f32x1 + "[4,8]}}", 8);
  const byte_vector trailing = safetensors_file("{\"a\":" + f32x1 + "[0,4]}}", 8);
  const byte_vector no_tensors = safetensors_file("{}", 3);
  const std::string s = std::to_string(data_start(beyond));
  const auto at = [&](const byte_vector& file, std::size_t offset) {
    return std::to_string(data_start(file) + offset);
  };
  check_rejected({
      {"one offset", one_tensor(f32x2 + "[0]}", 8),
       {"tensor \"w\" has data_offsets [0], expected two non-negative integers [begin, end]"}},
      {"three offsets", one_tensor(f32x2 + "[0,8,8]}", 8), {"has data_offsets [0,8,8], expected"}},
      {"negative end", one_tensor(f32x2 + "[0,-8]}", 8), {"has data_offsets [0,-8], expected"}},
      {"fractional", one_tensor(f32x2 + "[0,8.0]}", 8), {"has data_offsets [0,8.0], expected"}},
      {"not a list", one_tensor(f32x2 + "\"0,8\"}", 8), {"has data_offsets \"0,8\", expected"}},
      {"begin after end", one_tensor(f32x2 + "[8,4]}", 8),
       {"tensor \"w\" has data_offsets [8, 4]: begin is after end"}},
      {"end beyond the data", beyond,
       {"tensor \"w\" has data_offsets [0, 8], whose end is beyond the data buffer: it has 4 bytes "
        "(file bytes " + s + " to " + at(beyond, 4) + ")"}},
      {"size not the shape's", one_tensor(R"({"dtype":"F32","shape":[3],"data_offsets":[0,8]})", 8),
       {"tensor \"w\" has data_offsets [0, 8], which span 8 bytes, but shape [3] of F32 needs 12 "
        "bytes"}},
      {"F16 size", one_tensor(R"({"dtype":"F16","shape":[3],"data_offsets":[0,12]})", 12),
       {"which span 12 bytes, but shape [3] of F16 needs 6 bytes"}},
      {"overlap",
       safetensors_file("{\"a\":" + f32x2 + "[0,8]},\"b\":" + f32x2 + "[4,12]}}", 12),
       {"tensor \"a\" (data_offsets [0, 8]) and tensor \"b\" (data_offsets [4, 12]) overlap"}},
      {"an empty tensor inside another",
       safetensors_file("{\"a\":" + f32x2 + "[0,8]},\"z\":" +
                        R"({"dtype":"F32","shape":[0],"data_offsets":[4,4]}})", 8),
       {"tensor \"a\" (data_offsets [0, 8]) and tensor \"z\" (data_offsets [4, 4]) overlap"}},
      {"the same bytes twice",
       safetensors_file("{\"a\":" + f32x2 + "[0,8]},\"b\":" + f32x2 + "[0,8]}}", 8),
       {"tensor \"a\" (data_offsets [0, 8]) and tensor \"b\" (data_offsets [0, 8]) overlap"}},
      {"gap", gap,
       {"bytes 4 to 8 of the data buffer (file bytes " + at(gap, 4) + " to " + at(gap, 8) +
        ") belong to no tensor: a gap between tensor \"a\" (data_offsets [0, 4]) and tensor "
        "\"b\" (data_offsets [8, 12])"}},
      {"gap first", gap_first,
       {"bytes 0 to 4 of the data buffer (file bytes " + at(gap_first, 0) + " to " +
        at(gap_first, 4) + ") belong to no tensor: a gap before tensor \"b\""}},
      {"trailing bytes", trailing,
       {"bytes 4 to 8 of the data buffer (file bytes " + at(trailing, 4) + " to " +
        at(trailing, 8) +
        ") belong to no tensor: the last one is tensor \"a\" (data_offsets [0, 4])"}},
      {"data but no tensors", no_tensors,
       {"bytes 0 to 3 of the data buffer (file bytes 10 to 13) belong to no tensor: the header "
        "lists no tensors"}},
  });
}

TEST_CASE("safetensors: the writer rejects what it cannot write", "[io][safetensors]") {
  const std::vector<float> six(6);
  const auto error_of = [](const std::vector<TensorToWrite>& tensors,
                           const std::map<std::string, std::string>& metadata = {}) {
    try {
      (void)ctnn::io::write_safetensors(tensors, metadata);
    } catch (const ctnn::error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(error_of({{"w", {2, 3}, std::span(six).first(5)}}),
             Contains("ctnn::io::write_safetensors: tensor \"w\" has shape [2, 3] (6 elements) "
                      "but 5 values"));
  CHECK_THAT(error_of({{"w", {~std::size_t{0}, 2}, six}}),
             Contains("tensor \"w\" has shape [18446744073709551615, 2] (too many elements) but "
                      "6 values"));
  CHECK_THAT(error_of({{"w", {6}, six}, {"w", {2, 3}, six}}),
             Contains("two tensors are named \"w\""));
  CHECK_THAT(error_of({{"__metadata__", {6}, six}}),
             Contains("a tensor cannot be named \"__metadata__\""));
  CHECK_THAT(error_of({{"w\xFF", {6}, six}}),
             Contains("a tensor name is not valid UTF-8 (at byte 1)"));
  CHECK_THAT(error_of({}, {{"k\xC3", "v"}}),
             Contains("a metadata key is not valid UTF-8 (at byte 1)"));
  CHECK_THAT(error_of({}, {{"k", "\xED\xBF\xBF"}}),
             Contains("the metadata value of \"k\" is not valid UTF-8 (at byte 0)"));
}

TEST_CASE("safetensors: files are saved atomically and read back whole", "[io][safetensors]") {
  ctnn_test::temp_dir dir;
  const std::vector<double> values{1.5, -2.25, 1e-300};
  const std::vector<TensorToWrite> tensors{{"v", {3}, values}};
  const byte_vector bytes = ctnn::io::write_safetensors(tensors, {{"epoch", "3"}});
  ctnn::io::save_bytes_atomically(dir / "model.safetensors", bytes);
  const byte_vector loaded = ctnn::io::load_file_bytes(dir / "model.safetensors");
  CHECK(loaded == bytes);
  const SafetensorsView view(loaded, (dir / "model.safetensors").string());
  CHECK(view.read_as<double>(view.at("v")) == values);
  CHECK(view.metadata().at("epoch") == "3");
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path()),
                      std::filesystem::directory_iterator()) == 1);  // no temporary left

  ctnn::io::save_bytes_atomically(dir / "empty", {});
  CHECK(ctnn::io::load_file_bytes(dir / "empty").empty());

  CHECK_THROWS_WITH(ctnn::io::load_file_bytes(dir / "missing.safetensors"),
                    Contains("ctnn::io::load_file_bytes: " +
                             (dir / "missing.safetensors").string() + ": file not found"));
  CHECK_THROWS_WITH(ctnn::io::load_file_bytes(dir.path()),
                    Contains(dir.path().string() + ": is a directory, expected a file"));
  CHECK_THROWS_WITH(ctnn::io::save_bytes_atomically(dir / "no" / "such" / "dir" / "x", bytes),
                    Contains("cannot write") && Contains("x"));
}

TEST_CASE("safetensors: first_non_finite finds NaN and infinities", "[io][safetensors]") {
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> values{0.0, -1e308, 4.9e-324, inf, std::nan("")};
  using ctnn::io::first_non_finite;
  CHECK(first_non_finite(std::span<const double>(values)) == std::optional<std::size_t>(3));
  CHECK(first_non_finite(std::span<const double>(values).first(3)) == std::nullopt);
  const std::vector<float> nan_first{std::nanf(""), 1.0f};
  CHECK(first_non_finite(std::span<const float>(nan_first)) == std::optional<std::size_t>(0));
}

TEST_CASE("safetensors: UTF-8 validation follows Unicode's table of well-formed sequences",
          "[io][safetensors]") {
  using ctnn::detail::invalid_utf8_at;
  CHECK(invalid_utf8_at("") == std::nullopt);
  CHECK(invalid_utf8_at("ascii \x7F") == std::nullopt);
  // U+0080, U+07FF, U+0800, U+D7FF, U+E000, U+FFFF, U+10000, U+10FFFF: the edges of each length.
  CHECK(invalid_utf8_at("\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80\xEF\xBF\xBF"
                        "\xF0\x90\x80\x80\xF4\x8F\xBF\xBF") == std::nullopt);
  CHECK(invalid_utf8_at("a\x80") == std::optional<std::size_t>(1));          // lone continuation
  CHECK(invalid_utf8_at("ab\xC1\xBF") == std::optional<std::size_t>(2));     // overlong U+007F
  CHECK(invalid_utf8_at("\xE0\x9F\xBF") == std::optional<std::size_t>(0));   // overlong U+07FF
  CHECK(invalid_utf8_at("\xED\xA0\x80") == std::optional<std::size_t>(0));   // U+D800
  CHECK(invalid_utf8_at("\xF0\x8F\xBF\xBF") == std::optional<std::size_t>(0));  // overlong
  CHECK(invalid_utf8_at("\xF4\x90\x80\x80") == std::optional<std::size_t>(0));  // U+110000
  CHECK(invalid_utf8_at("\xF5\x80\x80\x80") == std::optional<std::size_t>(0));
  CHECK(invalid_utf8_at("x\xE2\x82") == std::optional<std::size_t>(1));      // cut short
  CHECK(invalid_utf8_at("\xE2\x28\xA1") == std::optional<std::size_t>(0));   // bad continuation
  CHECK(invalid_utf8_at("\xFF") == std::optional<std::size_t>(0));
}

}  // namespace
