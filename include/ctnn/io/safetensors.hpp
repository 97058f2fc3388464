#ifndef CTNN_IO_SAFETENSORS_HPP
#define CTNN_IO_SAFETENSORS_HPP

//! @file safetensors.hpp
//! Reading and writing the safetensors format (https://github.com/huggingface/safetensors),
//! independent of any net type. A file is:
//!
//! - 8 bytes: N, the header's length, an unsigned 64-bit little-endian integer;
//! - N bytes: the header, UTF-8 JSON, possibly padded with trailing spaces: an object that maps
//!   each tensor's name to `{"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}`,
//!   and may hold `"__metadata__"`, an object of strings;
//! - the data buffer: every tensor's elements, row-major and little-endian, at
//!   `[begin, end)` counted from the start of this buffer. The tensors cover it exactly.
//!
//! `SafetensorsView` checks all of that (and what the format leaves implicit: no duplicate keys,
//! no unknown fields) and converts F16, BF16, F32 and F64 data to float or double on any host;
//! `write_safetensors` writes F32 and F64 tensors as the reference implementation lays them out.
//! Every problem is a `ctnn::error` whose message names the source and says where and what.

#include <ctnn/detail/utf8.hpp>
#include <ctnn/error.hpp>
#include <ctnn/io/half_float.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace ctnn::io {

//! The element types of the safetensors format, in the reference implementation's order (by
//! increasing size, i.e. alignment). `SafetensorsView::read_as` converts the floating-point
//! ones (F16, BF16, F32, F64); a file may hold any of them.
enum class Dtype : unsigned char {
  BOOL, U8, I8, F8_E5M2, F8_E4M3, I16, U16, F16, BF16, I32, U32, F32, F64, I64, U64
};

namespace detail {

struct dtype_entry {
  Dtype dtype;
  std::string_view name;
  std::size_t size;
};

inline constexpr std::array<dtype_entry, 15> dtype_table{{
    {Dtype::BOOL, "BOOL", 1}, {Dtype::U8, "U8", 1},   {Dtype::I8, "I8", 1},
    {Dtype::F8_E5M2, "F8_E5M2", 1}, {Dtype::F8_E4M3, "F8_E4M3", 1},
    {Dtype::I16, "I16", 2},   {Dtype::U16, "U16", 2}, {Dtype::F16, "F16", 2},
    {Dtype::BF16, "BF16", 2}, {Dtype::I32, "I32", 4}, {Dtype::U32, "U32", 4},
    {Dtype::F32, "F32", 4},   {Dtype::F64, "F64", 8}, {Dtype::I64, "I64", 8},
    {Dtype::U64, "U64", 8},
}};

}  // namespace detail

//! The dtype's name in a header: "F32", "BF16", ….
[[nodiscard]] constexpr std::string_view dtype_name(Dtype dtype) noexcept {
  return detail::dtype_table[static_cast<std::size_t>(dtype)].name;
}

//! The size of one element of `dtype`, in bytes.
[[nodiscard]] constexpr std::size_t dtype_size(Dtype dtype) noexcept {
  return detail::dtype_table[static_cast<std::size_t>(dtype)].size;
}

//! The dtype a header names `name`, if the format has it.
[[nodiscard]] constexpr std::optional<Dtype> dtype_from_name(std::string_view name) noexcept {
  for (const detail::dtype_entry& entry : detail::dtype_table) {
    if (entry.name == name) {
      return entry.dtype;
    }
  }
  return std::nullopt;
}

//! Whether `SafetensorsView::read_as` converts `dtype`: F16, BF16, F32 and F64.
[[nodiscard]] constexpr bool is_floating_dtype(Dtype dtype) noexcept {
  return dtype == Dtype::F16 || dtype == Dtype::BF16 || dtype == Dtype::F32 ||
         dtype == Dtype::F64;
}

//! The largest header read or written, in bytes: the reference implementation's limit.
inline constexpr std::size_t max_header_size = 100'000'000;

//! One tensor of a file: its name, dtype, shape (row-major; `[]` is a scalar) and where its
//! bytes are, `[begin, end)` counted from the start of the data buffer (which starts at byte
//! `SafetensorsView::data_start()` of the file).
struct TensorInfo {
  std::string name;
  Dtype dtype = Dtype::F32;
  std::vector<std::size_t> shape;
  std::size_t begin = 0;
  std::size_t end = 0;

