// libFuzzer target: ctnn::io::SafetensorsView on arbitrary bytes. Every input must either be
// rejected with a ctnn::error that names the input, or parse into tensors that lie inside the
// data buffer and read consistently: read_as<float> and read_as<double> convert every F16, BF16,
// F32 and F64 tensor (and refuse the other dtypes with a ctnn::error), and writing the tensors
// back (F32 as F32, the others as F64) and parsing the result gives the same names, shapes,
// values (bit for bit) and metadata; writing that again gives the same bytes. Anything else
// fails. tests/CMakeLists.txt runs it for a fixed number of inputs from the seeds in
// corpus/safetensors/.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <ctnn/io/safetensors.hpp>

namespace {

constexpr std::string_view input_name = "fuzz input";

void require(bool condition) {
  if (!condition) std::abort();
}

void require_names(const ctnn::error& e, std::string_view name) {
  require(std::string_view(e.what()).find(name) != std::string_view::npos);
}

template <class T>
bool same_bits(std::span<const T> a, std::span<const T> b) {
  return std::ranges::equal(std::as_bytes(a), std::as_bytes(b));
}

// The floating-point tensors of `view`, F32 ones as floats, the others as doubles, and the
// TensorToWrite entries that refer to them.
struct tensors_to_write {
  std::vector<std::vector<float>> floats;
  std::vector<std::vector<double>> doubles;
  std::vector<ctnn::io::TensorToWrite> entries;

  explicit tensors_to_write(const ctnn::io::SafetensorsView& view) {
    for (const ctnn::io::TensorInfo& t : view.tensors()) {
      if (!ctnn::io::is_floating_dtype(t.dtype)) {
        try {
          (void)view.read_as<float>(t);
          std::abort();  // read_as converts only the four floating-point dtypes
        } catch (const ctnn::error& e) {
          require_names(e, view.source());
        }
        continue;
      }
      std::vector<float> as_float = view.read_as<float>(t);
      std::vector<double> as_double = view.read_as<double>(t);
      require(as_float.size() == t.element_count() && as_double.size() == t.element_count());
      if (t.dtype == ctnn::io::Dtype::F32) {
        floats.push_back(std::move(as_float));
      } else {
        doubles.push_back(std::move(as_double));
      }
    }
    // The vectors no longer move: now the spans.
    std::size_t f = 0, d = 0;
    for (const ctnn::io::TensorInfo& t : view.tensors()) {
      if (!ctnn::io::is_floating_dtype(t.dtype)) continue;
      if (t.dtype == ctnn::io::Dtype::F32) {
        entries.push_back({t.name, t.shape, std::span<const float>(floats[f++])});
      } else {
        entries.push_back({t.name, t.shape, std::span<const double>(doubles[d++])});
      }
    }
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = std::as_bytes(std::span(data, size));
  try {
    const ctnn::io::SafetensorsView view(bytes, std::string(input_name));
    for (const ctnn::io::TensorInfo& t : view.tensors()) {
      require(t.begin <= t.end && view.data_start() + t.end <= size);
      require(view.find(t.name) == &t);
    }

    const tensors_to_write written(view);
    const std::vector<std::byte> file = ctnn::io::write_safetensors(written.entries,
                                                                    view.metadata());
    const ctnn::io::SafetensorsView again(file, "rewritten");
    require(again.metadata() == view.metadata());
    require(again.tensors().size() == written.entries.size());
    for (const ctnn::io::TensorToWrite& entry : written.entries) {
      const ctnn::io::TensorInfo* t = again.find(entry.name);
      require(t != nullptr && t->shape == entry.shape);
      if (entry.values.index() == 0) {
        require(same_bits<float>(again.read_as<float>(*t), std::get<0>(entry.values)));
      } else {
        require(same_bits<double>(again.read_as<double>(*t), std::get<1>(entry.values)));
      }
    }
    const tensors_to_write rewritten(again);
    require(ctnn::io::write_safetensors(rewritten.entries, again.metadata()) == file);
  } catch (const ctnn::error& e) {
    require_names(e, input_name);
  }
  return 0;
}
