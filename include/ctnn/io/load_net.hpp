#ifndef CTNN_IO_LOAD_NET_HPP
#define CTNN_IO_LOAD_NET_HPP

//! @file load_net.hpp
//! Loading a net's parameters from a safetensors file: one that `save_safetensors`
//! (io/save_net.hpp) wrote, or one of PyTorch's nn.Sequential (tools/export_pytorch.py).

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <ctnn/error.hpp>
#include <ctnn/io/file_bytes.hpp>
#include <ctnn/io/net_architecture.hpp>
#include <ctnn/io/net_file_options.hpp>
#include <ctnn/io/net_tensors.hpp>
#include <ctnn/io/safetensors.hpp>
#include <ctnn/net.hpp>

namespace ctnn::io {

namespace detail {

//! The net's tensors named as `view` names them: in the numbering, as written or with separate
//! activation modules, of which the file holds more names (as written when as many).
template <class Net>
[[nodiscard]] std::vector<NetTensor> tensors_named_as_in(const SafetensorsView& view,
                                                         TensorNumbering& numbering) {
  const auto found = [&view](const std::vector<NetTensor>& tensors) {
    return std::ranges::count_if(tensors,
                                 [&view](const NetTensor& t) { return view.find(t.name); });
  };
  std::vector<NetTensor> written = net_tensors<Net>(TensorNumbering::as_written);
  std::vector<NetTensor> separate = net_tensors<Net>(TensorNumbering::separate_activations);
  numbering = found(separate) > found(written) ? TensorNumbering::separate_activations
                                               : TensorNumbering::as_written;
  return numbering == TensorNumbering::as_written ? written : separate;
}

//! What is wrong with the architecture `view` records for Net: empty when it records none or
//! Net's, else a text naming both.
template <class Net>
[[nodiscard]] std::string architecture_mismatch(const SafetensorsView& view) {
  const auto& metadata = view.metadata();
  const auto text = metadata.find(std::string(architecture_key));
  const auto hash = metadata.find(std::string(architecture_hash_key));
  const std::string mine = architecture<Net>();
  const std::string my_hash = architecture_hash<Net>();
  if ((text == metadata.end() || text->second == mine) &&
      (hash == metadata.end() || hash->second == my_hash)) {
    return {};
  }
  const std::string theirs =
      text == metadata.end() ? std::string("not recorded") : json_string(text->second);
  const std::string their_hash = hash == metadata.end() ? std::string("not recorded")
                                                        : json_string(hash->second);
  return "the file was saved from another architecture: the file's is " + theirs + " (hash " +
         their_hash + "), the net's " + json_string(mine) + " (hash \"" + my_hash +
         "\"); NetFileOptions::check_architecture = false loads it if its tensors fit";
}

//! What is wrong with `view`'s tensors for `tensors` (of a net of T), one text per problem:
//! a tensor missing, of another shape, of a dtype ctnn does not read, or not the net's.
template <class T>
[[nodiscard]] std::vector<std::string> tensor_problems(const SafetensorsView& view,
                                                       const std::vector<NetTensor>& tensors) {
  std::vector<std::string> problems;
  for (const NetTensor& tensor : tensors) {
    const TensorInfo* info = view.find(tensor.name);
    if (info == nullptr) {
      problems.push_back("no " + tensor.describe() + ", of shape " + shape_text(tensor.shape));
      continue;
    }
    if (info->shape != tensor.shape) {
      problems.push_back(tensor.describe() + " has shape " + shape_text(info->shape) +
                         " in the file, the net's is " + shape_text(tensor.shape));
    }
    if (!is_floating_dtype(info->dtype)) {
      problems.push_back(tensor.describe() + " has dtype " +
                         std::string(dtype_name(info->dtype)) +
                         ", which ctnn does not read (F32, F64, F16 and BF16, converted to " +
                         (std::is_same_v<T, float> ? "float" : "double") + ")");
    }
  }
  for (const TensorInfo& info : view.tensors()) {
    const auto is_info = [&info](const NetTensor& t) { return t.name == info.name; };
    if (std::ranges::none_of(tensors, is_info)) {
      problems.push_back("tensor " + json_string(info.name) + " (" +
                         std::string(dtype_name(info.dtype)) + ", shape " +
                         shape_text(info.shape) + ") is no parameter of the net");
    }
  }
  return problems;
}

//! "the net's tensors, numbered as written: "0.weight" [8, 4], "0.bias" [8], ...".
[[nodiscard]] inline std::string tensor_list(const std::vector<NetTensor>& tensors,
                                             TensorNumbering numbering) {
  std::string text = numbering == TensorNumbering::as_written
                         ? "the net's tensors, numbered as written:"
                         : "the net's tensors, numbered with an activation module after each "
                           "layer with a fused activation:";
  constexpr std::size_t most = 12;
  for (std::size_t k = 0; k < tensors.size() && k < most; ++k) {
    text += (k == 0 ? " " : ", ") + json_string(tensors[k].name) + " " +
            shape_text(tensors[k].shape);
  }
  if (tensors.size() > most) text += ", … (" + std::to_string(tensors.size()) + " in all)";
  return text;
}

//! How the tensors of a file fit a net: the numbering its names use, the net's tensors so
//! named, and what does not fit (nothing when the file fits).
struct TensorFit {
  TensorNumbering numbering{};
  std::vector<NetTensor> tensors;
  std::vector<std::string> problems;