  //! The number of elements: the product of `shape`.
  [[nodiscard]] std::size_t element_count() const noexcept {
    std::size_t count = 1;
    for (const std::size_t extent : shape) {
      count *= extent;
    }
    return count;
  }
};

//! The index of the first element of `values` that is NaN or infinite, if any.
template <std::floating_point T>
[[nodiscard]] std::optional<std::size_t> first_non_finite(std::span<const T> values) noexcept {
  const auto it = std::find_if(values.begin(), values.end(), [](T v) { return !std::isfinite(v); });
  if (it == values.end()) {
    return std::nullopt;
  }
  return static_cast<std::size_t>(it - values.begin());
}

namespace detail {

//! The unsigned integer of type U stored little-endian at `bytes`.
template <std::unsigned_integral U>
[[nodiscard]] U load_little_endian(const std::byte* bytes) noexcept {
  U value = 0;
  for (std::size_t k = 0; k < sizeof(U); ++k) {
    value |= static_cast<U>(std::to_integer<unsigned>(bytes[k])) << (8 * k);
  }
  return value;
}

//! Appends `value` to `out` little-endian.
template <std::unsigned_integral U>
void store_little_endian(std::vector<std::byte>& out, U value) {
  for (std::size_t k = 0; k < sizeof(U); ++k) {
    out.push_back(static_cast<std::byte>(value >> (8 * k)));
  }
}

//! `text` as a JSON string: quoted, with `"`, `\` and control characters escaped, as the
//! reference implementation escapes them. Bytes that are not UTF-8 become U+FFFD.
[[nodiscard]] inline std::string json_string(std::string_view text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

//! "[2, 3]".
[[nodiscard]] inline std::string shape_text(std::span<const std::size_t> shape) {
  std::string text = "[";
  for (std::size_t k = 0; k < shape.size(); ++k) {
    text += (k == 0 ? "" : ", ") + std::to_string(shape[k]);
  }
  return text + "]";
}

//! The product of `shape` times `element_size`, or nothing if it does not fit in a size_t. A
//! shape with a 0 has no elements, whatever its other extents.
[[nodiscard]] inline std::optional<std::size_t> byte_count(std::span<const std::size_t> shape,
                                                           std::size_t element_size) noexcept {
  if (std::find(shape.begin(), shape.end(), std::size_t{0}) != shape.end()) {
    return 0;
  }
  std::size_t count = element_size;
  for (const std::size_t extent : shape) {
    if (count > std::numeric_limits<std::size_t>::max() / extent) {
      return std::nullopt;
    }
    count *= extent;
  }
  return count;
}

}  // namespace detail

//! A parsed and checked safetensors file in memory. It refers to the bytes it was made from,
//! which must outlive it; it copies only the header's contents.
class SafetensorsView {
public:
  //! Parses and checks `file`, the bytes of a whole safetensors file; messages name it `source`
  //! (its path, say). Throws `ctnn::error` for anything that is not a well-formed file: too
  //! short; a header length beyond the file or over `max_header_size`; a header that is not
  //! UTF-8, not JSON or not an object; a duplicate key anywhere in it; a tensor entry that is not
  //! an object, lacks a field or has an unknown one; an unknown dtype; a shape that is not a list
  //! of non-negative integers or whose byte count overflows; data_offsets that are not two
  //! non-negative integers, are reversed, end beyond the data buffer or do not span the shape's
  //! bytes; tensors that overlap, or leave bytes of the data buffer to no tensor; and
  //! `__metadata__` that is not an object of strings.
  SafetensorsView(std::span<const std::byte> file, std::string source)
      : source_(std::move(source)) {
    if (file.size() < 8) {
      fail("the file is " + std::to_string(file.size()) +
           " bytes long, too short for the 8-byte header length that starts a safetensors file");
    }
    const auto header_length = detail::load_little_endian<std::uint64_t>(file.data());
    if (header_length > max_header_size) {
      fail("the header length (bytes 0 to 8) is " + std::to_string(header_length) +
           ", over the limit of " + std::to_string(max_header_size) + " bytes");
    }
    if (header_length > file.size() - 8) {
      fail("the header length (bytes 0 to 8) is " + std::to_string(header_length) +
           ", beyond the end of the file: the file is " + std::to_string(file.size()) +
           " bytes long, so at most " + std::to_string(file.size() - 8) + " bytes of header");
    }
    const std::size_t length = static_cast<std::size_t>(header_length);
    data_start_ = 8 + length;
    data_ = file.subspan(data_start_);
    const std::string_view header(reinterpret_cast<const char*>(file.data()) + 8, length);
    if (const auto at = ctnn::detail::invalid_utf8_at(header)) {
      fail("the header is not valid UTF-8 at byte offset " + std::to_string(8 + *at));
    }
    // nlohmann::json would end the input at a NUL byte and skip a byte order mark; JSON text has
    // neither.
    if (const std::size_t at = header.find('\0'); at != std::string_view::npos) {
      fail("the header has a NUL byte at byte offset " + std::to_string(8 + at) +
           ", which JSON text cannot hold");
    }
    if (header.starts_with("\xEF\xBB\xBF")) {
      fail("the header starts with a byte order mark (bytes 8 to 11), which is not JSON");
    }
    const nlohmann::json root = parse_json(header);
    if (!root.is_object()) {
      fail("the header is a JSON " + std::string(root.type_name()) +
           ", expected an object of tensors");
    }
    for (const auto& [key, value] : root.items()) {
      if (key == "__metadata__") {
        read_metadata(value);
      } else {
        tensors_.push_back(read_tensor(key, value));
      }
    }
    check_layout();
  }

