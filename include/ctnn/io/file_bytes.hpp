#ifndef CTNN_IO_FILE_BYTES_HPP
#define CTNN_IO_FILE_BYTES_HPP

//! @file file_bytes.hpp
//! A whole file as bytes, read in one piece or saved atomically (a failed save leaves any
//! previous file as it was).

#include <ctnn/io/atomic_write.hpp>
#include <ctnn/error.hpp>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace ctnn::io {

//! The bytes of the file at `path`. Throws `ctnn::error` naming the path and the reason when it
//! does not exist, is a directory, cannot be opened or a read fails (with the system's message).
[[nodiscard]] inline std::vector<std::byte> load_file_bytes(const std::filesystem::path& path) {
  const auto fail = [&path](const std::string& reason) -> error {
    return error("ctnn::io::load_file_bytes: " + path.string() + ": " + reason);
  };
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) {
    throw fail("file not found");
  }
  if (std::filesystem::is_directory(status)) {
    throw fail("is a directory, expected a file");
  }
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    throw fail(std::string("cannot open: ") + std::strerror(errno));
  }
  // Read to the end: the size the file system reports is only a first guess, which a file being
  // written (or a special file) may not match.
  const std::uintmax_t reported = std::filesystem::file_size(path, ec);
  std::vector<std::byte> bytes(ec ? 0 : static_cast<std::size_t>(reported) + 1);
  std::size_t size = 0;
  for (;;) {
    if (size == bytes.size()) {
      bytes.resize(size + (std::size_t{1} << 16) + size / 2);
    }
    const std::size_t got = std::fread(bytes.data() + size, 1, bytes.size() - size, file);
    size += got;
    if (got == 0) {
      break;
    }
  }
  const bool failed = std::ferror(file) != 0;
  const int read_errno = errno;
  std::fclose(file);
  if (failed) {
    throw fail("reading failed after " + std::to_string(size) +
               " bytes: " + std::strerror(read_errno));
  }
  bytes.resize(size);
  bytes.shrink_to_fit();
  return bytes;
}

//! Saves `bytes` as the file `path` through ctnn::detail::write_file_atomically: a temporary
//! file in the same directory, synced, then renamed over `path`. Throws `ctnn::error` naming
//! `path` and the reason when that fails; any previous file at `path` is then unchanged.
inline void save_bytes_atomically(const std::filesystem::path& path,
                                  std::span<const std::byte> bytes) {
  ctnn::detail::write_file_atomically(
      path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

}  // namespace ctnn::io

#endif
