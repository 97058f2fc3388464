#ifndef CTNN_CONCEPTS_LAYER_HPP
#define CTNN_CONCEPTS_LAYER_HPP

#include <concepts>
#include <cstddef>

#include <ctnn/concepts/activation.hpp>

namespace ctnn {

//! A trainable map R^in_size -> R^out_size, described by a type; its parameters live in the
//! net's one flat block at a compile-time offset.
//!
//! Minimal complete definition: `in_size`, `out_size`, `parameter_count`, `weight_count` (the
//! leading parameters that are weights, the ones L2 regularization and initialization touch),
//! `activation`, and the static functions `forward`, `forward_scalar`, `weight_gradient`,
//! `input_gradient` and `init` (see `Dense`).
//! Law: inside Net<..., A, B, ...>, A::out_size == B::in_size.
template <class L>
concept Layer = requires {
  { L::in_size } -> std::convertible_to<std::size_t>;
  { L::out_size } -> std::convertible_to<std::size_t>;
  { L::parameter_count } -> std::convertible_to<std::size_t>;
  { L::weight_count } -> std::convertible_to<std::size_t>;
  typename L::activation;
};

}  // namespace ctnn

#endif