  //! Not from a temporary: the view would refer to freed bytes.
  SafetensorsView(std::vector<std::byte>&&, std::string) = delete;

  //! What messages call the file.
  [[nodiscard]] const std::string& source() const noexcept { return source_; }

  //! Every tensor, sorted by name (byte-wise).
  [[nodiscard]] const std::vector<TensorInfo>& tensors() const noexcept { return tensors_; }

  //! `__metadata__`'s contents (empty when the header has none).
  [[nodiscard]] const std::map<std::string, std::string>& metadata() const noexcept {
    return metadata_;
  }

  //! The offset in the file of the data buffer, which TensorInfo's begin and end count from.
  [[nodiscard]] std::size_t data_start() const noexcept { return data_start_; }

  //! The tensor named `name`, or nullptr.
  [[nodiscard]] const TensorInfo* find(std::string_view name) const noexcept {
    const auto it = std::lower_bound(
        tensors_.begin(), tensors_.end(), name,
        [](const TensorInfo& tensor, std::string_view n) { return tensor.name < n; });
    return it != tensors_.end() && it->name == name ? &*it : nullptr;
  }

  //! The tensor named `name`. Throws `ctnn::error` naming the source and `name` (and listing
  //! the first names there are) when there is none.
  [[nodiscard]] const TensorInfo& at(std::string_view name) const {
    if (const TensorInfo* tensor = find(name)) {
      return *tensor;
    }
    std::string names;
    for (std::size_t k = 0; k < tensors_.size() && k < 10; ++k) {
      names += (k == 0 ? "" : ", ") + detail::json_string(tensors_[k].name);
    }
    if (tensors_.size() > 10) {
      names += ", … (" + std::to_string(tensors_.size()) + " in all)";
    }
    fail("no tensor named " + detail::json_string(name) + " (the file has " +
         (tensors_.empty() ? std::string("none") : names) + ")");
  }

  //! The raw little-endian bytes of `tensor`, a tensor of this view.
  [[nodiscard]] std::span<const std::byte> bytes(const TensorInfo& tensor) const {
    check_is_mine(tensor);
    return data_.subspan(tensor.begin, tensor.end - tensor.begin);
  }

