// The Fashion-MNIST model compiled into the program: examples/models/fashion_mnist_small.safetensors
// (the demo's small model after its 10 epochs: ctnn_example_fashion_mnist --out DIR) becomes the
// constexpr net `fashion_model` at build time (ctnn_embed_weights in examples/CMakeLists.txt).
// The program opens no model file and parses nothing to classify; a wrong file or net type
// would have stopped the build.
//
//   ctnn_example_embedded [--data DIR] [--compare FILE]
//
// It classifies the 10,000 test images with the embedded net. --compare FILE also loads FILE
// at run time into the same net type and checks that both give the same outputs, to the bit.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <ctnn/ctnn.hpp>

#include "fashion_model.hpp"  // written by the build: inline constexpr FashionNet fashion_model{...}

namespace {

using FashionNet = std::remove_const_t<decltype(fashion_model)>;

// Outputs of `net` for every image of `images`, one row per image.
std::vector<float> outputs_of(const FashionNet& net, const ctnn::data::Dataset<float, std::uint8_t>& images) {
  std::vector<float> outputs;
  outputs.reserve(images.size() * FashionNet::output_size);
  for (std::size_t i = 0; i < images.size(); ++i) {
    const auto y = net.forward(images.features(i));
    outputs.insert(outputs.end(), y.begin(), y.end());
  }
  return outputs;
}

}  // namespace

int main(int argc, char** argv) try {
  std::filesystem::path data = ctnn::data::default_fashion_mnist_dir;
  std::filesystem::path compare;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--data") data = argv[i + 1];
    else if (flag == "--compare") compare = argv[i + 1];
    else throw ctnn::error("unknown option " + flag + " (expected --data or --compare)");
  }
  if (argc % 2 == 0) throw ctnn::error("every option needs a value (--data DIR, --compare FILE)");
  const auto test = ctnn::data::load_mnist(data, "t10k");

  std::size_t correct = 0;
  for (std::size_t i = 0; i < test.size(); ++i) {
    correct += fashion_model.classify(test.features(i)) == test.targets(i)[0];
  }
  std::printf("embedded model (%s): test accuracy %.4f on %zu images\n",
              ctnn::io::architecture<FashionNet>().c_str(),
              static_cast<double>(correct) / static_cast<double>(test.size()), test.size());

  if (!compare.empty()) {
    const auto loaded = std::make_unique<FashionNet>();  // 318 KB: off the stack
    ctnn::io::load_safetensors(*loaded, compare);
    const std::vector<float> a = outputs_of(fashion_model, test);
    const std::vector<float> b = outputs_of(*loaded, test);
    const bool same = std::ranges::equal(std::as_bytes(std::span(a)), std::as_bytes(std::span(b)));
    std::printf("embedded and loaded from %s: %s outputs for all %zu images\n",
                compare.string().c_str(), same ? "the same" : "DIFFERENT", test.size());
    if (!same) return EXIT_FAILURE;
  }
  return EXIT_SUCCESS;
} catch (const std::exception& e) {
  std::cerr << "embedded: " << e.what() << "\n";
  return EXIT_FAILURE;
}
