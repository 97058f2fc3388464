#ifndef CTNN_DATA_IDX_HPP
#define CTNN_DATA_IDX_HPP

#include <ctnn/data/dataset.hpp>
#include <ctnn/error.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <zlib.h>

namespace ctnn::data {

//! Where the Debian package `dataset-fashion-mnist` installs Fashion-MNIST, as the four gzip
//! files `{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz`: `load_mnist(default_fashion_mnist_dir,
//! "train")`.
inline constexpr const char* default_fashion_mnist_dir = "/usr/share/datasets/fashion-mnist";

//! The images of an IDX image file: `count` images of `rows x columns` pixels, stored row-major
//! one image after the other (`count x rows x columns`), each pixel scaled from 0..255 to [0, 1].
struct IdxImages {
  std::vector<float> pixels;  //!< `count * rows * columns` values in [0, 1].
  std::size_t count = 0;      //!< The number of images.
  std::size_t rows = 0;       //!< The height of an image, in pixels.
  std::size_t columns = 0;    //!< The width of an image, in pixels.
};

namespace detail {

//! Reads an IDX file through zlib, which reads gzip-compressed and plain files alike, and keeps
//! the byte offset (in the decompressed data) for messages. Every error names `what` and the file.
class idx_reader {
public:
  idx_reader(std::string_view what, const std::filesystem::path& path)
      : what_(what), path_(path) {
    std::error_code ec;
    const auto status = std::filesystem::status(path_, ec);
    if (!std::filesystem::exists(status)) {
      fail("file not found");
    }
    if (std::filesystem::is_directory(status)) {
      fail("is a directory, expected an IDX file");
    }
    errno = 0;
#ifdef _WIN32
    file_ = gzopen_w(path_.c_str(), "rb");
#else
    file_ = gzopen(path_.c_str(), "rb");
#endif
    if (file_ == nullptr) {
      fail(std::string("cannot open: ") + (errno != 0 ? std::strerror(errno) : "out of memory"));
    }
    gzbuffer(file_, 1U << 17);
    compressed_ = gzdirect(file_) == 0;
    file_bytes_ = std::filesystem::file_size(path_, ec);
    if (ec) file_bytes_ = 0;
  }
  idx_reader(const idx_reader&) = delete;
  idx_reader& operator=(const idx_reader&) = delete;
  ~idx_reader() { gzclose_r(file_); }

  //! Reads the magic number and the dimensions, checking both, and returns the dimensions.
  //! `kind` names the file type ("image"); a file with `other_magic` is named an `other_kind` file.
  template <std::size_t Dims>
  std::array<std::uint32_t, Dims> read_header(std::uint32_t expected_magic, const char* kind,
                                              std::uint32_t other_magic, const char* other_kind) {
    std::array<unsigned char, 4 + 4 * Dims> bytes{};
    const std::size_t got = read(bytes.data(), bytes.size());
    if (got == 0) {
      fail("the file is empty (expected an IDX header of " + std::to_string(bytes.size()) +
           " bytes)");
    }
    if (got < 4) {
      fail("truncated header (expected a 4-byte magic number, found " + std::to_string(got) +
           " bytes, the file ends at byte offset " + std::to_string(got) + ")" + offset_note());
    }
    const std::uint32_t magic = big_endian(bytes.data());
    if (magic != expected_magic) {
      std::string message = std::string("wrong magic number, not an IDX ") + kind +
                            " file (expected " + hex(expected_magic) + ", found " + hex(magic) +
                            " at byte offset 0)";
      if (magic == other_magic) {
        message += std::string("; this looks like an IDX ") + other_kind + " file";
      }
      fail(message);
    }
    if (got < bytes.size()) {
      fail("truncated header (expected " + std::to_string(4 * Dims) +
           " bytes of dimensions from byte offset 4, found " + std::to_string(got - 4) +
           ", the file ends at byte offset " + std::to_string(got) + ")" + offset_note());
    }
    std::array<std::uint32_t, Dims> dims{};
    for (std::size_t d = 0; d < Dims; ++d) {
      dims[d] = big_endian(bytes.data() + 4 + 4 * d);
    }
    return dims;
  }

  //! Reads exactly `size` data bytes in chunks, passing each chunk to `sink(bytes, n)`; `kind`
  //! names the data in the message for a truncated file.
  template <class Sink>
  void read_data(std::uint64_t size, const char* kind, Sink&& sink) {
    const std::uint64_t start = offset_;
    std::array<unsigned char, 1U << 16> chunk{};
    std::uint64_t left = size;
    while (left > 0) {
      const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(left, chunk.size()));
      const std::size_t got = read(chunk.data(), want);
      sink(chunk.data(), got);
      left -= got;
      if (got < want) {
        fail(std::string("truncated ") + kind + " (expected " + std::to_string(size) +
             " bytes from byte offset " + std::to_string(start) + " to " +
             std::to_string(start + size) + ", found " + std::to_string(size - left) +
             ", the file ends at byte offset " + std::to_string(offset_) + ")" + offset_note() +
             (stream_cut_off_ ? "; the gzip stream is cut off" : ""));
      }
    }
  }

