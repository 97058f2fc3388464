#ifndef CTNN_IO_NET_TENSORS_HPP
#define CTNN_IO_NET_TENSORS_HPP

//! @file net_tensors.hpp
//! A net's parameters as the tensors of a file: their names ("2.weight"), PyTorch's shapes, and
//! where their values are in `net.parameters()`, from each layer's `parameter_tensors`
//! (concepts/parameter_tensors.hpp). Nothing here knows any particular layer.

#include <concepts>
#include <cstddef>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include <ctnn/activations/identity.hpp>
#include <ctnn/concepts/named.hpp>
#include <ctnn/concepts/parameter_tensors.hpp>
#include <ctnn/io/net_file_options.hpp>
#include <ctnn/io/safetensors.hpp>
#include <ctnn/report/format.hpp>

namespace ctnn::io {

//! One parameter tensor of a net.
struct NetTensor {
  std::string name;                //!< "2.weight": the element's index, '.', the layer's name
  std::vector<std::size_t> shape;  //!< PyTorch's shape
  std::size_t offset = 0;          //!< where its values start in net.parameters()
  bool transposed = false;         //!< as ParameterTensor::transposed
  std::size_t layer = 0;           //!< the index of its layer
  std::string layer_name;          //!< "Dense<100, 10>"

  //! The number of values.
  [[nodiscard]] std::size_t element_count() const {
    std::size_t count = 1;
    for (const std::size_t extent : shape) count *= extent;
    return count;
  }

  //! Where the k-th value in PyTorch's (row-major) order is in net.parameters().
  [[nodiscard]] std::size_t parameter_index(std::size_t k) const {
    if (!transposed) return offset + k;
    const std::size_t columns = element_count() / shape[0];
    return offset + k % columns * shape[0] + k / columns;
  }

  //! "tensor "2.weight" (layer 1, Dense<100, 10>)".
  [[nodiscard]] std::string describe() const {
    return "tensor " + detail::json_string(name) + " (layer " + std::to_string(layer) + ", " +
           layer_name + ")";
  }

  //! "tensor "0.weight" (layer 0, Dense<3, 2>) is nan at element 4 (index [1, 1])": its k-th
  //! value in PyTorch's (row-major) order is `value`.
  [[nodiscard]] std::string value_at(std::size_t k, double value) const {
    std::vector<std::size_t> index(shape.size());
    std::size_t rest = k;
    for (std::size_t d = shape.size(); d-- > 0;) {
      index[d] = rest % shape[d];
      rest /= shape[d];
    }
    return describe() + " is " + ctnn::detail::shortest_decimal(value) + " at element " +
           std::to_string(k) + " (index " + detail::shape_text(index) + ")";
  }
};

namespace detail {

//! L's parameter tensors: checked, and none for a layer without parameters.
template <class L>
struct parameter_tensors_of {
  static_assert(L::parameter_count == 0 || DeclaresParameterTensors<L>,
                "ctnn::io: this layer has parameters but no `parameter_tensors`, so a net with it "
                "cannot be saved or loaded; declare them in the layer (docs/extending.md, "
                "concepts/parameter_tensors.hpp). The layer is the template argument of "
                "parameter_tensors_of<...> in this error's context");
  static constexpr std::span<const ParameterTensor> value = [] {
    if constexpr (DeclaresParameterTensors<L>) {
      return std::span<const ParameterTensor>(L::parameter_tensors);
    } else {
      return std::span<const ParameterTensor>();
    }
  }();
  static_assert(!DeclaresParameterTensors<L> || parameter_tensors_cover(value, L::parameter_count),
                "ctnn::io: this layer's `parameter_tensors` do not cover its parameter_count "
                "values exactly, or a name is empty, holds '.' or repeats, or a tensor of fewer "
                "than two extents is transposed (see parameter_tensors_cover)");
};

//! A layer with parameters and an activation other than Identity: in nn.Sequential, a module
//! and its activation module.
template <class L>
concept has_fused_activation = L::parameter_count > 0 && requires { typename L::activation; } &&
                               !std::same_as<typename L::activation, Identity>;

}  // namespace detail

//! Net's parameter tensors, layer by layer, in the order of net.parameters(), named with
//! `numbering`. Every layer with parameters must declare them (`parameter_tensors`), else this
//! does not compile.
template <class Net>
[[nodiscard]] std::vector<NetTensor> net_tensors(TensorNumbering numbering) {
  std::vector<NetTensor> tensors;
  std::size_t module = 0;  // in the numbering with separate activation modules
  Net::for_each_layer([&](auto i) {
    using L = typename Net::template layer_type<i>;
    const std::size_t index =
        numbering == TensorNumbering::as_written ? Net::element_index(i) : module;
    module += detail::has_fused_activation<L> ? 2 : 1;
    for (const ParameterTensor& t : detail::parameter_tensors_of<L>::value) {
      const auto shape = t.shape.view();
      tensors.push_back({std::to_string(index) + "." + std::string(t.name),
                         std::vector<std::size_t>(shape.begin(), shape.end()),
                         Net::parameter_offset(i) + t.offset, t.transposed, i, name_of<L>()});
    }
  });
  return tensors;
}

}  // namespace ctnn::io

#endif
