// libFuzzer target: ctnn::data::parse_csv on arbitrary text, with options chosen by the first
// byte. Every input must either parse into a non-empty table of finite numbers or be rejected
// with a ctnn::error that names the source; anything else (a crash, a sanitizer report, another
// exception) fails. tests/CMakeLists.txt runs it for a fixed number of inputs from the seeds
// in corpus/csv/.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <ctnn/data/csv.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t mode = data[0];
  ctnn::data::CsvOptions options;
  options.header = mode % 3 == 0   ? ctnn::data::CsvHeader::detect
                   : mode % 3 == 1 ? ctnn::data::CsvHeader::present
                                   : ctnn::data::CsvHeader::absent;
  if ((mode & 0x04) != 0) options.delimiter = ';';
  if ((mode & 0x08) != 0) options.label_index = (mode >> 4) % 4;
  if ((mode & 0x40) != 0) options.label_name = "y";
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    const auto table = ctnn::data::parse_csv(text, options, "fuzz input");
    if (table.size() == 0) std::abort();
    for (const float v : table.features())
      if (!std::isfinite(v)) std::abort();
    for (const float v : table.targets())
      if (!std::isfinite(v)) std::abort();
  } catch (const ctnn::error& e) {
    if (std::string_view(e.what()).find("fuzz input") == std::string_view::npos) std::abort();
  }
  return 0;
}
