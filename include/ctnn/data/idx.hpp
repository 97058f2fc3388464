#ifndef CTNN_DATA_IDX_HPP
#define CTNN_DATA_IDX_HPP

#include <ctnn/data/dataset.hpp>
#include <ctnn/error.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <span>
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

//! Reads IDX data from a file or from memory, plain or gzip-compressed (one gzip member or
//! several, one after the other, as gzip allows), through one parser, and keeps the byte offset
//! (in the decompressed data) for messages. Every error names `what` and the source: the file's
//! path, or the name given to bytes in memory.
class idx_reader {
public:
  //! Reads the file at `path`.
  idx_reader(std::string_view what, const std::filesystem::path& path)
      : what_(what), name_(path.string()) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (!std::filesystem::exists(status)) {
      fail("file not found");
    }
    if (std::filesystem::is_directory(status)) {
      fail("is a directory, expected an IDX file");
    }
    errno = 0;
    file_.open(path, std::ios::binary);
    if (!file_.is_open()) {
      fail(std::string("cannot open: ") + (errno != 0 ? std::strerror(errno) : "unknown error"));
    }
    raw_size_ = std::filesystem::file_size(path, ec);
    if (ec) {
      raw_size_ = 0;  // unknown: no reservation before data arrives
    }
    buffer_.resize(std::size_t{1} << 17);
    start();
  }

  //! Reads `bytes`, named `name` in messages.
  idx_reader(std::string_view what, std::string_view name, std::span<const std::byte> bytes)
      : what_(what),
        name_(name),
        in_(reinterpret_cast<const unsigned char*>(bytes.data())),
        in_left_(bytes.size()),
        raw_size_(bytes.size()) {
    start();
  }

  idx_reader(const idx_reader&) = delete;
  idx_reader& operator=(const idx_reader&) = delete;
  ~idx_reader() {
    if (compressed_) {
      inflateEnd(&stream_);
    }
  }

  //! Reads the magic number and the dimensions, checking both, and returns the dimensions.
  //! `kind` names the file type ("image"); a file with `other_magic` is named an `other_kind` file.
  template <std::size_t Dims>
  std::array<std::uint32_t, Dims> read_header(std::uint32_t expected_magic, const char* kind,
                                              std::uint32_t other_magic, const char* other_kind) {
    std::array<unsigned char, 4 + 4 * Dims> bytes{};
    const std::size_t got = read(bytes.data(), bytes.size());
    if (got == 0) {
      fail("the file is empty (expected an IDX header of " + std::to_string(bytes.size()) +
           " bytes)" + cut_off_note());
    }
    if (got < 4) {
      fail("truncated header (expected a 4-byte magic number, found " + std::to_string(got) +
           " bytes, the file ends at byte offset " + std::to_string(got) + ")" + offset_note() +
           cut_off_note());
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
           ", the file ends at byte offset " + std::to_string(got) + ")" + offset_note() +
           cut_off_note());
    }
    std::array<std::uint32_t, Dims> dims{};
    for (std::size_t d = 0; d < Dims; ++d) {
      dims[d] = big_endian(bytes.data() + 4 + 4 * d);
    }
    return dims;
  }

  //! Reads exactly `size` data bytes and appends `convert(byte)` for each to `out`; `kind` names
  //! the data in the message for a truncated file. A header may claim far more than a short or
  //! corrupt file holds, so `out` reserves only one value per raw byte left in the source (which
  //! plain data fills exactly and gzip data at least about fills), then grows as data arrives, to
  //! at most twice the data read and never beyond `size` values.
  template <class T, class Convert>
  void read_data(std::size_t size, const char* kind, std::vector<T>& out, Convert convert) {
    const std::uint64_t start = offset_;
    const std::uint64_t raw_left = raw_size_ > raw_offset_ ? raw_size_ - raw_offset_ : 0;
    out.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(size, raw_left)));
    std::array<unsigned char, std::size_t{1} << 16> chunk;  // not zeroed: read() fills it
    std::size_t left = size;
    while (left > 0) {
      const std::size_t want = std::min(left, chunk.size());
      const std::size_t got = read(chunk.data(), want);
      if (out.size() + got > out.capacity()) {
        out.reserve(std::min(size, std::max(2 * out.capacity(), out.size() + got)));
      }
      std::transform(chunk.data(), chunk.data() + got, std::back_inserter(out), convert);
      left -= got;
      if (got < want) {
        fail(std::string("truncated ") + kind + " (expected " + std::to_string(size) +
             " bytes from byte offset " + std::to_string(start) + " to " +
             std::to_string(start + size) + ", found " + std::to_string(size - left) +
             ", the file ends at byte offset " + std::to_string(offset_) + ")" + offset_note() +
             cut_off_note());
      }
    }
  }

  //! Throws if anything follows the data, or if the gzip stream ends before its checksum.
  void expect_end() {
    const std::uint64_t end = offset_;
    std::array<unsigned char, 4096> chunk;  // not zeroed: read() fills it
    std::uint64_t extra = 0;
    for (std::size_t got = 0; (got = read(chunk.data(), chunk.size())) > 0;) {
      extra += got;
    }
    if (extra > 0) {
      fail(std::to_string(extra) + " trailing bytes after the data (expected the file to end at " +
           "byte offset " + std::to_string(end) + ", found " + std::to_string(extra) +
           " more bytes at byte offset " + std::to_string(end) + ")" + offset_note());
    }
    if (stream_cut_off_) {
      fail("the gzip stream is cut off after the data (expected the rest of it, with its "
           "checksum, after byte offset " + std::to_string(raw_offset_) +
           " of the compressed file, where the file ends)");
    }
  }

  [[noreturn]] void fail(const std::string& message) const {
    throw error(std::string(what_) + ": " + name_ + ": " + message);
  }

