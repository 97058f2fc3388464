#ifndef CTNN_IO_LOAD_ANY_HPP
#define CTNN_IO_LOAD_ANY_HPP

//! @file load_any.hpp
//! Loading a file into whichever of a fixed set of compiled net types it fits, chosen at run
//! time: a plugin that offers a few model sizes picks the one a user's file holds.

#include <array>
#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <ctnn/error.hpp>
#include <ctnn/io/file_bytes.hpp>
#include <ctnn/io/load_net.hpp>

namespace ctnn::io {

namespace detail {

//! "architecture "Dense<4, 8, ReLU>, Dense<8, 2>" and tensors "0.weight" F32 [8, 4], ...": what
//! `view` holds.
[[nodiscard]] inline std::string file_contents(const SafetensorsView& view) {
  const auto& metadata = view.metadata();
  const auto recorded = metadata.find(std::string(architecture_key));
  std::string text = recorded == metadata.end()
                         ? std::string("no recorded architecture")
                         : "architecture " + json_string(recorded->second);
  text += view.tensors().empty() ? " and no tensors" : " and tensors";
  constexpr std::size_t most = 12;
  for (std::size_t k = 0; k < view.tensors().size() && k < most; ++k) {
    const TensorInfo& info = view.tensors()[k];
    text += (k == 0 ? " " : ", ") + json_string(info.name) + " " +
            std::string(dtype_name(info.dtype)) + " " + shape_text(info.shape);
  }
  if (view.tensors().size() > most) {
    text += ", … (" + std::to_string(view.tensors().size()) + " in all)";
  }
  return text;
}

//! Why `view` does not fit Net (empty when it does).
template <class Net>
[[nodiscard]] std::string misfit(const SafetensorsView& view, const NetFileOptions& options) {
  if (options.check_architecture) {
    if (std::string mismatch = architecture_mismatch<Net>(view); !mismatch.empty()) {
      return mismatch;
    }
  }
  const TensorFit fit = tensor_fit<Net>(view);
  return fit.problems.empty() ? std::string() : fit.describe();
}

template <class... Nets>
[[nodiscard]] std::variant<Nets...> load_any(std::span<const std::byte> file,
                                             const NetFileOptions& options,
                                             const std::string& source) {
  static_assert(sizeof...(Nets) > 0, "ctnn::io::load_any<Nets...>: name at least one net type");
  const auto fail = [&source](const std::string& message) {
    throw error("ctnn::io::load_any: " + source + ": " + message);
  };
  const SafetensorsView view(file, source);
  const std::array<std::string, sizeof...(Nets)> misfits{misfit<Nets>(view, options)...};
  const std::array<std::string, sizeof...(Nets)> architectures{architecture<Nets>()...};
  std::vector<std::size_t> fitting;
  for (std::size_t k = 0; k < misfits.size(); ++k) {
    if (misfits[k].empty()) fitting.push_back(k);
  }
  if (fitting.empty()) {
    std::string message = "the file fits none of the " + std::to_string(sizeof...(Nets)) +
                          " candidate nets. It holds " + file_contents(view) + ".";
    for (std::size_t k = 0; k < misfits.size(); ++k) {
      message += " Candidate " + std::to_string(k) + " (" + architectures[k] + "): " +
                 misfits[k] + ".";
    }
    fail(message);
  }
  if (fitting.size() > 1) {
    std::string message = "the file fits more than one candidate net:";
    for (const std::size_t k : fitting) {
      message += (k == fitting.front() ? " " : ", ") + std::to_string(k) + " (" +
                 architectures[k] + ")";
    }
    fail(message + "; it holds " + file_contents(view) +
         ", and the candidates must differ in their architectures or tensors");
  }

  std::variant<Nets...> result;
  const std::size_t chosen = fitting.front();
  ctnn::detail::for_each_index(
      [&](auto i) {
        if (i == chosen) {
          using Net = std::variant_alternative_t<i, std::variant<Nets...>>;
          read_parameters(result.template emplace<i>(), view, tensor_fit<Net>(view).tensors,
                          options, fail);
        }
      },
      std::index_sequence_for<Nets...>{});
  return result;
}

}  // namespace detail

//! Loads `file` (the bytes of a safetensors file) into the one net type among Nets that it fits,
//! and returns it in a variant. A file fits a net when load_safetensors would load it: its
//! recorded architecture, when it has one, is the net's (unless !options.check_architecture),
//! and its tensors are the net's by name and shape (in either numbering), of a dtype ctnn
//! reads. Throws ctnn::error when it fits none (listing what the file holds and why each
//! candidate does not fit), fits several (a file without a recorded architecture may fit nets
//! that differ only in their activations), is malformed, or holds a value that is not finite.
//! The nets are held in the variant itself: a variant of big nets belongs on the heap,
//! `std::unique_ptr<V> model(new V(load_any<...>(path)))` constructs it there directly.
template <class... Nets>
[[nodiscard]] std::variant<Nets...> load_any(std::span<const std::byte> file,
                                             const NetFileOptions& options = {}) {
  return detail::load_any<Nets...>(file, options, "bytes in memory");
}

//! The same from the file at `path`, which messages name.
template <class... Nets>
[[nodiscard]] std::variant<Nets...> load_any(const std::filesystem::path& path,
                                             const NetFileOptions& options = {}) {
  const std::vector<std::byte> file = load_file_bytes(path);
  return detail::load_any<Nets...>(file, options, path.string());
}

}  // namespace ctnn::io

#endif