  //! Converts the elements of `tensor`, a tensor of this view, into `out`, which must hold
  //! exactly `tensor.element_count()` values: F16 and BF16 exactly, F32 and F64 exactly or
  //! rounded to the nearest T. Throws `ctnn::error` naming the source and the tensor when its
  //! dtype is not one of those four or `out` has another size.
  template <class T>
  requires std::same_as<T, float> || std::same_as<T, double>
  void read_as(const TensorInfo& tensor, std::span<T> out) const {
    const std::span<const std::byte> in = bytes(tensor);
    const std::string name = "tensor " + detail::json_string(tensor.name);
    if (!is_floating_dtype(tensor.dtype)) {
      fail(name + " has dtype " + std::string(dtype_name(tensor.dtype)) +
           "; read_as converts only F16, BF16, F32 and F64");
    }
    const std::size_t count = in.size() / dtype_size(tensor.dtype);
    if (out.size() != count) {
      fail(name + " has " + std::to_string(count) + " elements (shape " +
           detail::shape_text(tensor.shape) + "), but the output holds " +
           std::to_string(out.size()));
    }
    // Each element is Bits little-endian, which `decode` turns into a float or double.
    const auto convert = [&]<class Bits>(Bits, auto decode) {
      for (std::size_t i = 0; i < count; ++i) {
        out[i] = static_cast<T>(
            decode(detail::load_little_endian<Bits>(in.data() + sizeof(Bits) * i)));
      }
    };
    switch (tensor.dtype) {
      case Dtype::F16:
        convert(std::uint16_t{}, f16_bits_to_float);
        break;
      case Dtype::BF16:
        convert(std::uint16_t{}, bf16_bits_to_float);
        break;
      case Dtype::F32:
        convert(std::uint32_t{}, [](std::uint32_t bits) { return std::bit_cast<float>(bits); });
        break;
      default:  // F64
        convert(std::uint64_t{}, [](std::uint64_t bits) { return std::bit_cast<double>(bits); });
        break;
    }
  }

  //! The elements of `tensor` as a vector, as `read_as(tensor, out)` converts them.
  template <class T>
  requires std::same_as<T, float> || std::same_as<T, double>
  [[nodiscard]] std::vector<T> read_as(const TensorInfo& tensor) const {
    std::vector<T> out(bytes(tensor).size() / dtype_size(tensor.dtype));
    read_as(tensor, std::span<T>(out));
    return out;
  }

private:
  static constexpr std::size_t max_depth = 64;  // a well-formed header nests 3 deep

  [[noreturn]] void fail(const std::string& message) const {
    throw error("ctnn::io::SafetensorsView: " + source_ + ": " + message);
  }

  //! `value` in a message: its JSON text, cut short if long.
  static std::string describe(const nlohmann::json& value) {
    std::string text = value.dump();
    if (text.size() > 60) {
      text.resize(57);
      text += "...";
    }
    return text;
  }

  //! Parses the header, rejecting duplicate keys (which nlohmann::json would otherwise resolve
  //! silently) and nesting deeper than max_depth.
  nlohmann::json parse_json(std::string_view header) const {
    struct frame {
      std::string key;  // the last key seen, if an object
      std::set<std::string, std::less<>> keys;
    };
    std::vector<frame> stack;
    const auto duplicate = [&](const std::string& key) {
      const std::string quoted = detail::json_string(key);
      if (stack.size() == 1) {
        fail(key == "__metadata__" ? std::string("the header has two \"__metadata__\"")
                                   : "the header has two tensors named " + quoted);
      }
      const std::string& owner = stack[stack.size() - 2].key;
      fail(stack.size() == 2 && owner == "__metadata__"
               ? "__metadata__ has two keys " + quoted
           : stack.size() == 2
               ? "tensor " + detail::json_string(owner) + " has two fields " + quoted
               : "the header has two keys " + quoted + " in one object inside " +
                     detail::json_string(stack.front().key));
    };
    using event = nlohmann::json::parse_event_t;
    const auto callback = [&](int, event e, nlohmann::json& parsed) {
      if (e == event::object_start || e == event::array_start) {
        if (stack.size() == max_depth) {
          fail("the header nests deeper than " + std::to_string(max_depth) +
               " levels (a safetensors header nests 3 levels deep)");
        }
        stack.emplace_back();
      } else if (e == event::object_end || e == event::array_end) {
        stack.pop_back();
      } else if (e == event::key) {
        frame& top = stack.back();
        top.key = parsed.get<std::string>();
        if (!top.keys.insert(top.key).second) {
          duplicate(top.key);
        }
      }
      return true;
    };
    try {
      return nlohmann::json::parse(header.begin(), header.end(), callback);
    } catch (const nlohmann::json::exception& e) {
      // "[json.exception.parse_error.101] parse error at line 1, column 6: …", without the tag,
      // and cut short: it may quote a long token.
      std::string what = e.what();
      what.erase(0, what.find("] ") == std::string::npos ? 0 : what.find("] ") + 2);
      if (what.size() > 200) {
        what.resize(197);
        what += "...";
      }
      std::string where;
      if (const auto* parse_error = dynamic_cast<const nlohmann::json::parse_error*>(&e);
          parse_error != nullptr && parse_error->byte > 0) {
        where = " (near byte offset " + std::to_string(8 + parse_error->byte - 1) + " of the file)";
      }
      fail("the header is not valid JSON" + where + ": " + what);
    }
  }

