#ifndef CTNN_IO_ATOMIC_WRITE_HPP
#define CTNN_IO_ATOMIC_WRITE_HPP

//! @file atomic_write.hpp
//! Saving a file so that a failed save never destroys the previous one: write a temporary file
//! in the same directory, flush and sync it, then rename it over the target. Everything ctnn
//! writes (histories, plots, models) goes through here. POSIX only (open, write, fsync).

#include <ctnn/error.hpp>

#include <atomic>
#include <cerrno>
#include <concepts>
#include <cstddef>
#include <cstring>
#include <exception>
#include <filesystem>
#include <functional>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ctnn::detail {

//! An output stream buffer over a POSIX file descriptor that remembers the errno of the first
//! failed write(), so that the error message can say why ("No space left on device").
class fd_output_buffer : public std::streambuf {
public:
  explicit fd_output_buffer(int fd) : fd_(fd), buffer_(std::size_t{1} << 16) {
    setp(buffer_.data(), buffer_.data() + buffer_.size());
  }
  fd_output_buffer(const fd_output_buffer&) = delete;
  fd_output_buffer& operator=(const fd_output_buffer&) = delete;

  //! The errno of the first failed write, or 0.
  int error() const noexcept { return errno_; }

protected:
  int_type overflow(int_type ch) override {
    if (sync() != 0) {
      return traits_type::eof();
    }
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }

  int sync() override {
    if (errno_ != 0) {
      return -1;
    }
    const char* data = pbase();
    auto remaining = static_cast<std::size_t>(pptr() - pbase());
    while (remaining > 0) {
      const ::ssize_t written = ::write(fd_, data, remaining);
      if (written < 0) {
        if (errno == EINTR) {
          continue;
        }
        errno_ = errno;
        return -1;
      }
      data += written;
      remaining -= static_cast<std::size_t>(written);
    }
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return 0;
  }

private:
  int fd_;
  int errno_ = 0;
  std::vector<char> buffer_;
};

//! A number that makes each temporary file name of this process unique.
inline std::atomic<unsigned long> temporary_file_counter{0};

//! Writes a file by calling `write(stream)` on a stream into a temporary file in the target's
//! directory, then, if that succeeded, syncs it and renames it over `target`. Either `target`
//! afterwards holds everything `write` wrote, or it is untouched (a previous file stays as it
//! was) and no temporary file is left behind.
//!
//! - If `target` already exists, the new file gets its permission bits.
//! - If `target` is a symbolic link, the link itself is replaced, not the file it points to.
//! - If `write` throws, that exception propagates unchanged after the clean-up, unless the
//!   stream had failed to write to the disk first: then the `ctnn::error` below is thrown.
//!
//! Throws `ctnn::error` naming `target` and the reason (the system's message for errno) when
//! the temporary cannot be created, a write, sync or close fails, `write` leaves the stream in
//! a failed state, or the rename fails.
template <class F>
requires std::invocable<F&, std::ostream&>
void write_file_atomically(const std::filesystem::path& target, F&& write) {
  namespace fs = std::filesystem;
  const auto fail = [&target](const std::string& reason) -> error {
    return error("ctnn: cannot write \"" + target.string() + "\": " + reason +
                 " (any previous file there is unchanged)");
  };
  if (!target.has_filename()) {
    throw fail("the path does not end in a file name");
  }
  const fs::path directory = target.has_parent_path() ? target.parent_path() : fs::path(".");

  // Create the temporary with O_EXCL, so it can never be someone else's file.
  fs::path temporary;
  int fd = -1;
  for (int attempt = 0; fd < 0; ++attempt) {
    // Appended piece by piece: g++ 12 at -O3 warns falsely (-Wrestrict, GCC bug 105651) about
    // "literal" + std::string here, in every program that includes this header.
    std::string name = ".";
    name += target.filename().string();
    name += ".tmp.";
    name += std::to_string(::getpid());
    name += '.';
    name += std::to_string(temporary_file_counter.fetch_add(1));
    temporary = directory / name;
    fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && (errno != EEXIST || attempt >= 100)) {
      throw fail("cannot create a temporary file \"" + temporary.string() +
                 "\": " + std::strerror(errno));
    }
  }
  const auto remove_temporary = [&]() noexcept {
    if (fd >= 0) {
      ::close(fd);
      fd = -1;
    }
    std::error_code ignored;
    fs::remove(temporary, ignored);
  };

  struct ::stat existing {};
  if (::stat(target.c_str(), &existing) == 0 && S_ISREG(existing.st_mode)) {
    ::fchmod(fd, existing.st_mode & 07777);  // best effort: keep the old file's permissions
  }

  fd_output_buffer buffer(fd);
  std::ostream stream(&buffer);
  try {
    std::invoke(write, stream);
  } catch (...) {
    const int write_error = buffer.error();
    remove_temporary();
    if (write_error != 0) {
      throw fail(std::string("writing failed: ") + std::strerror(write_error));
    }
    throw;
  }
  stream.flush();
  if (buffer.error() != 0) {
    const int write_error = buffer.error();
    remove_temporary();
    throw fail(std::string("writing failed: ") + std::strerror(write_error));
  }
  if (!stream) {
    remove_temporary();
    throw fail("the stream was left in a failed state while writing");
  }
  if (::fsync(fd) != 0) {
    const int sync_error = errno;
    remove_temporary();
    throw fail(std::string("fsync failed: ") + std::strerror(sync_error));
  }
  const int close_result = ::close(fd);
  fd = -1;
  if (close_result != 0) {
    const int close_error = errno;
    remove_temporary();
    throw fail(std::string("close failed: ") + std::strerror(close_error));
  }

  std::error_code rename_error;
  fs::rename(temporary, target, rename_error);
  if (rename_error) {
    remove_temporary();
    throw fail("cannot rename the temporary file over it: " + rename_error.message());
  }

  // Best effort: make the rename itself durable. The file is complete whatever happens here.
  const int directory_fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (directory_fd >= 0) {
    ::fsync(directory_fd);
    ::close(directory_fd);
  }
}

//! Writes `contents` to `target` with the guarantees of the overload above.
inline void write_file_atomically(const std::filesystem::path& target, std::string_view contents) {
  write_file_atomically(target, [contents](std::ostream& out) {
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  });
}

}  // namespace ctnn::detail

#endif
