// libFuzzer target: ctnn::data::load_idx_images and load_idx_labels on arbitrary bytes (written
// to a file: the loaders read files, plain or gzip-compressed). Every input must either load
// consistently (as many pixels as the header's dimensions say, each in [0, 1]) or be rejected
// with a ctnn::error that names the file; anything else fails. tests/CMakeLists.txt runs it for
// a fixed number of inputs from the seeds in corpus/idx/.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

#include <unistd.h>

#include <ctnn/data/idx.hpp>

namespace {

// The file each input is written to, removed when the fuzzer exits.
struct input_file {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("ctnn_fuzz_idx_" + std::to_string(::getpid()));
  ~input_file() {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
  }
};

const std::filesystem::path& input_path() {
  static const input_file file;
  return file.path;
}

void write_input(const std::uint8_t* data, std::size_t size) {
  std::FILE* file = std::fopen(input_path().c_str(), "wb");
  if (file == nullptr || std::fwrite(data, 1, size, file) != size) std::abort();
  std::fclose(file);
}

void require_names_file(const ctnn::error& e) {
  if (std::string(e.what()).find(input_path().string()) == std::string::npos) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  write_input(data, size);
  try {
    const auto images = ctnn::data::load_idx_images(input_path());
    if (images.pixels.size() != images.count * images.rows * images.columns) std::abort();
    for (const float v : images.pixels)
      if (!(v >= 0 && v <= 1)) std::abort();
  } catch (const ctnn::error& e) {
    require_names_file(e);
  }
  try {
    (void)ctnn::data::load_idx_labels(input_path());
  } catch (const ctnn::error& e) {
    require_names_file(e);
  }
  return 0;
}
