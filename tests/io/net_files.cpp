// Nets saved as safetensors files and loaded back: bit-identical round trips in float and
// double, PyTorch's names, shapes and layout (nn.Linear's weight is W transposed) checked
// against the net's own views, both numberings of nets written with fused activations, and
// the dtypes a load converts.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <span>
#include <string>
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
using ctnn_test::load_error;
using ctnn_test::same_parameters;

// Written without fused activations: element 1 (Tanh) is fused into element 0, element 3
// (Dropout) has no parameters, element 5 is the loss.
template <class T>
using Unfused = BasicNet<T, Dense<5, 7>, Tanh, PReLU<7>, Dropout<10>, Dense<7, 3>, Sigmoid, MSE>;
// The same function and parameters, written with fused activations and no loss.
using Fused = Net<Dense<5, 7, Tanh>, PReLU<7>, Dropout<10>, Dense<7, 3, Sigmoid>>;

std::set<std::string> names(const io::SafetensorsView& view) {
  std::set<std::string> out;
  for (const auto& t : view.tensors()) out.insert(t.name);
  return out;
}

template <class T>
void check_round_trip() {
  Unfused<T> net;
  net.init(11);
  const std::vector<std::byte> file = io::save_safetensors(net);
  Unfused<T> loaded;
  loaded.init(12);
  REQUIRE_FALSE(same_parameters(net, loaded));
  io::load_safetensors(loaded, file);
  CHECK(same_parameters(net, loaded));
  CHECK(io::save_safetensors(loaded) == file);
}

TEST_CASE("net files: save then load gives the same bits, in float and double", "[io]") {
  check_round_trip<float>();
  check_round_trip<double>();
}

TEST_CASE("net files: PyTorch's names, shapes and layout, the net's dtype and architecture",
          "[io]") {
  Unfused<float> net;
  net.init(3);
  net.layer<1>()[4] = -0.75f;  // a PReLU slope other than the initial 0.25
  const std::vector<std::byte> file = io::save_safetensors(net);
  const io::SafetensorsView view(file, "saved");
  CHECK(names(view) == std::set<std::string>{"0.weight", "0.bias", "2.weight", "4.weight",
                                              "4.bias"});
  for (const auto& t : view.tensors()) CHECK(t.dtype == io::Dtype::F32);
  CHECK(view.at("0.weight").shape == std::vector<std::size_t>{7, 5});
  CHECK(view.at("0.bias").shape == std::vector<std::size_t>{7});
  CHECK(view.at("2.weight").shape == std::vector<std::size_t>{7});
  CHECK(view.at("4.weight").shape == std::vector<std::size_t>{3, 7});
  CHECK(view.at("4.bias").shape == std::vector<std::size_t>{3});

  // nn.Linear's weight[out][in] is ctnn's W[in][out].
  const auto w0 = view.read_as<float>(view.at("0.weight"));
  const auto w4 = view.read_as<float>(view.at("4.weight"));
  const auto dense0 = net.layer<0>();
  const auto dense3 = net.layer<3>();
  for (std::size_t out = 0; out < 7; ++out)
    for (std::size_t in = 0; in < 5; ++in) CHECK(w0[out * 5 + in] == dense0.weight(in, out));
  for (std::size_t out = 0; out < 3; ++out)
    for (std::size_t in = 0; in < 7; ++in) CHECK(w4[out * 7 + in] == dense3.weight(in, out));
  const auto b4 = view.read_as<float>(view.at("4.bias"));
  const auto slopes = view.read_as<float>(view.at("2.weight"));
  CHECK(std::ranges::equal(b4, net.layer<3>().bias));
  CHECK(std::ranges::equal(slopes, net.layer<1>()));
  CHECK(slopes[4] == -0.75f);

  CHECK(view.metadata() ==
        std::map<std::string, std::string>{
            {"format", "pt"},
            {"ctnn.architecture", "Dense<5, 7, Tanh>, PReLU<7>, Dropout<10>, Dense<7, 3, Sigmoid>"},
            {"ctnn.architecture.fnv1a64",
             io::hex_digits(io::fnv1a_64(
                 "Dense<5, 7, Tanh>, PReLU<7>, Dropout<10>, Dense<7, 3, Sigmoid>"))}});

  const Unfused<double> as_double(std::array<double, Unfused<double>::parameter_count>{});
  const std::vector<std::byte> double_file = io::save_safetensors(as_double);
  const io::SafetensorsView doubles(double_file, "saved");
  for (const auto& t : doubles.tensors()) CHECK(t.dtype == io::Dtype::F64);
}

TEST_CASE("net files: a net with fused activations saves either numbering and loads both",
          "[io]") {
  Fused net;
  net.init(5);
  const std::vector<std::byte> written = io::save_safetensors(net);
  const std::vector<std::byte> separate =
      io::save_safetensors(net, {.numbering = io::TensorNumbering::separate_activations});
  CHECK(names(io::SafetensorsView(written, "written")) ==
        std::set<std::string>{"0.weight", "0.bias", "1.weight", "3.weight", "3.bias"});
  CHECK(names(io::SafetensorsView(separate, "separate")) ==
        std::set<std::string>{"0.weight", "0.bias", "2.weight", "4.weight", "4.bias"});

  for (const auto* file : {&written, &separate}) {
    Fused loaded;
    loaded.init(6);
    io::load_safetensors(loaded, *file);
    CHECK(same_parameters(net, loaded));
  }
  // The net written without fused activations has the other numbering only, and the same
  // architecture: it loads the separate file, and says what it expected of the other.
  Unfused<float> unfused;
  io::load_safetensors(unfused, separate);
  CHECK(std::ranges::equal(unfused.parameters(), net.parameters()));
  CHECK_THAT(load_error(unfused, written),
             Contains("no tensor \"4.weight\" (layer 3, Dense<7, 3, Sigmoid>), of shape [3, 7]") &&
                 Contains("tensor \"1.weight\" (F32, shape [7]) is no parameter of the net") &&
                 Contains("(the net's tensors, numbered as written: \"0.weight\" [7, 5], "
                          "\"0.bias\" [7], \"2.weight\" [7], \"4.weight\" [3, 7], "
                          "\"4.bias\" [3])"));
}