private:
  //! Tells gzip data (the magic bytes 1f 8b) from plain data.
  void start() {
    compressed_ = starts_gzip_member();
    if (compressed_ && inflateInit2(&stream_, 16 + MAX_WBITS) != Z_OK) {  // 16: gzip only
      compressed_ = false;
      fail("cannot read: out of memory (starting zlib's inflate)");
    }
  }

  //! Reads up to `size` bytes of (decompressed) data; fewer only at its end. Throws on corrupt
  //! gzip data and on bytes after the gzip stream that do not start another gzip member.
  std::size_t read(unsigned char* out, std::size_t size) {
    std::size_t total = 0;
    while (total < size && !ended_) {
      std::size_t made = 0;
      bool need_input = false;
      if (compressed_) {
        constexpr std::size_t most = std::numeric_limits<uInt>::max();
        stream_.next_in = const_cast<unsigned char*>(in_);  // zlib only reads through it
        stream_.avail_in = static_cast<uInt>(std::min(in_left_, most));
        stream_.next_out = out + total;
        stream_.avail_out = static_cast<uInt>(std::min(size - total, most));
        const uInt in_before = stream_.avail_in;
        const uInt out_before = stream_.avail_out;
        const int status = inflate(&stream_, Z_NO_FLUSH);
        if (status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR) {
          fail(std::string("cannot read: ") +
               (stream_.msg != nullptr ? stream_.msg : zError(status)) +
               " (reading from byte offset " + std::to_string(offset_) + ")" + offset_note());
        }
        consume(in_before - stream_.avail_in);
        made = out_before - stream_.avail_out;
        need_input = status == Z_BUF_ERROR;  // no progress without more input
        if (status == Z_STREAM_END) {
          next_member();
        }
      } else {
        made = std::min(size - total, in_left_);
        if (made > 0) {
          std::memcpy(out + total, in_, made);
        }
        consume(made);
        need_input = made == 0;
      }
      total += made;
      offset_ += made;
      if (need_input && !refill()) {
        stream_cut_off_ = compressed_;
        break;
      }
    }
    return total;
  }

  //! After the end of a gzip member: the end of the data, another member, or an error.
  void next_member() {
    if (!available(1)) {
      ended_ = true;
    } else if (starts_gzip_member()) {
      inflateReset(&stream_);
    } else {
      const std::uint64_t end = raw_offset_;
      std::uint64_t extra = 0;
      do {
        extra += in_left_;
        consume(in_left_);
      } while (refill());
      fail(std::to_string(extra) + " trailing bytes after the gzip stream (expected the " +
           "compressed file to end at byte offset " + std::to_string(end) +
           ", where the gzip stream ends, or another gzip member to start there; found " +
           std::to_string(extra) + " bytes that do not start with the gzip magic bytes 1f 8b)");
    }
  }

  [[nodiscard]] bool starts_gzip_member() {
    return available(2) && in_[0] == 0x1f && in_[1] == 0x8b;
  }

  //! True if at least `n` (at most the size of the file buffer) raw bytes are at `in_`.
  bool available(std::size_t n) {
    while (in_left_ < n) {
      if (!file_.is_open() || file_.eof()) {
        return false;
      }
      // Keep the bytes left and read more after them.
      if (in_left_ > 0) {
        std::memmove(buffer_.data(), in_, in_left_);
      }
      const std::size_t got = read_file(buffer_.data() + in_left_, buffer_.size() - in_left_);
      in_ = buffer_.data();
      in_left_ += got;
    }
    return true;
  }

  //! Replaces the consumed raw bytes with the next ones from the file; false at its end (and
  //! always for bytes in memory, which are all there from the start).
  bool refill() {
    if (!file_.is_open() || file_.eof()) {
      return false;
    }
    in_ = buffer_.data();
    in_left_ = read_file(buffer_.data(), buffer_.size());
    return in_left_ > 0;
  }

  std::size_t read_file(unsigned char* out, std::size_t size) {
    errno = 0;
    file_.read(reinterpret_cast<char*>(out), static_cast<std::streamsize>(size));
    if (file_.bad()) {
      fail(std::string("cannot read: ") + (errno != 0 ? std::strerror(errno) : "unknown error") +
           " (reading from byte offset " + std::to_string(raw_offset_ + in_left_) +
           " of the file)");
    }
    return static_cast<std::size_t>(file_.gcount());
  }

  void consume(std::size_t n) noexcept {
    in_ += n;
    in_left_ -= n;
    raw_offset_ += n;
  }

  //! For gzip data, says that byte offsets count the decompressed data.
  [[nodiscard]] const char* offset_note() const noexcept {
    return compressed_ ? "; byte offsets count the decompressed data" : "";
  }

  [[nodiscard]] const char* cut_off_note() const noexcept {
    return stream_cut_off_ ? "; the gzip stream is cut off" : "";
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
  std::string name_;
  std::ifstream file_;                 // not open for bytes in memory
  std::vector<unsigned char> buffer_;  // what is read from the file
  const unsigned char* in_ = nullptr;  // the raw bytes not consumed yet ...
  std::size_t in_left_ = 0;            // ... and how many
  std::uint64_t raw_size_ = 0;         // raw bytes in the source (the file's size on disk)
  std::uint64_t raw_offset_ = 0;       // raw bytes consumed (compressed, for gzip data)
  bool compressed_ = false;
  z_stream stream_{};
  bool ended_ = false;  // the last gzip member has ended
  bool stream_cut_off_ = false;
  std::uint64_t offset_ = 0;  // data bytes read (decompressed, for gzip data)
};