  //! The most data bytes the file can hold, for reserving memory before reading `claimed` bytes
  //! that a header announced: a header may claim far more than a short or corrupt file holds,
  //! and that must not allocate gigabytes before the "truncated" error. Deflate expands at most
  //! 1032-fold (zlib's technical details).
  [[nodiscard]] std::size_t reservable(std::uint64_t claimed) const {
    const std::uint64_t most = compressed_ ? file_bytes_ * 1032 : file_bytes_;
    return static_cast<std::size_t>(std::min(claimed, most));
  }

  //! Throws if anything follows the data.
  void expect_end() {
    const std::uint64_t end = offset_;
    std::array<unsigned char, 4096> chunk{};
    std::uint64_t extra = 0;
    for (std::size_t got = 0; (got = read(chunk.data(), chunk.size())) > 0;) {
      extra += got;
    }
    if (extra > 0) {
      fail(std::to_string(extra) + " trailing bytes after the data (expected the file to end at " +
           "byte offset " + std::to_string(end) + ", found " + std::to_string(extra) +
           " more bytes at byte offset " + std::to_string(end) + ")" + offset_note());
    }
  }

  [[noreturn]] void fail(const std::string& message) const {
    throw error(std::string(what_) + ": " + path_.string() + ": " + message);
  }

private:
  //! Reads up to `size` bytes; fewer only at the end of the data. Throws on corrupt gzip data.
  std::size_t read(unsigned char* out, std::size_t size) {
    std::size_t total = 0;
    while (total < size) {
      const auto want = static_cast<unsigned>(std::min<std::size_t>(size - total, INT_MAX));
      const int got = gzread(file_, out + total, want);
      if (got < 0) {
        int code = 0;
        const char* const zlib_message = gzerror(file_, &code);
        std::string message = code == Z_ERRNO ? std::strerror(errno) : zlib_message;
        // zlib starts its message with the path, which fail() names already.
        if (const std::string path = path_.string() + ": "; message.starts_with(path)) {
          message.erase(0, path.size());
        }
        fail("cannot read: " + message + " (reading from byte offset " + std::to_string(offset_) +
             ")" + offset_note());
      }
      if (got == 0) {
        int code = 0;
        gzerror(file_, &code);
        stream_cut_off_ = code == Z_BUF_ERROR;
        break;
      }
      total += static_cast<std::size_t>(got);
      offset_ += static_cast<std::uint64_t>(got);
    }
    return total;
  }

  //! For a gzip file, says that byte offsets count the decompressed data.
  [[nodiscard]] const char* offset_note() const noexcept {
    return compressed_ ? "; byte offsets count the decompressed data" : "";
  }

  static std::uint32_t big_endian(const unsigned char* p) noexcept {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) |
           (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
  }

  static std::string hex(std::uint32_t value) {
    std::array<char, 16> text{};
    std::snprintf(text.data(), text.size(), "0x%08X", static_cast<unsigned>(value));
    return text.data();
  }

  std::string_view what_;
  std::filesystem::path path_;
  gzFile file_ = nullptr;
  bool compressed_ = false;
  std::uint64_t file_bytes_ = 0;  // on disk (compressed or not); 0 if unknown
  bool stream_cut_off_ = false;
  std::uint64_t offset_ = 0;
};

inline constexpr std::uint32_t idx_images_magic = 0x00000803;  // unsigned bytes, 3 dimensions
inline constexpr std::uint32_t idx_labels_magic = 0x00000801;  // unsigned bytes, 1 dimension

}  // namespace detail

