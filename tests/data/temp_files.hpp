#ifndef CTNN_TESTS_DATA_TEMP_FILES_HPP
#define CTNN_TESTS_DATA_TEMP_FILES_HPP

// Helpers for the data tests: a temporary directory removed at the end of the test, and writers
// for plain and gzip-compressed files, so every test file is made from bytes in the test itself.

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <zlib.h>

namespace ctnn_test {

using bytes = std::vector<unsigned char>;

//! A fresh directory under the system's temporary directory, removed with its contents.
class temp_dir {
public:
  temp_dir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "ctnn_data_XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("temp_dir: mkdtemp failed for " + pattern);
    }
    path_ = pattern;
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::filesystem::path operator/(std::string_view name) const {
    return path_ / name;
  }

private:
  std::filesystem::path path_;
};

inline void write_file(const std::filesystem::path& path, const bytes& content) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(content.data()),
            static_cast<std::streamsize>(content.size()));
  if (!out) {
    throw std::runtime_error("write_file: cannot write " + path.string());
  }
}

inline void write_file(const std::filesystem::path& path, std::string_view text) {
  write_file(path, bytes(text.begin(), text.end()));
}

//! Writes `content` gzip-compressed, with zlib's gzwrite (the format of the MNIST downloads).
inline void write_gz(const std::filesystem::path& path, const bytes& content) {
  gzFile file = gzopen(path.c_str(), "wb");
  if (file == nullptr) {
    throw std::runtime_error("write_gz: cannot open " + path.string());
  }
  const int written =
      content.empty() ? 0 : gzwrite(file, content.data(), static_cast<unsigned>(content.size()));
  const int closed = gzclose(file);
  if (written != static_cast<int>(content.size()) || closed != Z_OK) {
    throw std::runtime_error("write_gz: cannot write " + path.string());
  }
}

inline bytes read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

//! The 4 bytes of `value`, most significant first, as IDX stores its magic number and dimensions.
inline void append_big_endian(bytes& out, std::uint32_t value) {
  out.push_back(static_cast<unsigned char>(value >> 24));
  out.push_back(static_cast<unsigned char>(value >> 16));
  out.push_back(static_cast<unsigned char>(value >> 8));
  out.push_back(static_cast<unsigned char>(value));
}

//! An IDX3 image file: magic 0x00000803, then count, rows, columns, then the pixel bytes.
inline bytes idx_images(std::uint32_t count, std::uint32_t rows, std::uint32_t columns,
                        const bytes& pixels) {
  bytes out;
  append_big_endian(out, 0x00000803);
  append_big_endian(out, count);
  append_big_endian(out, rows);
  append_big_endian(out, columns);
  out.insert(out.end(), pixels.begin(), pixels.end());
  return out;
}

//! An IDX1 label file: magic 0x00000801, then count, then the label bytes.
inline bytes idx_labels(std::uint32_t count, const bytes& labels) {
  bytes out;
  append_big_endian(out, 0x00000801);
  append_big_endian(out, count);
  out.insert(out.end(), labels.begin(), labels.end());
  return out;
}

}  // namespace ctnn_test

#endif