TEST_CASE("net files: a file without metadata, as PyTorch writes it, loads in either numbering",
          "[io]") {
  // nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)): weight[out][in] row-major.
  const std::vector<float> w0{1, 2, 3, 4, 5, 6};  // rows out = 0, 1, 2; columns in = 0, 1
  const std::vector<float> b0{0.5f, -0.5f, 0.25f};
  const std::vector<float> w2{7, 8, 9};
  const std::vector<float> b2{-1};
  const std::vector<io::TensorToWrite> tensors{
      {"0.weight", {3, 2}, w0}, {"0.bias", {3}, b0}, {"2.weight", {1, 3}, w2}, {"2.bias", {1}, b2}};
  const std::vector<std::byte> file = io::write_safetensors(tensors);

  Net<Dense<2, 3, ReLU>, Dense<3, 1>> fused;
  Net<Dense<2, 3>, ReLU, Dense<3, 1>> unfused;
  io::load_safetensors(fused, file);
  io::load_safetensors(unfused, file);
  CHECK(std::ranges::equal(fused.parameters(), unfused.parameters()));
  const auto layer = fused.layer<0>();
  for (std::size_t out = 0; out < 3; ++out)
    for (std::size_t in = 0; in < 2; ++in) CHECK(layer.weight(in, out) == w0[out * 2 + in]);
  CHECK(std::ranges::equal(layer.bias, b0));
  CHECK(std::ranges::equal(fused.layer<1>().weights, w2));  // [1, 3] and [3][1] agree
  CHECK(fused.layer<1>().bias[0] == -1);
  // relu(W x + b) for x = (1, -1): (-0.5, -1.5, -0.75) + b -> (0, 0, 0); then -1.
  CHECK(fused.forward(std::array<float, 2>{1, -1})[0] == -1);
  // x = (1, 1): (3, 7, 11) + b = (3.5, 6.5, 11.25); 7·3.5 + 8·6.5 + 9·11.25 - 1 = 176.75.
  CHECK(fused.forward(std::array<float, 2>{1, 1})[0] == 176.75f);
}

TEST_CASE("net files: F16, BF16 and F64 load converted to the net's type", "[io]") {
  // 0.weight [2, 2] as F16: 1, -2, 0.5, 0x3555 = 0.333251953125; 0.bias [2] as BF16: 1,
  // 0x4049 = 3.140625; 1.weight [2] as F64: 0.1, -1e-3.
  const std::string header =
      R"({"0.weight":{"dtype":"F16","shape":[2,2],"data_offsets":[16,24]},)"
      R"("0.bias":{"dtype":"BF16","shape":[2],"data_offsets":[24,28]},)"
      R"("1.weight":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}})";
  std::vector<std::uint8_t> data;
  const auto append = [&data](std::uint64_t bits, int bytes) {
    for (int k = 0; k < bytes; ++k) data.push_back(static_cast<std::uint8_t>(bits >> (8 * k)));
  };
  append(std::bit_cast<std::uint64_t>(0.1), 8);
  append(std::bit_cast<std::uint64_t>(-1e-3), 8);
  for (const std::uint64_t half : {0x3C00, 0xC000, 0x3800, 0x3555}) append(half, 2);
  for (const std::uint64_t brain : {0x3F80, 0x4049}) append(brain, 2);
  const auto file = ctnn_test::safetensors_file(header, data);

  Net<Dense<2, 2>, PReLU<2>> net;
  io::load_safetensors(net, file);
  const auto dense = net.layer<0>();
  CHECK(dense.weight(0, 0) == 1.0f);
  CHECK(dense.weight(1, 0) == -2.0f);
  CHECK(dense.weight(0, 1) == 0.5f);
  CHECK(dense.weight(1, 1) == 0.333251953125f);
  CHECK(dense.bias[0] == 1.0f);
  CHECK(dense.bias[1] == 3.140625f);
  CHECK(net.layer<1>()[0] == 0.1f);  // F64 rounded to the nearest float
  CHECK(net.layer<1>()[1] == -1e-3f);

  BasicNet<double, Dense<2, 2>, PReLU<2>> precise;
  io::load_safetensors(precise, file);
  CHECK(precise.layer<1>()[0] == 0.1);
  CHECK(precise.layer<0>().weight(1, 1) == 0.333251953125);
}

TEST_CASE("net files: saved and loaded by path, atomically", "[io]") {
  ctnn_test::temp_dir dir;
  Fused net;
  net.init(8);
  const auto path = dir / "model.safetensors";
  io::save_safetensors(net, path);
  CHECK(io::load_file_bytes(path) == io::save_safetensors(net));
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path()),
                      std::filesystem::directory_iterator()) == 1);  // no temporary left
  Fused loaded;
  io::load_safetensors(loaded, path);
  CHECK(same_parameters(net, loaded));
}

}  // namespace
