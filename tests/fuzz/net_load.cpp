// libFuzzer target: ctnn::io::load_safetensors into a small fixed net, on arbitrary bytes. Every
// input must either be rejected with a ctnn::error that names the input, the net's parameters
// left as they were, or load; a loaded net (every parameter finite, unless allowed otherwise)
// saves to a file that loads back to the same bits, in either numbering. Each input is loaded
// twice: with the default options, and accepting non-finite values and any architecture; and
// once through load_any with two candidates, which must agree with load_safetensors.
// tests/CMakeLists.txt runs it for a fixed number of inputs from the seeds in corpus/net_load/.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include <ctnn/io/load_any.hpp>
#include <ctnn/io/load_net.hpp>
#include <ctnn/io/save_net.hpp>
#include <ctnn/layers/dense.hpp>
#include <ctnn/layers/prelu.hpp>
#include <ctnn/activations/relu.hpp>

namespace {

// Tensors: 0.weight [3, 2], 0.bias [3], 1.weight [3], 2.weight [1, 3], 2.bias [1]; with an
// activation module after the first Dense: 0.*, 2.weight, 3.*.
using Small = ctnn::Net<ctnn::Dense<2, 3, ctnn::ReLU>, ctnn::PReLU<3>, ctnn::Dense<3, 1>>;
// Tensors: 0.weight [3, 2], 0.bias [3], 1.weight [1, 3], 1.bias [1] (or 0.*, 2.*).
using Other = ctnn::Net<ctnn::Dense<2, 3, ctnn::ReLU>, ctnn::Dense<3, 1>>;

constexpr std::string_view input_name = "bytes in memory";

void require(bool condition) {
  if (!condition) std::abort();
}

template <class Net>
bool same_bits(const Net& a, const Net& b) {
  return std::ranges::equal(std::as_bytes(a.parameters()), std::as_bytes(b.parameters()));
}

void check(std::span<const std::byte> bytes, const ctnn::io::NetFileOptions& options) {
  Small net;
  const Small before = net;
  try {
    ctnn::io::load_safetensors(net, bytes, options);
  } catch (const ctnn::error& e) {
    require(std::string_view(e.what()).find(input_name) != std::string_view::npos);
    require(same_bits(net, before));
    return;
  }
  if (!options.allow_non_finite) {
    require(std::ranges::all_of(net.parameters(), [](float v) { return std::isfinite(v); }));
  }
  for (const auto numbering : {ctnn::io::TensorNumbering::as_written,
                               ctnn::io::TensorNumbering::separate_activations}) {
    ctnn::io::NetFileOptions again = options;
    again.numbering = numbering;
    const std::vector<std::byte> saved = ctnn::io::save_safetensors(net, again);
    Small loaded;
    ctnn::io::load_safetensors(loaded, saved, again);
    require(same_bits(net, loaded));
  }
}

// load_any<Small, Other> throws a ctnn::error naming the input, or holds what
// load_safetensors loads into the net type it chose.
void check_any(std::span<const std::byte> bytes) {
  try {
    const auto loaded = ctnn::io::load_any<Small, Other>(bytes);
    std::visit([&](const auto& net) {
      std::remove_cvref_t<decltype(net)> alone;
      ctnn::io::load_safetensors(alone, bytes);
      require(same_bits(net, alone));
    }, loaded);
  } catch (const ctnn::error& e) {
    require(std::string_view(e.what()).find(input_name) != std::string_view::npos);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = std::as_bytes(std::span(data, size));
  check(bytes, {});
  check(bytes, {.allow_non_finite = true, .check_architecture = false});
  check_any(bytes);
  return 0;
}