  void read_metadata(const nlohmann::json& value) {
    if (!value.is_object()) {
      fail("__metadata__ is " + describe(value) + ", expected an object of strings");
    }
    for (const auto& [key, text] : value.items()) {
      if (!text.is_string()) {
        fail("__metadata__ " + detail::json_string(key) + " is " + describe(text) +
             ", expected a string");
      }
      metadata_.emplace(key, text.get<std::string>());
    }
  }

  //! A non-negative integer of the header, or nothing.
  static std::optional<std::size_t> size_value(const nlohmann::json& value) {
    if (value.is_number_unsigned()) {
      return value.get<std::size_t>();
    }
    if (value.is_number_integer() && value.get<std::int64_t>() == 0) {
      return 0;  // -0
    }
    return std::nullopt;
  }

  TensorInfo read_tensor(const std::string& name, const nlohmann::json& entry) const {
    const std::string where = "tensor " + detail::json_string(name);
    constexpr std::array<std::string_view, 3> fields{"dtype", "shape", "data_offsets"};
    if (!entry.is_object()) {
      fail(where + " is " + describe(entry) +
           ", expected an object with dtype, shape and data_offsets");
    }
    for (const auto& [key, value] : entry.items()) {
      if (std::find(fields.begin(), fields.end(), key) == fields.end()) {
        fail(where + " has an unknown field " + detail::json_string(key) +
             " (expected dtype, shape and data_offsets)");
      }
    }
    for (const std::string_view field : fields) {
      if (!entry.contains(field)) {
        fail(where + " has no field \"" + std::string(field) + "\"");
      }
    }

    TensorInfo tensor;
    tensor.name = name;
    const nlohmann::json& dtype = entry["dtype"];
    const auto known = dtype.is_string() ? dtype_from_name(dtype.get<std::string>()) : std::nullopt;
    if (!known) {
      std::string names;
      for (const detail::dtype_entry& d : detail::dtype_table) {
        names += (names.empty() ? "" : ", ") + std::string(d.name);
      }
      fail(where + " has dtype " + describe(dtype) + ", which is not a safetensors dtype (" +
           names + "; read_as converts F16, BF16, F32 and F64)");
    }
    tensor.dtype = *known;

    const nlohmann::json& shape = entry["shape"];
    if (!shape.is_array()) {
      fail(where + " has shape " + describe(shape) + ", expected a list of non-negative integers");
    }
    for (std::size_t k = 0; k < shape.size(); ++k) {
      const auto extent = size_value(shape[k]);
      if (!extent) {
        fail(where + " has shape " + describe(shape) + ": element " + std::to_string(k) +
             " is " + describe(shape[k]) + ", expected a non-negative integer");
      }
      tensor.shape.push_back(*extent);
    }
    const auto size = detail::byte_count(tensor.shape, dtype_size(tensor.dtype));
    if (!size) {
      fail(where + " has shape " + detail::shape_text(tensor.shape) + " of " +
           std::string(dtype_name(tensor.dtype)) + ": its size in bytes overflows 64 bits");
    }

    const nlohmann::json& offsets = entry["data_offsets"];
    const auto begin = offsets.is_array() && offsets.size() == 2 ? size_value(offsets[0])
                                                                  : std::nullopt;
    const auto end = begin ? size_value(offsets[1]) : std::nullopt;
    if (!end) {
      fail(where + " has data_offsets " + describe(offsets) +
           ", expected two non-negative integers [begin, end]");
    }
    tensor.begin = *begin;
    tensor.end = *end;
    const std::string range = where + " has data_offsets [" + std::to_string(tensor.begin) +
                              ", " + std::to_string(tensor.end) + "]";
    if (tensor.begin > tensor.end) {
      fail(range + ": begin is after end");
    }
    if (tensor.end > data_.size()) {
      fail(range + ", whose end is beyond the data buffer: it has " + std::to_string(data_.size()) +
           " bytes (file bytes " + std::to_string(data_start_) + " to " +
           std::to_string(data_start_ + data_.size()) + ")");
    }
    if (tensor.end - tensor.begin != *size) {
      fail(range + ", which span " + std::to_string(tensor.end - tensor.begin) +
           " bytes, but shape " + detail::shape_text(tensor.shape) + " of " +
           std::string(dtype_name(tensor.dtype)) + " needs " + std::to_string(*size) + " bytes");
    }
    return tensor;
  }

