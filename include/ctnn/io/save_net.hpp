#ifndef CTNN_IO_SAVE_NET_HPP
#define CTNN_IO_SAVE_NET_HPP

//! @file save_net.hpp
//! Saving a net's parameters as a safetensors file that PyTorch's nn.Sequential loads
//! (`load_state_dict`) and `load_safetensors` (io/load_net.hpp) reads back bit for bit.

#include <cmath>
#include <cstddef>
#include <filesystem>
#include <map>
#include <span>
#include <string>
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

//! The file's bytes; messages name it `destination`.
template <class T, class... Elements>
[[nodiscard]] std::vector<std::byte> net_file(const BasicNet<T, Elements...>& net,
                                              const NetFileOptions& options,
                                              const std::string& destination) {
  using Net = BasicNet<T, Elements...>;
  const std::vector<NetTensor> tensors = net_tensors<Net>(options.numbering);
  const std::span<const T> parameters = net.parameters();
  std::vector<std::vector<T>> values;
  values.reserve(tensors.size());
  std::vector<TensorToWrite> to_write;
  for (const NetTensor& tensor : tensors) {
    std::vector<T>& v = values.emplace_back(tensor.element_count());
    for (std::size_t k = 0; k < v.size(); ++k) {
      v[k] = parameters[tensor.parameter_index(k)];
      if (!options.allow_non_finite && !std::isfinite(v[k])) {
        throw error("ctnn::io::save_safetensors: " + destination + ": " +
                    tensor.value_at(k, static_cast<double>(v[k])) +
                    "; nothing was written (NetFileOptions::allow_non_finite saves it)");
      }
    }
    to_write.push_back({tensor.name, tensor.shape, std::span<const T>(v)});
  }
  const std::map<std::string, std::string> metadata{
      {"format", "pt"},
      {std::string(architecture_key), architecture<Net>()},
      {std::string(architecture_hash_key), architecture_hash<Net>()},
  };
  return write_safetensors(to_write, metadata);
}

}  // namespace detail

//! The net's parameters as the bytes of a safetensors file, in the net's scalar type (F32 for
//! float, F64 for double), with the names of `options.numbering` (by default the net as
//! written: "0.weight", "0.bias", "2.weight", ...; Dense's weight [Out, In] as nn.Linear holds
//! it, PReLU's [N]) and `__metadata__` {"format": "pt", "ctnn.architecture": ...,
//! "ctnn.architecture.fnv1a64": ...} (io/net_architecture.hpp). Throws ctnn::error naming the
//! tensor and element when a parameter is NaN or infinite, unless options.allow_non_finite.
template <class T, class... Elements>
[[nodiscard]] std::vector<std::byte> save_safetensors(const BasicNet<T, Elements...>& net,
                                                      const NetFileOptions& options = {}) {
  return detail::net_file(net, options, "bytes in memory");
}

//! Saves the file above as `path`, atomically: a temporary file beside it, synced, then renamed
//! over it. Throws ctnn::error naming `path` when a parameter is not finite (unless
//! options.allow_non_finite) or the file cannot be written; any previous file at `path` is
//! then unchanged.
template <class T, class... Elements>
void save_safetensors(const BasicNet<T, Elements...>& net, const std::filesystem::path& path,
                      const NetFileOptions& options = {}) {
  save_bytes_atomically(path, detail::net_file(net, options, path.string()));
}

}  // namespace ctnn::io

#endif
