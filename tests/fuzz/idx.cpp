// libFuzzer target: ctnn::data::load_idx_images and load_idx_labels on arbitrary bytes, read from
// memory by the parser that reads files (gzip-compressed inputs, which start with 1f 8b, are
// inflated as a file's would be). Every input must either load consistently (as many pixels as
// the header's dimensions say, each in [0, 1]) or be rejected with a ctnn::error that names the
// input; anything else fails. tests/CMakeLists.txt runs it for a fixed number of inputs from the
// seeds in corpus/idx/.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>

#include <ctnn/data/idx.hpp>

namespace {

constexpr std::string_view input_name = "fuzz input";

void require_names_input(const ctnn::error& e) {
  if (std::string_view(e.what()).find(input_name) == std::string_view::npos) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = std::as_bytes(std::span(data, size));
  try {
    const auto images = ctnn::data::load_idx_images(bytes, input_name);
    if (images.pixels.size() != images.count * images.rows * images.columns) std::abort();
    for (const float v : images.pixels)
      if (!(v >= 0 && v <= 1)) std::abort();
  } catch (const ctnn::error& e) {
    require_names_input(e);
  }
  try {
    (void)ctnn::data::load_idx_labels(bytes, input_name);
  } catch (const ctnn::error& e) {
    require_names_input(e);
  }
  return 0;
}
