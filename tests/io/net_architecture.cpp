// A net's architecture as a file records it (every element's name, the FNV-1a hash), and the
// parameter tensors of the layer contract: a layer of the test's own, unknown to io/, saved and
// loaded through its declaration alone.

#include <array>
#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <ctnn/core.hpp>
#include <ctnn/io/load_net.hpp>
#include <ctnn/io/save_net.hpp>

#include "io/net_file_checks.hpp"

namespace {

using namespace ctnn;
using io::architecture;

// y = scale ⊙ x + shift over N values; its slice holds the shifts first, then the scales, and
// the file names them "scale" and "shift" in that order. No name(): described by its sizes.
template <std::size_t N>
struct ScaleShift {
  static constexpr std::size_t in_size = N, out_size = N;
  static constexpr std::size_t parameter_count = 2 * N, weight_count = 0;
  static constexpr std::array parameter_tensors{
      ParameterTensor{.name = "scale", .shape = {N}, .offset = N},
      ParameterTensor{.name = "shift", .shape = {N}, .offset = 0},
  };
  template <class T>
  static constexpr void forward_scalar(const T* p, const T* x, T* y) {
    for (std::size_t j = 0; j < N; ++j) y[j] = p[N + j] * x[j] + p[j];
  }
  template <class T>
  static void forward(const T* p, const T* x, std::size_t rows, T* y) {
    for (std::size_t r = 0; r < rows; ++r) forward_scalar(p, x + r * N, y + r * N);
  }
  template <class T>
  static void init(T* p, InitRandom&) {
    for (std::size_t j = 0; j < 2 * N; ++j) p[j] = T(j < N ? 0 : 1);
  }
};
static_assert(Layer<ScaleShift<3>> && DeclaresParameterTensors<ScaleShift<3>>);

// An activation without name().
struct Cube {
  static constexpr Init init = Init::glorot_uniform;
  static constexpr bool trainable = false;
  template <class V>
  static V f(V a) {
    return a * a * a;
  }
};

TEST_CASE("architecture: FNV-1a 64 of the published test vectors", "[io]") {
  CHECK(io::hex_digits(io::fnv1a_64("")) == "cbf29ce484222325");
  CHECK(io::hex_digits(io::fnv1a_64("a")) == "af63dc4c8601ec8c");
  CHECK(io::hex_digits(io::fnv1a_64("foobar")) == "85944171f73967e8");
  CHECK(io::hex_digits(0x0123456789abcdefu) == "0123456789abcdef");
}

TEST_CASE("architecture: the layers by name, after fusion, without loss or scalar type",
          "[io]") {
  using Mlp = Net<Dense<784, 100, Sigmoid>, Dense<100, 10>, SoftmaxCE>;
  CHECK(architecture<Mlp>() == "Dense<784, 100, Sigmoid>, Dense<100, 10>");
  CHECK(io::architecture_hash<Mlp>() ==
        io::hex_digits(io::fnv1a_64("Dense<784, 100, Sigmoid>, Dense<100, 10>")));
  CHECK(architecture<Net<Dense<784, 100>, Sigmoid, Dense<100, 10>>>() == architecture<Mlp>());
  CHECK(architecture<BasicNet<double, Dense<784, 100, Sigmoid>, Dense<100, 10>, MSE>>() ==
        architecture<Mlp>());

  CHECK(architecture<Net<Dense<3, 4, Tanh>, ReLU, PReLU<4>, GELU, Dropout<25>, Dense<4, 5, SiLU>,
                         Dense<5, 6, GELUTanh>, Dense<6, 7, Softplus>, Dense<7, 2, LeakyReLU>,
                         Dense<2, 2, LeakyReLUWithSlope<1, 5>>, Dense<2, 1, Step>, Identity>>() ==
        "Dense<3, 4, Tanh>, ReLU, PReLU<4>, GELU, Dropout<25>, Dense<4, 5, SiLU>, "
        "Dense<5, 6, GELUTanh>, Dense<6, 7, Softplus>, Dense<7, 2, LeakyReLU>, "
        "Dense<2, 2, LeakyReLUWithSlope<1, 5>>, Dense<2, 1, Step>, Identity");
  CHECK(architecture<Net<Dense<2, 1, Sigmoid>, BCE>>() == "Dense<2, 1, Sigmoid>");
  CHECK(architecture<Net<Dense<2, 3, Cube>, ScaleShift<3>>>() ==
        "Dense<2, 3, unnamed element>, unnamed layer<3, 3, 6 parameters>");
}

TEST_CASE("parameter tensors: a declaration must cover the layer's slice exactly", "[io]") {
  using P = ParameterTensor;
  static_assert(parameter_tensors_cover(Dense<4, 3>::parameter_tensors, 15));
  static_assert(parameter_tensors_cover(PReLU<5>::parameter_tensors, 5));
  static_assert(parameter_tensors_cover(ScaleShift<2>::parameter_tensors, 4));
  static_assert(parameter_tensors_cover(std::array<P, 0>{}, 0));
  static_assert(parameter_tensors_cover(std::array{P{.name = "s", .shape = {}}}, 1));
  static_assert(!parameter_tensors_cover(Dense<4, 3>::parameter_tensors, 16));  // a gap
  static_assert(!parameter_tensors_cover(Dense<4, 3>::parameter_tensors, 14));  // beyond it
  static_assert(!parameter_tensors_cover(  // overlapping
      std::array{P{.name = "a", .shape = {2}}, P{.name = "b", .shape = {2}, .offset = 1}}, 3));
  static_assert(!parameter_tensors_cover(  // the same name twice
      std::array{P{.name = "a", .shape = {2}}, P{.name = "a", .shape = {2}, .offset = 2}}, 4));
  static_assert(!parameter_tensors_cover(std::array{P{.name = "", .shape = {2}}}, 2));
  static_assert(!parameter_tensors_cover(std::array{P{.name = "a.b", .shape = {2}}}, 2));
  static_assert(!parameter_tensors_cover(  // transposed, but not of two extents
      std::array{P{.name = "a", .shape = {2}, .transposed = true}}, 2));
  static_assert(TensorShape{2, 3, 4}.element_count() == 24 && TensorShape{}.element_count() == 1);
  CHECK_THROWS_WITH(TensorShape({1, 2, 3, 4, 5}), "ctnn::TensorShape: at most 4 extents");
}

TEST_CASE("parameter tensors: a layer unknown to io/ saves and loads through its declaration",
          "[io]") {
  using Scaled = Net<Dense<2, 3>, Tanh, ScaleShift<3>, Dense<3, 1>>;
  Scaled net;
  net.init(4);
  auto slice = net.parameters().subspan(Scaled::parameter_offset(1), 6);
  const std::array<float, 6> shifts_then_scales{0.5f, -1, 2, 3, 4, -5};
  std::ranges::copy(shifts_then_scales, slice.begin());

  const auto file = io::save_safetensors(net);
  const io::SafetensorsView view(file, "saved");
  std::set<std::string> names;
  for (const auto& t : view.tensors()) names.insert(t.name);
  CHECK(names == std::set<std::string>{"0.weight", "0.bias", "2.scale", "2.shift", "3.weight",
                                       "3.bias"});
  CHECK(view.read_as<float>(view.at("2.scale")) == std::vector<float>{3, 4, -5});
  CHECK(view.read_as<float>(view.at("2.shift")) == std::vector<float>{0.5f, -1, 2});
  CHECK(view.metadata().at("ctnn.architecture") ==
        "Dense<2, 3, Tanh>, unnamed layer<3, 3, 6 parameters>, Dense<3, 1>");

  Scaled loaded;
  io::load_safetensors(loaded, file);
  CHECK(ctnn_test::same_parameters(net, loaded));
}

}  // namespace
