// Every way a file can fail to fit a net, each a ctnn::error that names the source, the tensor
// and both shapes, dtypes or architectures, after which the net's parameters are unchanged; and
// a save that fails, after which a previous file is unchanged.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include <ctnn/core.hpp>
#include <ctnn/io/load_net.hpp>
#include <ctnn/io/save_net.hpp>

#include "data/temp_files.hpp"
#include "io/net_file_checks.hpp"
#include "io/safetensors_bytes.hpp"

namespace {

using namespace ctnn;
using Catch::Contains;
using Catch::StartsWith;
using ctnn::io::NetFileOptions;
using ctnn::io::TensorToWrite;
using ctnn_test::load_error;

// Tensors as written: 0.weight [2, 3], 0.bias [2], 1.weight [2], 2.weight [1, 2], 2.bias [1].
using Small = Net<Dense<3, 2, ReLU>, PReLU<2>, Dense<2, 1>>;

// A file's tensors by name: shape and values, F32 or F64.
template <class T>
using tensor_map = std::map<std::string, std::pair<std::vector<std::size_t>, std::vector<T>>>;

tensor_map<float> small_tensors() {
  return {{"0.weight", {{2, 3}, {1, 2, 3, 4, 5, 6}}},
          {"0.bias", {{2}, {0.5f, -0.5f}}},
          {"1.weight", {{2}, {0.25f, 0.125f}}},
          {"2.weight", {{1, 2}, {-1, 1}}},
          {"2.bias", {{1}, {2}}}};
}

template <class T>
std::vector<std::byte> file_of(const tensor_map<T>& tensors,
                               const std::map<std::string, std::string>& metadata = {}) {
  std::vector<TensorToWrite> entries;
  for (const auto& [name, tensor] : tensors)
    entries.push_back({name, tensor.first, std::span<const T>(tensor.second)});
  return io::write_safetensors(entries, metadata);
}

Small small_net() {
  Small net;
  net.init(7);
  return net;
}

constexpr std::string_view prefix = "ctnn::io::load_safetensors: bytes in memory: ";

TEST_CASE("net file errors: the file loads as it is", "[io]") {
  Small net = small_net();
  CHECK(load_error(net, file_of(small_tensors())) == "no error");
  CHECK(net.layer<0>().weight(2, 1) == 6);
}

TEST_CASE("net file errors: a missing tensor", "[io]") {
  Small net = small_net();
  auto tensors = small_tensors();
  tensors.erase("2.bias");
  CHECK_THAT(load_error(net, file_of(tensors)),
             StartsWith(std::string(prefix) + "the file does not fit the net: no tensor "
                                               "\"2.bias\" (layer 2, Dense<2, 1>), of shape [1] "
                                               "(the net's tensors, numbered as written: "
                                               "\"0.weight\" [2, 3], \"0.bias\" [2], "
                                               "\"1.weight\" [2], \"2.weight\" [1, 2], "
                                               "\"2.bias\" [1])"));
}

TEST_CASE("net file errors: a tensor that is not the net's", "[io]") {
  Small net = small_net();
  auto tensors = small_tensors();
  tensors["3.weight"] = {{4}, {1, 2, 3, 4}};
  CHECK_THAT(load_error(net, file_of(tensors)),
             StartsWith(std::string(prefix) +
                        "the file does not fit the net: tensor \"3.weight\" (F32, shape [4]) is "
                        "no parameter of the net (the net's tensors"));
}

TEST_CASE("net file errors: a tensor of another shape", "[io]") {
  Small net = small_net();
  auto tensors = small_tensors();
  tensors["0.weight"].first = {3, 2};  // ctnn's W[in][out] instead of PyTorch's [out, in]
  tensors["1.weight"] = {{1}, {0.25f}};
  CHECK_THAT(load_error(net, file_of(tensors)),
             StartsWith(std::string(prefix)) &&
                 Contains("tensor \"0.weight\" (layer 0, Dense<3, 2, ReLU>) has shape [3, 2] in "
                          "the file, the net's is [2, 3]; tensor \"1.weight\" (layer 1, "
                          "PReLU<2>) has shape [1] in the file, the net's is [2]"));
}

TEST_CASE("net file errors: a dtype that is not floating-point", "[io]") {
  Net<PReLU<2>> net;
  for (const std::string dtype : {"I32", "U32"}) {
    const auto file = ctnn_test::safetensors_file(
        R"({"0.weight":{"dtype":")" + dtype + R"(","shape":[2],"data_offsets":[0,8]}})", 8);
    CHECK(load_error(net, file) ==
          std::string(prefix) + "the file does not fit the net: tensor \"0.weight\" (layer 0, "
                                "PReLU<2>) has dtype " + dtype +
              ", which ctnn does not read (F32, F64, F16 and BF16, converted to float) (the net's "
              "tensors, numbered as written: \"0.weight\" [2])");
  }
  BasicNet<double, PReLU<2>> precise;
  CHECK_THAT(load_error(precise, ctnn_test::safetensors_file(
                                     R"({"0.weight":{"dtype":"U8","shape":[2],)"
                                     R"("data_offsets":[0,2]}})", 2)),
             Contains("has dtype U8, which ctnn does not read (F32, F64, F16 and BF16, converted "
                      "to double)"));
}

TEST_CASE("net file errors: NaN and infinities, unless allowed", "[io]") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  Small net = small_net();
  auto tensors = small_tensors();
  tensors["0.weight"].second[4] = nan;
  CHECK(load_error(net, file_of(tensors)) ==
        std::string(prefix) + "tensor \"0.weight\" (layer 0, Dense<3, 2, ReLU>) is nan at "
                              "element 4 (index [1, 1]) (NetFileOptions::allow_non_finite loads "
                              "it)");
  tensors = small_tensors();
  tensors["0.bias"].second[1] = -inf;
  CHECK_THAT(load_error(net, file_of(tensors)),
             Contains("tensor \"0.bias\" (layer 0, Dense<3, 2, ReLU>) is -inf at element 1 "
                      "(index [1])"));