  //! "the file does not fit the net: <problems> (the net's tensors, ...)".
  [[nodiscard]] std::string describe() const {
    std::string message = "the file does not fit the net: ";
    constexpr std::size_t most = 10;
    for (std::size_t k = 0; k < problems.size() && k < most; ++k) {
      message += (k == 0 ? "" : "; ") + problems[k];
    }
    if (problems.size() > most) {
      message += "; and " + std::to_string(problems.size() - most) + " problems more";
    }
    return message + " (" + tensor_list(tensors, numbering) + ")";
  }
};

//! How `view`'s tensors fit Net.
template <class Net>
[[nodiscard]] TensorFit tensor_fit(const SafetensorsView& view) {
  TensorFit fit;
  fit.tensors = tensors_named_as_in<Net>(view, fit.numbering);
  fit.problems = tensor_problems<typename Net::value_type>(view, fit.tensors);
  return fit;
}

//! Sets `net`'s parameters from `view`'s `tensors`, which fit it (tensor_fit); throws through
//! `fail` at a value that is not finite (unless options.allow_non_finite), the net unchanged.
template <class T, class... Elements, class Fail>
void read_parameters(BasicNet<T, Elements...>& net, const SafetensorsView& view,
                     const std::vector<NetTensor>& tensors, const NetFileOptions& options,
                     Fail fail) {
  // Everything into a buffer first: the net changes only once the whole file has been read.
  std::vector<T> buffer(BasicNet<T, Elements...>::parameter_count);
  for (const NetTensor& tensor : tensors) {
    const std::vector<double> values = view.read_as<double>(view.at(tensor.name));
    for (std::size_t k = 0; k < values.size(); ++k) {
      const T value = static_cast<T>(values[k]);
      if (!options.allow_non_finite && !std::isfinite(value)) {
        fail(tensor.value_at(k, values[k]) +
             (std::isfinite(values[k]) ? ", beyond the range of float" : std::string()) +
             " (NetFileOptions::allow_non_finite loads it)");
      }
      buffer[tensor.parameter_index(k)] = value;
    }
  }
  std::ranges::copy(buffer, net.parameters().begin());
}

//! Loads `file` into `net`; messages name it `source`.
template <class T, class... Elements>
void load_net(BasicNet<T, Elements...>& net, std::span<const std::byte> file,
              const NetFileOptions& options, const std::string& source) {
  using Net = BasicNet<T, Elements...>;
  const auto fail = [&source](const std::string& message) {
    throw error("ctnn::io::load_safetensors: " + source + ": " + message);
  };
  const SafetensorsView view(file, source);
  if (options.check_architecture) {
    if (const std::string mismatch = architecture_mismatch<Net>(view); !mismatch.empty()) {
      fail(mismatch);
    }
  }
  const TensorFit fit = tensor_fit<Net>(view);
  if (!fit.problems.empty()) fail(fit.describe());
  read_parameters(net, view, fit.tensors, options, fail);
}

}  // namespace detail

//! Sets `net`'s parameters from `file`, the bytes of a safetensors file. Accepts:
//! - tensors named as `save_safetensors` names them, in either numbering (TensorNumbering): as
//!   the net is written, or as an nn.Sequential with an activation module after each layer with
//!   a fused activation; Dense's weight [Out, In] as nn.Linear holds it, PReLU's [N];
//! - dtypes F32, F64, F16 and BF16, converted to the net's scalar type (to the nearest float
//!   for F64 in a float net; F16 and BF16 exactly);
//! - `__metadata__` with or without the architecture (io/net_architecture.hpp); when there is
//!   one it must be the net's (unless !options.check_architecture).
//! Throws ctnn::error naming the file ("bytes in memory"), and leaves the parameters unchanged,
//! when the file is malformed (SafetensorsView's checks), records another architecture (both
//! are named), lacks a tensor of the net or holds one that is not, has a tensor of another
//! shape (both are named) or of a dtype it does not read, or holds a NaN or infinity (naming
//! the tensor and element; unless options.allow_non_finite).
template <class T, class... Elements>
void load_safetensors(BasicNet<T, Elements...>& net, std::span<const std::byte> file,
                      const NetFileOptions& options = {}) {
  detail::load_net(net, file, options, "bytes in memory");
}

//! The same from the file at `path`, which messages name.
template <class T, class... Elements>
void load_safetensors(BasicNet<T, Elements...>& net, const std::filesystem::path& path,
                      const NetFileOptions& options = {}) {
  const std::vector<std::byte> file = load_file_bytes(path);
  detail::load_net(net, file, options, path.string());
}

}  // namespace ctnn::io

#endif
