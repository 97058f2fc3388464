#ifndef CTNN_CONCEPTS_PARAMETER_TENSORS_HPP
#define CTNN_CONCEPTS_PARAMETER_TENSORS_HPP

//! @file parameter_tensors.hpp
//! How a layer's parameters appear in a file: as tensors with PyTorch's names and shapes. A layer
//! with parameters declares them in `parameter_tensors` (part of the layer contract,
//! concepts/layer.hpp); ctnn::io saves and loads every layer through that declaration alone.

#include <algorithm>
#include <array>
#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <span>
#include <string_view>

#include <ctnn/error.hpp>

namespace ctnn {

//! A tensor's shape, row-major, as PyTorch gives it: [Out, In] for nn.Linear's weight. At most
//! `max_rank` extents; `{}` is a scalar.
struct TensorShape {
  static constexpr std::size_t max_rank = 4;
  std::array<std::size_t, max_rank> extents{};
  std::size_t rank = 0;

  constexpr TensorShape() = default;
  //! `{Out, In}`. More than max_rank extents is an error (a compile error in a constant).
  constexpr TensorShape(std::initializer_list<std::size_t> list) : rank(list.size()) {
    if (list.size() > max_rank) {
      throw error("ctnn::TensorShape: at most 4 extents");
    }
    std::copy(list.begin(), list.end(), extents.begin());
  }

  //! The extents, rank of them.
  [[nodiscard]] constexpr std::span<const std::size_t> view() const {
    return std::span<const std::size_t>(extents).first(rank);
  }
  //! The number of elements: the product of the extents (1 for a scalar).
  [[nodiscard]] constexpr std::size_t element_count() const {
    std::size_t count = 1;
    for (const std::size_t extent : view()) count *= extent;
    return count;
  }
};

//! One parameter tensor of a layer.
//! - `name`: what follows the element's index in the file: "weight" is saved as "0.weight" for
//!   the net's element 0 (PyTorch's nn.Sequential names its modules' parameters so);
//! - `shape`: PyTorch's shape of it;
//! - `offset`: where its values start in the layer's slice of the parameter block;
//! - `transposed`: false when the slice holds the values in the order of `shape` (row-major);
//!   true, for two or more extents, when it holds the transpose of the matrix [a, b] that the
//!   shape is read as, a its first extent and b the product of the others: element (i, j) of
//!   that matrix at offset + j·a + i (Dense stores nn.Linear's weight [Out, In] as W[In][Out],
//!   Conv1D nn.Conv1d's [Out, In, K] as W[In·K][Out]).
struct ParameterTensor {
  std::string_view name;
  TensorShape shape;
  std::size_t offset = 0;
  bool transposed = false;
};

//! A layer that declares its parameter tensors: `L::parameter_tensors`, a static constexpr
//! array of ParameterTensor, e.g. Dense's
//! @code
//! static constexpr std::array parameter_tensors{
//!     ParameterTensor{.name = "weight", .shape = {Out, In}, .offset = 0, .transposed = true},
//!     ParameterTensor{.name = "bias", .shape = {Out}, .offset = In * Out},
//! };
//! @endcode
//! The declaration must cover the layer's parameter_count values exactly: see
//! `parameter_tensors_cover`.
template <class L>
concept DeclaresParameterTensors = requires {
  std::span<const ParameterTensor>(L::parameter_tensors);
};

//! Whether `tensors` describe a slice of `parameter_count` values exactly: each tensor inside
//! it, no two overlapping, every value in one of them (so their element counts add up to
//! parameter_count); names not empty, without '.', and distinct; `transposed` only for two
//! or more extents.
[[nodiscard]] constexpr bool parameter_tensors_cover(std::span<const ParameterTensor> tensors,
                                                     std::size_t parameter_count) {
  std::size_t total = 0;
  for (std::size_t a = 0; a < tensors.size(); ++a) {
    const ParameterTensor& t = tensors[a];
    const std::size_t count = t.shape.element_count();
    if (t.name.empty() || t.name.find('.') != std::string_view::npos ||
        (t.transposed && t.shape.rank < 2) || t.offset > parameter_count ||
        count > parameter_count - t.offset) {
      return false;
    }
    for (std::size_t b = 0; b < a; ++b) {
      const ParameterTensor& u = tensors[b];
      const bool apart = t.offset + count <= u.offset ||
                         u.offset + u.shape.element_count() <= t.offset;
      if (t.name == u.name || !apart) return false;
    }
    total += count;
  }
  return total == parameter_count;
}

}  // namespace ctnn

#endif