  // Finite in the file, but beyond float's range.
  tensor_map<double> wide;
  for (const auto& [name, tensor] : small_tensors())
    wide[name] = {tensor.first, std::vector<double>(tensor.second.begin(), tensor.second.end())};
  wide["2.weight"].second[1] = 1e300;
  CHECK_THAT(load_error(net, file_of(wide)),
             Contains("tensor \"2.weight\" (layer 2, Dense<2, 1>) is 1e+300 at element 1 (index "
                      "[0, 1]), beyond the range of float"));
  BasicNet<double, Dense<3, 2, ReLU>, PReLU<2>, Dense<2, 1>> precise;
  io::load_safetensors(precise, file_of(wide));
  CHECK(precise.layer<2>().weights[1] == 1e300);

  tensors["0.weight"].second[4] = nan;
  io::load_safetensors(net, file_of(tensors), {.allow_non_finite = true});
  CHECK(std::isnan(net.layer<0>().weight(1, 1)));
  CHECK(net.layer<0>().bias[1] == -inf);
}

TEST_CASE("net file errors: another architecture, named with both", "[io]") {
  Small net = small_net();
  Net<Dense<3, 2, Tanh>, PReLU<2>, Dense<2, 1>> other;
  other.init(9);
  const auto file = io::save_safetensors(other);
  const std::string message = load_error(net, file);
  CHECK(message ==
        std::string(prefix) + "the file was saved from another architecture: the file's is "
                              "\"Dense<3, 2, Tanh>, PReLU<2>, Dense<2, 1>\" (hash \"" +
            io::architecture_hash<decltype(other)>() +
            "\"), the net's \"Dense<3, 2, ReLU>, PReLU<2>, Dense<2, 1>\" (hash \"" +
            io::architecture_hash<Small>() +
            "\"); NetFileOptions::check_architecture = false loads it if its tensors fit");
  CHECK(io::architecture_hash<Small>() != io::architecture_hash<decltype(other)>());

  io::load_safetensors(net, file, {.check_architecture = false});
  CHECK(std::ranges::equal(net.parameters(), other.parameters()));

  // A hash alone is checked too.
  net = small_net();
  CHECK_THAT(load_error(net, file_of(small_tensors(),
                                     {{"ctnn.architecture.fnv1a64", "0123456789abcdef"}})),
             Contains("the file's is not recorded (hash \"0123456789abcdef\"), the net's "
                      "\"Dense<3, 2, ReLU>, PReLU<2>, Dense<2, 1>\""));
  // Other metadata is no architecture.
  CHECK(load_error(net, file_of(small_tensors(), {{"format", "pt"}, {"epoch", "3"}})) ==
        "no error");
}

TEST_CASE("net file errors: a malformed file, named by its path", "[io]") {
  Small net = small_net();
  auto file = file_of(small_tensors());
  file.pop_back();
  CHECK_THAT(load_error(net, file),
             StartsWith("ctnn::io::SafetensorsView: bytes in memory: ") &&
                 Contains("beyond the data buffer"));

  ctnn_test::temp_dir dir;
  const auto path = dir / "model.safetensors";
  CHECK_THAT(load_error(net, path),
             Contains("ctnn::io::load_file_bytes: " + path.string() + ": file not found"));
  io::save_bytes_atomically(path, file);
  CHECK_THAT(load_error(net, path), StartsWith("ctnn::io::SafetensorsView: " + path.string()));
  auto tensors = small_tensors();
  tensors.erase("0.bias");
  io::save_bytes_atomically(path, file_of(tensors));
  CHECK_THAT(load_error(net, path),
             StartsWith("ctnn::io::load_safetensors: " + path.string() +
                        ": the file does not fit the net: no tensor \"0.bias\""));
}

TEST_CASE("net file errors: a failed save leaves the previous file as it was", "[io]") {
  ctnn_test::temp_dir dir;
  const auto path = dir / "model.safetensors";
  Small net = small_net();
  io::save_safetensors(net, path);
  const auto previous = io::load_file_bytes(path);

  net.layer<2>().weight(1, 0) = std::numeric_limits<float>::quiet_NaN();
  CHECK_THROWS_WITH(io::save_safetensors(net, path),
                    "ctnn::io::save_safetensors: " + path.string() +
                        ": tensor \"2.weight\" (layer 2, Dense<2, 1>) is nan at element 1 (index "
                        "[0, 1]); nothing was written (NetFileOptions::allow_non_finite saves "
                        "it)");
  CHECK_THROWS_WITH(io::save_safetensors(net),
                    StartsWith("ctnn::io::save_safetensors: bytes in memory: tensor \"2.weight\""));
  CHECK(io::load_file_bytes(path) == previous);

  // A directory where the file should go: the rename fails, the directory stays.
  std::filesystem::create_directory(dir / "taken");
  const Small finite = small_net();
  CHECK_THROWS_WITH(io::save_safetensors(finite, dir / "taken"),
                    Contains("cannot write \"" + (dir / "taken").string()));
  CHECK(std::filesystem::is_directory(dir / "taken"));
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path()),
                      std::filesystem::directory_iterator()) == 2);  // no temporary left

  io::save_safetensors(net, path, {.allow_non_finite = true});
  Small loaded = small_net();
  io::load_safetensors(loaded, path, {.allow_non_finite = true});
  CHECK(std::isnan(loaded.layer<2>().weight(1, 0)));
}

}  // namespace
