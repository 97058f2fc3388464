// Tests of include/ctnn/io/atomic_write.hpp: a save either completes or leaves the previous
// file as it was, with no temporary file left behind.

#include <ctnn/io/atomic_write.hpp>

#include "report_test_support.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>

#include <sys/stat.h>

using Catch::Matchers::Contains;
using ctnn_test::read_whole_file;
using ctnn_test::temporary_directory;
using ctnn_test::write_plain_file;

TEST_CASE("write_file_atomically creates a new file with exactly the contents",
          "[report][atomic_write]") {
  temporary_directory dir;
  const auto target = dir.path() / "new.txt";
  ctnn::detail::write_file_atomically(target, "first line\nsecond line\n");
  CHECK(read_whole_file(target) == "first line\nsecond line\n");
  CHECK(dir.entries() == std::vector<std::string>{"new.txt"});
}

TEST_CASE("write_file_atomically replaces an existing file", "[report][atomic_write]") {
  temporary_directory dir;
  const auto target = dir.path() / "model.bin";
  write_plain_file(target, "the old contents, longer than the new ones");
  ctnn::detail::write_file_atomically(target, [](std::ostream& out) { out << "new " << 42; });
  CHECK(read_whole_file(target) == "new 42");
  CHECK(dir.entries() == std::vector<std::string>{"model.bin"});
}

TEST_CASE("write_file_atomically writes contents larger than its buffer unchanged",
          "[report][atomic_write]") {
  temporary_directory dir;
  const auto target = dir.path() / "big.bin";
  std::string contents(1'000'003, '\0');  // beyond the 64 KiB buffer, not a multiple of it
  for (std::size_t i = 0; i < contents.size(); ++i) {
    contents[i] = static_cast<char>((i * 7919) % 251);
  }
  ctnn::detail::write_file_atomically(target, contents);
  CHECK(read_whole_file(target) == contents);
}

TEST_CASE("write_file_atomically into a missing directory throws naming the path and the reason",
          "[report][atomic_write]") {
  temporary_directory dir;
  const auto target = dir.path() / "no_such_directory" / "history.csv";
  CHECK_THROWS_AS(ctnn::detail::write_file_atomically(target, "x"), ctnn::error);
  CHECK_THROWS_WITH(ctnn::detail::write_file_atomically(target, "x"),
                    Contains(target.string()) && Contains(std::strerror(ENOENT)));
  CHECK(dir.entries().empty());
}

TEST_CASE("write_file_atomically keeps the previous file when the writer throws",
          "[report][atomic_write]") {
  temporary_directory dir;
  const auto target = dir.path() / "weights.bin";
  write_plain_file(target, "previous weights");
  const auto failing_writer = [](std::ostream& out) {
    out << std::string(100'000, 'x');  // enough to reach the disk before the failure
    throw std::invalid_argument("NaN in layer 2");
  };
  // The writer's own exception comes through unchanged.
  CHECK_THROWS_AS(ctnn::detail::write_file_atomically(target, failing_writer),
                  std::invalid_argument);
  CHECK_THROWS_WITH(ctnn::detail::write_file_atomically(target, failing_writer), "NaN in layer 2");
  CHECK(read_whole_file(target) == "previous weights");
  CHECK(dir.entries() == std::vector<std::string>{"weights.bin"});
}

TEST_CASE("write_file_atomically keeps the previous file when the stream fails",
          "[report][atomic_write]") {
  temporary_directory dir;
  const auto target = dir.path() / "weights.bin";
  write_plain_file(target, "previous weights");
  const auto failing_writer = [](std::ostream& out) {
    out << "partial";
    out.setstate(std::ios::badbit);
  };
  CHECK_THROWS_AS(ctnn::detail::write_file_atomically(target, failing_writer), ctnn::error);
  CHECK_THROWS_WITH(ctnn::detail::write_file_atomically(target, failing_writer),
                    Contains(target.string()) && Contains("failed state"));
  CHECK(read_whole_file(target) == "previous weights");
  CHECK(dir.entries() == std::vector<std::string>{"weights.bin"});
}

TEST_CASE("write_file_atomically fails without harm when the target is a directory",
          "[report][atomic_write]") {
  temporary_directory dir;
  const auto target = dir.path() / "occupied";
  std::filesystem::create_directory(target);
  write_plain_file(target / "inside.txt", "kept");
  CHECK_THROWS_WITH(ctnn::detail::write_file_atomically(target, "x"), Contains(target.string()));
  CHECK(std::filesystem::is_directory(target));
  CHECK(read_whole_file(target / "inside.txt") == "kept");
  CHECK(dir.entries() == std::vector<std::string>{"occupied"});
}

TEST_CASE("write_file_atomically rejects a path without a file name", "[report][atomic_write]") {
  temporary_directory dir;
  const auto target = dir.path() / "";  // ends in a separator
  CHECK_THROWS_WITH(ctnn::detail::write_file_atomically(target, "x"), Contains("file name"));
  CHECK(dir.entries().empty());
}

TEST_CASE("write_file_atomically keeps the permissions of the file it replaces",
          "[report][atomic_write]") {
  temporary_directory dir;
  const auto target = dir.path() / "secret.txt";
  write_plain_file(target, "old");
  namespace fs = std::filesystem;
  fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write);
  ctnn::detail::write_file_atomically(target, "new");
  CHECK(read_whole_file(target) == "new");
  CHECK(fs::status(target).permissions() == (fs::perms::owner_read | fs::perms::owner_write));
}
