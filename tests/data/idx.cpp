// Tests of ctnn/data/idx.hpp: IDX files made byte by byte here (the format: a big-endian magic
// number 0x00000803 or 0x00000801, big-endian uint32 dimensions, then unsigned-byte data), written
// plain and gzip-compressed, and the real Fashion-MNIST when the Debian package is installed.

#include <ctnn/data/idx.hpp>

#include <catch2/catch.hpp>

#include "temp_files.hpp"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>

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

TEST_CASE("IDX loading reserves memory for what the file can hold, not what its header claims",
          "[data][idx]") {
  // A 21-byte file whose header claims 4294967295 images of 65535 x 65535 pixels (1.8e19 bytes):
  // the loader reserves at most the file's size (plain) or 1032 times it (deflate's largest
  // expansion), then fails as truncated, instead of reserving gigabytes first.
  temp_dir dir;
  const bytes claims_much = idx_images(0xFFFFFFFF, 0xFFFF, 0xFFFF, {1, 2, 3, 4, 5});
  write_file(dir / "plain", claims_much);
  write_gz(dir / "packed.gz", claims_much);
  const auto plain_size = std::filesystem::file_size(dir / "plain");
  const auto packed_size = std::filesystem::file_size(dir / "packed.gz");
  REQUIRE(plain_size == 21);

  const ctnn::data::detail::idx_reader plain("test", dir / "plain");
  CHECK(plain.reservable(std::uint64_t{1} << 40) == plain_size);
  CHECK(plain.reservable(7) == 7);
  const ctnn::data::detail::idx_reader packed("test", dir / "packed.gz");
  CHECK(packed.reservable(std::uint64_t{1} << 40) == packed_size * 1032);
  CHECK(packed.reservable(7) == 7);

  REQUIRE_THROWS_WITH(ctnn::data::load_idx_images(dir / "plain"),
                      Catch::Contains("truncated pixels"));
  REQUIRE_THROWS_WITH(ctnn::data::load_idx_images(dir / "packed.gz"),
                      Catch::Contains("truncated pixels"));
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