//! Reads an IDX3 image file of unsigned bytes (magic 0x00000803, dimensions count, rows, columns,
//! then the pixels), plain or gzip-compressed, and scales every pixel to [0, 1] (divides by 255).
//! Throws `ctnn::error` naming the file, what was expected and what was found, for a missing file,
//! a wrong magic number, a truncated file, trailing bytes after the pixels or corrupt gzip data.
[[nodiscard]] inline IdxImages load_idx_images(const std::filesystem::path& path) {
  detail::idx_reader reader("ctnn::data::load_idx_images", path);
  const auto dims = reader.read_header<3>(detail::idx_images_magic, "image",
                                                  detail::idx_labels_magic, "label");
  IdxImages images;
  images.count = dims[0];
  images.rows = dims[1];
  images.columns = dims[2];
  if (images.rows == 0 || images.columns == 0) {
    reader.fail("empty images (expected at least 1 x 1 pixels, found " +
                std::to_string(images.rows) + " x " + std::to_string(images.columns) +
                " in the header at byte offset 8)");
  }
  const std::uint64_t image_size = std::uint64_t{dims[1]} * dims[2];
  if (dims[0] > std::numeric_limits<std::uint64_t>::max() / image_size) {
    reader.fail("the header's dimensions " + std::to_string(dims[0]) + " x " +
                std::to_string(dims[1]) + " x " + std::to_string(dims[2]) + " overflow 64 bits");
  }
  const std::uint64_t size = dims[0] * image_size;
  images.pixels.reserve(reader.reservable(size));
  reader.read_data(size, "pixels", [&](const unsigned char* bytes, std::size_t n) {
    for (std::size_t k = 0; k < n; ++k) {
      images.pixels.push_back(static_cast<float>(bytes[k]) / 255.0F);
    }
  });
  reader.expect_end();
  return images;
}

//! Reads an IDX1 label file of unsigned bytes (magic 0x00000801, a count, then the labels), plain
//! or gzip-compressed. Throws `ctnn::error` as `load_idx_images` does.
[[nodiscard]] inline std::vector<std::uint8_t> load_idx_labels(const std::filesystem::path& path) {
  detail::idx_reader reader("ctnn::data::load_idx_labels", path);
  const auto dims = reader.read_header<1>(detail::idx_labels_magic, "label",
                                                  detail::idx_images_magic, "image");
  std::vector<std::uint8_t> labels;
  labels.reserve(reader.reservable(dims[0]));
  reader.read_data(dims[0], "labels", [&](const unsigned char* bytes, std::size_t n) {
    labels.insert(labels.end(), bytes, bytes + n);
  });
  reader.expect_end();
  return labels;
}

namespace detail {

//! `<dir>/<name>.gz` if it exists, else `<dir>/<name>` if it exists, else an error.
inline std::filesystem::path find_idx_file(const std::filesystem::path& dir,
                                           const std::string& name) {
  std::error_code ec;
  auto gz = dir / (name + ".gz");
  if (std::filesystem::exists(gz, ec)) {
    return gz;
  }
  auto plain = dir / name;
  if (std::filesystem::exists(plain, ec)) {
    return plain;
  }
  throw error("ctnn::data::load_mnist: " + dir.string() + ": file not found (expected " +
              gz.filename().string() + " or " + plain.filename().string() + " in this directory)");
}

}  // namespace detail

//! Reads one set of an MNIST-style dataset (MNIST, Fashion-MNIST, KMNIST) from `dir`:
//! `<dir>/<set>-images-idx3-ubyte[.gz]` and `<dir>/<set>-labels-idx1-ubyte[.gz]`, the `.gz` file
//! first. `set` is "train" or "t10k". The result has one row per image, `rows * columns` features
//! in [0, 1] (784 for 28 x 28) and one label per row.
//! Throws `ctnn::error` for a missing directory or file, for an unknown set name, for a label
//! count that differs from the image count, and for any error of `load_idx_images` and
//! `load_idx_labels`.
//!
//! Example: `auto train = ctnn::data::load_mnist(ctnn::data::default_fashion_mnist_dir, "train");`
[[nodiscard]] inline Dataset<float, std::uint8_t> load_mnist(const std::filesystem::path& dir,
                                                            std::string_view set) {
  const std::string what = "ctnn::data::load_mnist";
  if (set != "train" && set != "t10k") {
    throw error(what + ": unknown set \"" + std::string(set) +
                "\" (expected \"train\" or \"t10k\", the MNIST file name prefixes)");
  }
  std::error_code ec;
  const auto status = std::filesystem::status(dir, ec);
  if (!std::filesystem::exists(status)) {
    throw error(what + ": " + dir.string() + ": directory not found");
  }
  if (!std::filesystem::is_directory(status)) {
    throw error(what + ": " + dir.string() + ": not a directory (expected the directory holding " +
                std::string(set) + "-images-idx3-ubyte[.gz])");
  }
  const auto images_path = detail::find_idx_file(dir, std::string(set) + "-images-idx3-ubyte");
  const auto labels_path = detail::find_idx_file(dir, std::string(set) + "-labels-idx1-ubyte");
  IdxImages images = load_idx_images(images_path);
  std::vector<std::uint8_t> labels = load_idx_labels(labels_path);
  if (labels.size() != images.count) {
    throw error(what + ": " + labels_path.string() +
                ": the label count does not match the images (expected " +
                std::to_string(images.count) + " labels, one per image in " +
                images_path.string() + ", found " + std::to_string(labels.size()) + ")");
  }
  return {std::move(images.pixels), images.rows * images.columns, std::move(labels), 1};
}

}  // namespace ctnn::data

#endif