inline constexpr std::uint32_t idx_images_magic = 0x00000803;  // unsigned bytes, 3 dimensions
inline constexpr std::uint32_t idx_labels_magic = 0x00000801;  // unsigned bytes, 1 dimension

inline IdxImages read_idx_images(idx_reader& reader) {
  const auto dims = reader.read_header<3>(idx_images_magic, "image", idx_labels_magic, "label");
  IdxImages images;
  images.count = dims[0];
  images.rows = dims[1];
  images.columns = dims[2];
  if (images.rows == 0 || images.columns == 0) {
    reader.fail("empty images (expected at least 1 x 1 pixels, found " +
                std::to_string(images.rows) + " x " + std::to_string(images.columns) +
                " in the header at byte offset 8)");
  }
  const std::size_t most = std::numeric_limits<std::size_t>::max();
  if (images.count > most / images.rows / images.columns) {
    reader.fail("the header's dimensions " + std::to_string(dims[0]) + " x " +
                std::to_string(dims[1]) + " x " + std::to_string(dims[2]) +
                " (at byte offset 4) give more pixels than size_t holds (at most " +
                std::to_string(most) + ")");
  }
  reader.read_data(images.count * images.rows * images.columns, "pixels", images.pixels,
                   [](unsigned char byte) { return static_cast<float>(byte) / 255.0F; });
  reader.expect_end();
  return images;
}

inline std::vector<std::uint8_t> read_idx_labels(idx_reader& reader) {
  const auto dims = reader.read_header<1>(idx_labels_magic, "label", idx_images_magic, "image");
  std::vector<std::uint8_t> labels;
  reader.read_data(dims[0], "labels", labels, [](unsigned char byte) { return byte; });
  reader.expect_end();
  return labels;
}

}  // namespace detail

//! Reads an IDX3 image file of unsigned bytes (magic 0x00000803, dimensions count, rows, columns,
//! then the pixels), plain or gzip-compressed, and scales every pixel to [0, 1] (divides by 255).
//! Throws `ctnn::error` naming the file, what was expected and what was found, for a missing file,
//! a wrong magic number, dimensions whose product overflows `size_t`, a truncated file, trailing
//! bytes after the pixels, corrupt gzip data or bytes after the gzip stream that are not another
//! gzip member. Memory: at first one float per byte of the file (never more than the header's
//! count), then as pixels arrive, at most two floats per pixel read: a header that claims more
//! than the file holds costs nothing beyond that.
[[nodiscard]] inline IdxImages load_idx_images(const std::filesystem::path& path) {
  detail::idx_reader reader("ctnn::data::load_idx_images", path);
  return detail::read_idx_images(reader);
}

//! Reads the bytes of an IDX3 image file from memory, plain or gzip-compressed, as
//! `load_idx_images(path)` does; messages name the bytes `name`.
[[nodiscard]] inline IdxImages load_idx_images(std::span<const std::byte> bytes,
                                               std::string_view name) {
  detail::idx_reader reader("ctnn::data::load_idx_images", name, bytes);
  return detail::read_idx_images(reader);
}

//! Reads an IDX1 label file of unsigned bytes (magic 0x00000801, a count, then the labels), plain
//! or gzip-compressed. Throws `ctnn::error` as `load_idx_images` does.
[[nodiscard]] inline std::vector<std::uint8_t> load_idx_labels(const std::filesystem::path& path) {
  detail::idx_reader reader("ctnn::data::load_idx_labels", path);
  return detail::read_idx_labels(reader);
}

//! Reads the bytes of an IDX1 label file from memory, plain or gzip-compressed, as
//! `load_idx_labels(path)` does; messages name the bytes `name`.
[[nodiscard]] inline std::vector<std::uint8_t> load_idx_labels(std::span<const std::byte> bytes,
                                                               std::string_view name) {
  detail::idx_reader reader("ctnn::data::load_idx_labels", name, bytes);
  return detail::read_idx_labels(reader);
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