  //! Throws unless the tensors cover the data buffer exactly, one after the other.
  void check_layout() const {
    std::vector<const TensorInfo*> order;
    for (const TensorInfo& tensor : tensors_) {
      order.push_back(&tensor);
    }
    std::sort(order.begin(), order.end(), [](const TensorInfo* a, const TensorInfo* b) {
      return std::tie(a->begin, a->end) < std::tie(b->begin, b->end);
    });
    const auto file_bytes = [this](std::size_t from, std::size_t to) {
      return "bytes " + std::to_string(from) + " to " + std::to_string(to) +
             " of the data buffer (file bytes " + std::to_string(data_start_ + from) + " to " +
             std::to_string(data_start_ + to) + ")";
    };
    const auto named = [](const TensorInfo* tensor) {
      return "tensor " + detail::json_string(tensor->name) + " (data_offsets [" +
             std::to_string(tensor->begin) + ", " + std::to_string(tensor->end) + "])";
    };
    std::size_t covered = 0;
    const TensorInfo* previous = nullptr;
    for (const TensorInfo* tensor : order) {
      if (tensor->begin < covered) {
        fail(named(previous) + " and " + named(tensor) + " overlap");
      }
      if (tensor->begin > covered) {
        fail(file_bytes(covered, tensor->begin) + " belong to no tensor: a gap " +
             (previous ? "between " + named(previous) + " and " : std::string("before ")) +
             named(tensor));
      }
      covered = tensor->end;
      previous = tensor;
    }
    if (covered != data_.size()) {
      fail(file_bytes(covered, data_.size()) + " belong to no tensor: " +
           (previous ? "the last one is " + named(previous)
                     : std::string("the header lists no tensors")));
    }
  }

  //! Throws unless `tensor` is (a copy of) one of this view's.
  void check_is_mine(const TensorInfo& tensor) const {
    const TensorInfo* mine = find(tensor.name);
    if (mine == nullptr || mine->dtype != tensor.dtype || mine->begin != tensor.begin ||
        mine->end != tensor.end) {
      fail("tensor " + detail::json_string(tensor.name) + " is not a tensor of this file");
    }
  }

