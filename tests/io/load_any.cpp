// load_any: a file goes into the one candidate net type it fits, and otherwise the error lists
// what the file holds and why each candidate does not fit.

#include <cstddef>
#include <string>
#include <variant>
#include <cstdint>
#include <vector>

#include <catch2/catch.hpp>

#include <ctnn/core.hpp>
#include <ctnn/io/load_net.hpp>
#include <ctnn/io/save_net.hpp>
#include <ctnn/io/load_any.hpp>

#include "data/temp_files.hpp"
#include "io/net_file_checks.hpp"

namespace {

using namespace ctnn;
using Catch::Contains;
using Catch::StartsWith;

using Tiny = Net<Dense<3, 5, ReLU>, Dense<5, 2>>;
using Wide = Net<Dense<3, 9, ReLU>, Dense<9, 2>>;
using TinyTanh = Net<Dense<3, 5, Tanh>, Dense<5, 2>>;
using Deeper = BasicNet<double, Dense<3, 5, Tanh>, PReLU<5>, Dense<5, 2>>;

template <class Net>
Net net_with_seed(std::uint64_t seed) {
  Net net;
  net.init(seed);
  return net;
}

TEST_CASE("load_any: the variant holds the net the file was saved from", "[io]") {
  const Wide wide = net_with_seed<Wide>(3);
  const auto from_wide = io::load_any<Tiny, Wide, Deeper>(io::save_safetensors(wide));
  REQUIRE(from_wide.index() == 1);
  CHECK(ctnn_test::same_parameters(std::get<Wide>(from_wide), wide));

  const Deeper deeper = net_with_seed<Deeper>(4);
  const auto from_deeper = io::load_any<Tiny, Wide, Deeper>(io::save_safetensors(deeper));
  REQUIRE(from_deeper.index() == 2);
  CHECK(ctnn_test::same_parameters(std::get<Deeper>(from_deeper), deeper));
}

TEST_CASE("load_any: the recorded architecture tells nets of one shape apart", "[io]") {
  const TinyTanh tanh_net = net_with_seed<TinyTanh>(5);
  const auto loaded = io::load_any<Tiny, TinyTanh>(io::save_safetensors(tanh_net));
  REQUIRE(loaded.index() == 1);
  CHECK(ctnn_test::same_parameters(std::get<TinyTanh>(loaded), tanh_net));

  // Without the architecture (a PyTorch file), both fit: an error, not a guess.
  CHECK_THROWS_WITH((io::load_any<Tiny, TinyTanh>(io::save_safetensors(tanh_net),
                                                  {.check_architecture = false})),
                    StartsWith("ctnn::io::load_any: bytes in memory: the file fits more than "
                               "one candidate net: 0 (Dense<3, 5, ReLU>, Dense<5, 2>), 1 "
                               "(Dense<3, 5, Tanh>, Dense<5, 2>); it holds architecture "
                               "\"Dense<3, 5, Tanh>, Dense<5, 2>\" and tensors \"0.bias\" F32 [5], "
                               "\"0.weight\" F32 [5, 3]"));
}

TEST_CASE("load_any: a file that fits no candidate names what it holds and each misfit",
          "[io]") {
  using Other = Net<Dense<4, 5, ReLU>, Dense<5, 2>>;
  const std::vector<std::byte> file = io::save_safetensors(net_with_seed<Other>(6));
  try {
    (void)io::load_any<Tiny, Wide>(file);
    FAIL("no error");
  } catch (const error& e) {
    const std::string message = e.what();
    CHECK_THAT(message, StartsWith("ctnn::io::load_any: bytes in memory: the file fits none of "
                                   "the 2 candidate nets. It holds architecture \"Dense<4, 5, "
                                   "ReLU>, Dense<5, 2>\" and tensors \"0.bias\" F32 [5], \"0.weight\" "
                                   "F32 [5, 4], \"1.bias\" F32 [2], \"1.weight\" F32 [2, 5]. "
                                   "Candidate 0 (Dense<3, 5, ReLU>, Dense<5, 2>): the file "
                                   "was saved from another architecture"));
    CHECK_THAT(message, Contains(" Candidate 1 (Dense<3, 9, ReLU>, Dense<9, 2>): the file was "
                                 "saved from another architecture"));
  }
  // Without the architecture check, the misfits are the tensors' shapes.
  CHECK_THROWS_WITH(io::load_any<Tiny>(file, {.check_architecture = false}),
                    Contains("Candidate 0 (Dense<3, 5, ReLU>, Dense<5, 2>): the file does not "
                             "fit the net: tensor \"0.weight\" (layer 0, Dense<3, 5, ReLU>) has "
                             "shape [5, 4] in the file, the net's is [5, 3]"));
}

TEST_CASE("load_any: from a path, which errors name", "[io]") {
  const ctnn_test::temp_dir dir;
  const auto path = dir.path() / "model.safetensors";
  const Tiny tiny = net_with_seed<Tiny>(8);
  io::save_safetensors(tiny, path);
  const auto loaded = io::load_any<Wide, Tiny>(path);
  REQUIRE(loaded.index() == 1);
  CHECK(ctnn_test::same_parameters(std::get<Tiny>(loaded), tiny));
  CHECK_THROWS_WITH(io::load_any<Wide>(path),
                    StartsWith("ctnn::io::load_any: " + path.string() + ": the file fits none"));
  CHECK_THROWS_WITH(io::load_any<Wide>(dir.path() / "missing.safetensors"),
                    Contains("missing.safetensors"));
}

}  // namespace
