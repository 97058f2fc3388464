// Tests of ctnn/data/idx.hpp: IDX files made byte by byte here (the format: a big-endian magic
// number 0x00000803 or 0x00000801, big-endian uint32 dimensions, then unsigned-byte data), written
// plain and gzip-compressed, and the real Fashion-MNIST when the Debian package is installed.

#include <ctnn/data/idx.hpp>

#include <catch2/catch.hpp>

#include "temp_files.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <new>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using ctnn_test::bytes;
using ctnn_test::idx_images;
using ctnn_test::idx_labels;
using ctnn_test::temp_dir;
using ctnn_test::write_file;
using ctnn_test::write_gz;

namespace {

// Two images of 2 rows x 3 columns. 51/255 is 0.2 and 255/255 is 1 exactly, so float division
// gives exactly the float nearest to 0.2 and 1; 128/255 = 0.50196078...
const bytes two_images = {0, 51, 255, 128, 1, 2,  //
                          3, 4, 5, 6, 7, 254};

void check_two_images(const ctnn::data::IdxImages& images) {
  REQUIRE(images.count == 2);
  REQUIRE(images.rows == 2);
  REQUIRE(images.columns == 3);
  REQUIRE(images.pixels.size() == 12);
  CHECK(images.pixels[0] == 0.0F);
  CHECK(images.pixels[1] == 0.2F);
  CHECK(images.pixels[2] == 1.0F);
  CHECK(images.pixels[3] == Approx(0.50196078).epsilon(1e-6));
  CHECK(images.pixels[6] == Approx(3.0 / 255.0).epsilon(1e-6));
  CHECK(images.pixels[11] == Approx(0.99607843).epsilon(1e-6));
}

// Runs `body`, which returns an exit code, in a child process whose address space may grow by at
// most `headroom` bytes, and returns the child's exit code: -1 if it did not exit (a signal, as
// for an AddressSanitizer out-of-memory abort), -2 if it did not start.
template <class Body>
int in_child_process(std::size_t headroom, Body body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    rlim_t pages = 0;
    std::ifstream("/proc/self/statm") >> pages;  // the first field: the address space, in pages
    const rlim_t limit = pages * static_cast<rlim_t>(::sysconf(_SC_PAGESIZE)) + headroom;
    const rlimit address_space{limit, limit};
    ::_exit(::setrlimit(RLIMIT_AS, &address_space) == 0 ? body() : 5);
  }
  int status = 0;
  if (pid < 0 || ::waitpid(pid, &status, 0) != pid) {
    return -2;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("load_idx_images reads a plain IDX3 file and scales pixels to [0, 1]", "[data][idx]") {
  temp_dir dir;
  write_file(dir / "images", idx_images(2, 2, 3, two_images));
  check_two_images(ctnn::data::load_idx_images(dir / "images"));
}

TEST_CASE("load_idx_images reads a gzip-compressed IDX3 file", "[data][idx]") {
  temp_dir dir;
  write_gz(dir / "images.gz", idx_images(2, 2, 3, two_images));
  // The file really is compressed: it starts with the gzip magic bytes 1f 8b.
  const bytes raw = ctnn_test::read_file(dir / "images.gz");
  REQUIRE(raw.size() > 2);
  REQUIRE(raw[0] == 0x1f);
  REQUIRE(raw[1] == 0x8b);
  check_two_images(ctnn::data::load_idx_images(dir / "images.gz"));
}

TEST_CASE("load_idx_labels reads plain and gzip-compressed IDX1 files", "[data][idx]") {
  temp_dir dir;
  write_file(dir / "labels", idx_labels(4, {9, 0, 3, 255}));
  write_gz(dir / "labels.gz", idx_labels(4, {9, 0, 3, 255}));
  const std::vector<std::uint8_t> expected = {9, 0, 3, 255};
  CHECK(ctnn::data::load_idx_labels(dir / "labels") == expected);
  CHECK(ctnn::data::load_idx_labels(dir / "labels.gz") == expected);
}

TEST_CASE("load_idx_images reads a file with no images", "[data][idx]") {
  temp_dir dir;
  write_file(dir / "images", idx_images(0, 28, 28, {}));
  const auto images = ctnn::data::load_idx_images(dir / "images");
  CHECK(images.count == 0);
  CHECK(images.rows == 28);
  CHECK(images.pixels.empty());
}

TEST_CASE("load_idx_images: a wrong magic number names the file, both numbers and the offset",
          "[data][idx]") {
  temp_dir dir;
  const auto path = dir / "labels";
  write_file(path, idx_labels(2, {1, 2}));
  REQUIRE_THROWS_AS(ctnn::data::load_idx_images(path), ctnn::error);
  REQUIRE_THROWS_WITH(ctnn::data::load_idx_images(path),
                      "ctnn::data::load_idx_images: " + path.string() +
                          ": wrong magic number, not an IDX image file (expected 0x00000803, "
                          "found 0x00000801 at byte offset 0); this looks like an IDX label file");

  bytes junk = idx_images(1, 1, 1, {7});
  junk[0] = 0x12;
  junk[1] = 0x34;
  write_file(dir / "junk", junk);
  REQUIRE_THROWS_WITH(ctnn::data::load_idx_images(dir / "junk"),
                      Catch::Contains("(expected 0x00000803, found 0x12340803 at byte offset 0)") &&
                          !Catch::Contains("looks like"));
}

TEST_CASE("load_idx_labels: a wrong magic number says it looks like an image file",
          "[data][idx]") {
  temp_dir dir;
  write_gz(dir / "images.gz", idx_images(1, 1, 2, {1, 2}));
  REQUIRE_THROWS_WITH(
      ctnn::data::load_idx_labels(dir / "images.gz"),
      Catch::Contains("ctnn::data::load_idx_labels: " + (dir / "images.gz").string()) &&
          Catch::Contains("(expected 0x00000801, found 0x00000803 at byte offset 0)") &&
          Catch::Contains("looks like an IDX image file"));
}

TEST_CASE("load_idx_images: truncated pixel data gives the expected and found sizes and offsets",
          "[data][idx]") {
  temp_dir dir;
  // The header promises 2 images of 2 x 2 = 8 bytes from offset 16; only 5 follow.
  write_file(dir / "short", idx_images(2, 2, 2, {1, 2, 3, 4, 5}));
  REQUIRE_THROWS_WITH(ctnn::data::load_idx_images(dir / "short"),
                      Catch::Contains((dir / "short").string() +
                                      ": truncated pixels (expected 8 bytes from byte offset 16 "
                                      "to 24, found 5, the file ends at byte offset 21)"));

  // The same, compressed: offsets count the decompressed data.
  write_gz(dir / "short.gz", idx_images(2, 2, 2, {1, 2, 3, 4, 5}));
  REQUIRE_THROWS_WITH(ctnn::data::load_idx_images(dir / "short.gz"),
                      Catch::Contains("truncated pixels (expected 8 bytes") &&
                          Catch::Contains("found 5, the file ends at byte offset 21)") &&
                          Catch::Contains("decompressed"));
}

TEST_CASE("IDX loading allocates for the data a file holds, not for the count its header claims",
          "[data][idx]") {
  // 300,000 bytes that do not compress, after a header claiming 4294967295 images of 28 x 28
  // pixels (3.4e12 bytes) or 4294967295 labels: the gzip file is about as large as its data, so a
  // loader that reserves for the claim, or for the 1032-fold expansion deflate allows (1.2 GB of
  // floats), runs out of the 256 MB of address space the child process may add.
  temp_dir dir;
  bytes noise(300000);
  std::uint32_t state = 1;
  for (auto& byte : noise) {
    state = state * 1664525U + 1013904223U;  // Numerical Recipes' LCG
    byte = static_cast<unsigned char>(state >> 24);
  }
  write_gz(dir / "images.gz", idx_images(0xFFFFFFFF, 28, 28, noise));
  write_gz(dir / "labels.gz", idx_labels(0xFFFFFFFF, noise));
  write_file(dir / "images", idx_images(0xFFFFFFFF, 28, 28, noise));
  const bytes packed = ctnn_test::read_file(dir / "images.gz");
  REQUIRE(packed.size() > noise.size());

  const auto in_limited_child = [](auto load) {
    return in_child_process(std::size_t{256} << 20, [&] {
      try {
        load();
      } catch (const ctnn::error& e) {
        return std::string_view(e.what()).find("truncated") == std::string_view::npos ? 3 : 0;
      } catch (const std::bad_alloc&) {
        return 4;
      }
      return 2;
    });
  };
  CHECK(in_limited_child([&] { (void)ctnn::data::load_idx_images(dir / "images.gz"); }) == 0);
  CHECK(in_limited_child([&] { (void)ctnn::data::load_idx_labels(dir / "labels.gz"); }) == 0);
  CHECK(in_limited_child([&] { (void)ctnn::data::load_idx_images(dir / "images"); }) == 0);
  CHECK(in_limited_child([&] {
          (void)ctnn::data::load_idx_images(std::as_bytes(std::span(packed)), "packed");
        }) == 0);

  // The same claim in the parent: the "truncated" error gives the claimed and the found sizes.
  REQUIRE_THROWS_WITH(ctnn::data::load_idx_images(dir / "images.gz"),
                      Catch::Contains("truncated pixels (expected 3367254359280 bytes from byte "
                                      "offset 16 to 3367254359296, found 300000"));
}

TEST_CASE("load_idx_images: dimensions whose product overflows size_t are refused, named",
          "[data][idx]") {
  // 4294967295^3 is about 7.9e28, beyond any size_t (at most 2^64 - 1, about 1.8e19).
  temp_dir dir;
  write_file(dir / "huge", idx_images(0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, {1, 2, 3}));
  REQUIRE_THROWS_WITH(ctnn::data::load_idx_images(dir / "huge"),
                      Catch::Contains((dir / "huge").string() +
                                      ": the header's dimensions 4294967295 x 4294967295 x "
                                      "4294967295 (at byte offset 4) give more pixels than "
                                      "size_t holds"));
}

TEST_CASE("load_idx_labels: truncated labels", "[data][idx]") {
  temp_dir dir;
  write_file(dir / "labels", idx_labels(3, {1, 2}));
  REQUIRE_THROWS_WITH(ctnn::data::load_idx_labels(dir / "labels"),
                      Catch::Contains("truncated labels (expected 3 bytes from byte offset 8 to "
                                      "11, found 2, the file ends at byte offset 10)"));
}

TEST_CASE("load_idx_images: a gzip stream cut off in the middle is an error", "[data][idx]") {
  temp_dir dir;
  bytes pixels(600);
  for (std::size_t k = 0; k < pixels.size(); ++k) {
    pixels[k] = static_cast<unsigned char>((k * 37) % 251);  // hard to compress
  }
  write_gz(dir / "full.gz", idx_images(6, 10, 10, pixels));
  bytes compressed = ctnn_test::read_file(dir / "full.gz");
  REQUIRE(compressed.size() > 200);
  compressed.resize(compressed.size() / 2);
  write_file(dir / "cut.gz", compressed);
  REQUIRE_THROWS_WITH(ctnn::data::load_idx_images(dir / "cut.gz"),
                      Catch::Contains((dir / "cut.gz").string()) &&
                          Catch::Contains("truncated pixels (expected 600 bytes") &&
                          Catch::Contains("the gzip stream is cut off"));
}

TEST_CASE("load_idx_images: corrupt gzip data is an error naming the file", "[data][idx]") {
  temp_dir dir;
  write_gz(dir / "good.gz", idx_images(2, 2, 3, two_images));
  bytes compressed = ctnn_test::read_file(dir / "good.gz");
  // The last 8 bytes of a gzip file are the CRC-32 and length of the data; change the CRC.
  REQUIRE(compressed.size() > 8);
  compressed[compressed.size() - 8] ^= 0xFF;
  write_file(dir / "bad.gz", compressed);
  REQUIRE_THROWS_WITH(ctnn::data::load_idx_images(dir / "bad.gz"),
                      Catch::Contains("ctnn::data::load_idx_images: " +
                                      (dir / "bad.gz").string() +
                                      ": cannot read: incorrect data check"));
}

TEST_CASE("load_idx_images: bytes after the gzip stream that start no gzip member",
          "[data][idx]") {
  temp_dir dir;
  write_gz(dir / "images.gz", idx_images(2, 2, 3, two_images));
  bytes data = ctnn_test::read_file(dir / "images.gz");
  const std::size_t stream_end = data.size();
  data.insert(data.end(), {0xde, 0xad, 0xbe});
  write_file(dir / "junk.gz", data);
  REQUIRE_THROWS_WITH(ctnn::data::load_idx_images(dir / "junk.gz"),
                      Catch::Contains((dir / "junk.gz").string() +
                                      ": 3 trailing bytes after the gzip stream (expected the "
                                      "compressed file to end at byte offset " +
                                      std::to_string(stream_end) +
                                      ", where the gzip stream ends, or another gzip member to "
                                      "start there; found 3 bytes that do not start with the "
                                      "gzip magic bytes 1f 8b)"));

  write_gz(dir / "labels.gz", idx_labels(2, {1, 2}));
  bytes labels = ctnn_test::read_file(dir / "labels.gz");
  labels.push_back(0);
  write_file(dir / "labels_zero.gz", labels);
  REQUIRE_THROWS_WITH(ctnn::data::load_idx_labels(dir / "labels_zero.gz"),
                      Catch::Contains("1 trailing bytes after the gzip stream"));
}

TEST_CASE("load_idx_images reads a gzip file of several members, one after the other",
          "[data][idx]") {
  // gzip files may be concatenated (RFC 1952, 2.2): the data is the members' data in order.
  temp_dir dir;
  const bytes whole = idx_images(2, 2, 3, two_images);
  write_gz(dir / "first.gz", bytes(whole.begin(), whole.begin() + 10));
  write_gz(dir / "second.gz", bytes(whole.begin() + 10, whole.end()));
  bytes both = ctnn_test::read_file(dir / "first.gz");
  const bytes second = ctnn_test::read_file(dir / "second.gz");
  both.insert(both.end(), second.begin(), second.end());
  write_file(dir / "both.gz", both);
  check_two_images(ctnn::data::load_idx_images(dir / "both.gz"));
}

TEST_CASE("load_idx_images: a gzip stream cut off after the data, before its checksum",
          "[data][idx]") {
  // A gzip member ends with the CRC-32 and the length of its data, 4 bytes each.
  temp_dir dir;
  write_gz(dir / "images.gz", idx_images(2, 2, 3, two_images));
  bytes data = ctnn_test::read_file(dir / "images.gz");
  data.resize(data.size() - 4);
  write_file(dir / "cut.gz", data);
  REQUIRE_THROWS_WITH(ctnn::data::load_idx_images(dir / "cut.gz"),
                      Catch::Contains((dir / "cut.gz").string() +
                                      ": the gzip stream is cut off after the data") &&
                          Catch::Contains("of the compressed file, where the file ends)"));
}

TEST_CASE("load_idx_images and load_idx_labels read IDX bytes in memory, plain or gzip",
          "[data][idx]") {
  temp_dir dir;
  const bytes plain = idx_images(2, 2, 3, two_images);
  write_gz(dir / "images.gz", plain);
  const bytes packed = ctnn_test::read_file(dir / "images.gz");
  check_two_images(ctnn::data::load_idx_images(std::as_bytes(std::span(plain)), "plain"));
  check_two_images(ctnn::data::load_idx_images(std::as_bytes(std::span(packed)), "packed"));

  const bytes labels = idx_labels(3, {9, 0, 255});
  const std::vector<std::uint8_t> expected = {9, 0, 255};
  CHECK(ctnn::data::load_idx_labels(std::as_bytes(std::span(labels)), "labels") == expected);

  // Errors name the bytes by the name given.
  REQUIRE_THROWS_WITH(ctnn::data::load_idx_images(std::as_bytes(std::span(labels)), "my labels"),
                      "ctnn::data::load_idx_images: my labels: wrong magic number, not an IDX "
                      "image file (expected 0x00000803, found 0x00000801 at byte offset 0); this "
                      "looks like an IDX label file");
  const bytes short_data(packed.begin(), packed.end() - 12);  // the checksum and 4 data bytes
  REQUIRE_THROWS_WITH(ctnn::data::load_idx_images(std::as_bytes(std::span(short_data)), "cut"),
                      Catch::Contains("ctnn::data::load_idx_images: cut: truncated pixels") &&
                          Catch::Contains("the gzip stream is cut off"));
}

TEST_CASE("load_idx_images: a short header or an empty file", "[data][idx]") {
  temp_dir dir;
  bytes header = idx_images(1, 2, 2, {});
  header.resize(10);  // the magic, the count and half of the row count
  write_file(dir / "header", header);
  REQUIRE_THROWS_WITH(ctnn::data::load_idx_images(dir / "header"),
                      Catch::Contains("truncated header (expected 12 bytes of dimensions from "
                                      "byte offset 4, found 6, the file ends at byte offset 10)"));

  write_file(dir / "two", bytes{0, 0});
  REQUIRE_THROWS_WITH(ctnn::data::load_idx_images(dir / "two"),
                      Catch::Contains("truncated header (expected a 4-byte magic number, found 2"));

  write_file(dir / "empty", bytes{});
  REQUIRE_THROWS_WITH(ctnn::data::load_idx_images(dir / "empty"),
                      Catch::Contains((dir / "empty").string() + ": the file is empty"));
}

TEST_CASE("load_idx_images: trailing bytes after the pixels", "[data][idx]") {
  temp_dir dir;
  bytes data = idx_images(2, 2, 3, two_images);  // ends at offset 16 + 12 = 28
  data.insert(data.end(), {0xde, 0xad, 0xbe});
  write_file(dir / "long", data);
  REQUIRE_THROWS_WITH(ctnn::data::load_idx_images(dir / "long"),
                      Catch::Contains((dir / "long").string() +
                                      ": 3 trailing bytes after the data (expected the file to "
                                      "end at byte offset 28, found 3 more bytes at byte offset "
                                      "28)"));
  write_gz(dir / "long.gz", data);
  REQUIRE_THROWS_WITH(ctnn::data::load_idx_images(dir / "long.gz"),
                      Catch::Contains("3 trailing bytes") && Catch::Contains("decompressed"));

  bytes labels = idx_labels(1, {4, 5});  // one label promised, two present
  write_file(dir / "labels", labels);
  REQUIRE_THROWS_WITH(ctnn::data::load_idx_labels(dir / "labels"),
                      Catch::Contains("1 trailing bytes after the data (expected the file to end "
                                      "at byte offset 9"));
}

TEST_CASE("load_idx_images: images of 0 rows or columns", "[data][idx]") {
  temp_dir dir;
  write_file(dir / "flat", idx_images(3, 0, 28, {}));
  REQUIRE_THROWS_WITH(ctnn::data::load_idx_images(dir / "flat"),
                      Catch::Contains("expected at least 1 x 1 pixels, found 0 x 28"));
}

TEST_CASE("load_idx_images and load_idx_labels: a missing file or a directory", "[data][idx]") {
  temp_dir dir;
  const auto missing = dir / "no-such-file";
  REQUIRE_THROWS_WITH(ctnn::data::load_idx_images(missing),
                      "ctnn::data::load_idx_images: " + missing.string() + ": file not found");
  REQUIRE_THROWS_WITH(ctnn::data::load_idx_labels(missing),
                      "ctnn::data::load_idx_labels: " + missing.string() + ": file not found");
  REQUIRE_THROWS_WITH(ctnn::data::load_idx_images(dir.path()),
                      Catch::Contains("is a directory, expected an IDX file"));
}

TEST_CASE("load_mnist reads <set>-images and <set>-labels, gzip first, then plain",
          "[data][idx]") {
  temp_dir dir;
  SECTION("gzip files") {
    write_gz(dir / "train-images-idx3-ubyte.gz", idx_images(2, 2, 3, two_images));
    write_gz(dir / "train-labels-idx1-ubyte.gz", idx_labels(2, {7, 1}));
  }
  SECTION("plain files") {
    write_file(dir / "train-images-idx3-ubyte", idx_images(2, 2, 3, two_images));
    write_file(dir / "train-labels-idx1-ubyte", idx_labels(2, {7, 1}));
  }
  SECTION("both: the .gz files win") {
    write_gz(dir / "train-images-idx3-ubyte.gz", idx_images(2, 2, 3, two_images));
    write_gz(dir / "train-labels-idx1-ubyte.gz", idx_labels(2, {7, 1}));
    write_file(dir / "train-images-idx3-ubyte", idx_images(1, 1, 1, {0}));
    write_file(dir / "train-labels-idx1-ubyte", idx_labels(1, {3}));
  }
  const auto train = ctnn::data::load_mnist(dir.path(), "train");
  REQUIRE(train.size() == 2);
  REQUIRE(train.feature_size() == 6);
  REQUIRE(train.target_size() == 1);
  CHECK(train.features(0)[1] == 0.2F);
  CHECK(train.features(1)[5] == Approx(254.0 / 255.0).epsilon(1e-6));
  CHECK(int{train.targets(0)[0]} == 7);
  CHECK(int{train.targets(1)[0]} == 1);
}

TEST_CASE("load_mnist reads the t10k set", "[data][idx]") {
  temp_dir dir;
  write_file(dir / "t10k-images-idx3-ubyte", idx_images(1, 1, 2, {0, 255}));
  write_gz(dir / "t10k-labels-idx1-ubyte.gz", idx_labels(1, {5}));
  const auto test = ctnn::data::load_mnist(dir.path(), "t10k");
  REQUIRE(test.size() == 1);
  CHECK(test.features(0)[1] == 1.0F);
  CHECK(int{test.targets(0)[0]} == 5);
}

TEST_CASE("load_mnist: the label count must match the image count", "[data][idx]") {
  temp_dir dir;
  write_gz(dir / "train-images-idx3-ubyte.gz", idx_images(2, 2, 3, two_images));
  write_gz(dir / "train-labels-idx1-ubyte.gz", idx_labels(3, {7, 1, 2}));
  REQUIRE_THROWS_WITH(ctnn::data::load_mnist(dir.path(), "train"),
                      Catch::Contains("ctnn::data::load_mnist: " +
                                      (dir / "train-labels-idx1-ubyte.gz").string() +
                                      ": the label count does not match the images (expected 2 "
                                      "labels") &&
                          Catch::Contains("found 3)"));
}

TEST_CASE("load_mnist: a missing directory, a missing file, an unknown set", "[data][idx]") {
  temp_dir dir;
  const auto absent = dir / "absent";
  REQUIRE_THROWS_WITH(ctnn::data::load_mnist(absent, "train"),
                      "ctnn::data::load_mnist: " + absent.string() + ": directory not found");

  write_gz(dir / "train-images-idx3-ubyte.gz", idx_images(2, 2, 3, two_images));
  REQUIRE_THROWS_WITH(ctnn::data::load_mnist(dir.path(), "train"),
                      Catch::Contains(dir.path().string() + ": file not found (expected "
                                                            "train-labels-idx1-ubyte.gz or "
                                                            "train-labels-idx1-ubyte"));

  REQUIRE_THROWS_WITH(ctnn::data::load_mnist(dir.path(), "test"),
                      Catch::Contains("unknown set \"test\" (expected \"train\" or \"t10k\""));

  REQUIRE_THROWS_WITH(ctnn::data::load_mnist(dir / "train-images-idx3-ubyte.gz", "train"),
                      Catch::Contains("not a directory"));
}

TEST_CASE("load_mnist reads the Fashion-MNIST of the Debian package dataset-fashion-mnist",
          "[data][idx][fashion-mnist]") {
  const std::filesystem::path dir = ctnn::data::default_fashion_mnist_dir;
  if (!std::filesystem::exists(dir / "train-labels-idx1-ubyte.gz")) {
    WARN("skipped: " << dir.string()
                     << " is absent (install the Debian package dataset-fashion-mnist)");
    return;
  }
  const auto train = ctnn::data::load_mnist(dir, "train");
  const auto test = ctnn::data::load_mnist(dir, "t10k");
  // Sizes from the dataset's README: 60,000 training and 10,000 test images of 28 x 28.
  CHECK(train.size() == 60000);
  CHECK(test.size() == 10000);
  CHECK(train.feature_size() == 28 * 28);
  CHECK(test.feature_size() == 28 * 28);
  CHECK_NOTHROW(ctnn::data::require_feature_size(train, 784));
  CHECK_NOTHROW(ctnn::data::check_labels_below(train, 10));
  CHECK_NOTHROW(ctnn::data::check_labels_below(test, 10));
  CHECK_THROWS_AS(ctnn::data::check_labels_below(train, 9), ctnn::error);  // 9 does occur
  // The first training image is an ankle boot, class 9.
  CHECK(int{train.targets(0)[0]} == 9);
  const auto [lowest, highest] = std::minmax_element(train.features().begin(),
                                                     train.features().end());
  CHECK(*lowest == 0.0F);
  CHECK(*highest == 1.0F);
}