  std::string source_;
  std::span<const std::byte> data_;
  std::size_t data_start_ = 0;
  std::vector<TensorInfo> tensors_;
  std::map<std::string, std::string> metadata_;
};

//! A tensor for `write_safetensors`: its name, shape (row-major; `{}` is a scalar) and values,
//! F32 for floats and F64 for doubles. `values` refers to the caller's memory.
struct TensorToWrite {
  std::string name;
  std::vector<std::size_t> shape;
  std::variant<std::span<const float>, std::span<const double>> values;
};

//! The bytes of a safetensors file holding `tensors` and, when not empty, `metadata` as
//! `__metadata__`, laid out as the reference implementation (safetensors' `serialize`) lays them
//! out: the tensors ordered by decreasing element size (F64, then F32) and then by name, their
//! data one after the other in that order; the header compact JSON with `__metadata__` first
//! (its keys sorted), each tensor's fields in the order dtype, shape, data_offsets, padded to a
//! multiple of 8 bytes with spaces, so that every tensor's data is aligned to its element size
//! in the file. Throws `ctnn::error` naming the tensor or metadata key when a name or text is
//! not valid UTF-8, a tensor is named `__metadata__` or two share a name, the number of values is
//! not the product of the shape, or the header would exceed `max_header_size`.
[[nodiscard]] inline std::vector<std::byte> write_safetensors(
    std::span<const TensorToWrite> tensors,
    const std::map<std::string, std::string>& metadata = {}) {
  const auto fail = [](const std::string& message) -> error {
    return error("ctnn::io::write_safetensors: " + message);
  };
  const auto check_utf8 = [&fail](std::string_view text, const std::string& what) {
    if (const auto at = ctnn::detail::invalid_utf8_at(text)) {
      throw fail(what + " is not valid UTF-8 (at byte " + std::to_string(*at) + ")");
    }
  };
  const auto dtype_of = [](const TensorToWrite& t) {
    return t.values.index() == 0 ? Dtype::F32 : Dtype::F64;
  };

  std::vector<const TensorToWrite*> order;
  for (const TensorToWrite& tensor : tensors) {
    check_utf8(tensor.name, "a tensor name");
    order.push_back(&tensor);
  }
  std::sort(order.begin(), order.end(), [&](const TensorToWrite* a, const TensorToWrite* b) {
    const std::size_t size_a = dtype_size(dtype_of(*a));
    const std::size_t size_b = dtype_size(dtype_of(*b));
    return size_a != size_b ? size_a > size_b : a->name < b->name;
  });

  std::string header = "{";
  if (!metadata.empty()) {
    header += "\"__metadata__\":{";
    for (const auto& [key, value] : metadata) {
      check_utf8(key, "a metadata key");
      check_utf8(value, "the metadata value of " + detail::json_string(key));
      // Appended piece by piece: g++ 12 at -O3 warns falsely (-Wrestrict, GCC bug 105651)
      // about "literal" + std::string here, in a program that saves a net.
      if (header.back() != '{') header += ',';
      header += detail::json_string(key);
      header += ':';
      header += detail::json_string(value);
    }
    header += "}";
  }
  std::set<std::string_view> names;
  std::size_t offset = 0;
  for (const TensorToWrite* tensor : order) {
    const std::string name = detail::json_string(tensor->name);
    if (tensor->name == "__metadata__") {
      throw fail("a tensor cannot be named \"__metadata__\": the header's key for metadata");
    }
    if (!names.insert(tensor->name).second) {
      throw fail("two tensors are named " + name);
    }
    const Dtype dtype = dtype_of(*tensor);
    const auto size = detail::byte_count(tensor->shape, dtype_size(dtype));
    const std::size_t values =
        std::visit([](const auto& span) { return span.size(); }, tensor->values);
    if (!size || *size / dtype_size(dtype) != values) {
      throw fail("tensor " + name + " has shape " + detail::shape_text(tensor->shape) + " (" +
                 (size ? std::to_string(*size / dtype_size(dtype)) : std::string("too many")) +
                 " elements) but " + std::to_string(values) + " values");
    }
    std::string shape;
    for (const std::size_t extent : tensor->shape) {
      if (!shape.empty()) shape += ',';
      shape += std::to_string(extent);
    }
    header += (header.back() == '{' ? "" : ",") + name + ":{\"dtype\":\"" +
              std::string(dtype_name(dtype)) + "\",\"shape\":[" + shape +
              "],\"data_offsets\":[" + std::to_string(offset) + "," +
              std::to_string(offset + *size) + "]}";
    offset += *size;
  }
  header += "}";
  header.append((8 - header.size() % 8) % 8, ' ');
  if (header.size() > max_header_size) {
    throw fail("the header would be " + std::to_string(header.size()) +
               " bytes, over the limit of " + std::to_string(max_header_size) +
               " bytes that readers accept");
  }

  std::vector<std::byte> out;
  out.reserve(8 + header.size() + offset);
  detail::store_little_endian(out, std::uint64_t{header.size()});
  for (const char c : header) {
    out.push_back(static_cast<std::byte>(c));
  }
  for (const TensorToWrite* tensor : order) {
    std::visit(
        [&out](const auto& span) {
          for (const auto v : span) {
            if constexpr (std::is_same_v<std::remove_cvref_t<decltype(v)>, float>) {
              detail::store_little_endian(out, std::bit_cast<std::uint32_t>(v));
            } else {
              detail::store_little_endian(out, std::bit_cast<std::uint64_t>(v));
            }
          }
        },
        tensor->values);
  }
  return out;
}

}  // namespace ctnn::io

#endif
