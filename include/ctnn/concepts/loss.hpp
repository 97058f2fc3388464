#ifndef CTNN_CONCEPTS_LOSS_HPP
#define CTNN_CONCEPTS_LOSS_HPP

#include <concepts>

namespace ctnn {

//! The element that closes a `Net`: it turns the last layer's outputs and the targets into a
//! mean loss and its gradient, and outputs into predictions.
//!
//! Minimal complete definition:
//! - `is_loss = true`; `class_targets`: whether targets are class indices (else numbers,
//!   batch x outputs); and `fuses_sigmoid`: whether the loss works on the last layer's
//!   pre-activation and applies the (required) Sigmoid itself, for a stable gradient p - t;
//! - `check_last_layer<Last>`: a type whose `value` is true when the last layer fits this loss
//!   (and whose static_asserts explain why not);
//! - `evaluate<N>(z, targets, rows, dz)`: the mean loss of `rows` rows of N values, and
//!   dz = d(mean loss)/dz when dz is not null;
//! - `predict<N>(out)` (in place) and `classify<N>(out)`;
//! - `is_classifier`: whether targets name classes, so that accuracy means something; such a
//!   loss has `true_class(target)`, the class a target names, and `predicted_class<N>(z)`, the
//!   class of one row of training outputs as `evaluate` reads them (accuracy counts the rows
//!   where the two agree).
template <class L>
concept Loss = requires {
  { L::is_loss } -> std::convertible_to<bool>;
  { L::fuses_sigmoid } -> std::convertible_to<bool>;
  { L::class_targets } -> std::convertible_to<bool>;
  { L::is_classifier } -> std::convertible_to<bool>;
} && L::is_loss;

}  // namespace ctnn

#endif
