#ifndef CTNN_CONCEPTS_OPTIMIZER_HPP
#define CTNN_CONCEPTS_OPTIMIZER_HPP

#include <concepts>
#include <cstddef>
#include <span>

namespace ctnn {

//! An update rule over the net's one flat parameter block.
//!
//! Minimal complete definition, for an optimizer `O` and a scalar type `T`:
//! - `O::state_type<T>`: whatever the rule remembers between steps (momentum buffers, moments,
//!   the step count), sized for the whole block;
//! - `o.make_state<T>(n)`: a fresh state for `n` parameters (this is where it allocates);
//! - `o.step(params, grads, state)`: one update of `params` from the gradient `grads` of the
//!   mean loss. It allocates nothing.
//! The optimizer object holds only hyper-parameters, which a schedule may change between steps.
template <class O, class T = float>
concept Optimizer = requires(const O& optimizer, std::size_t n, std::span<T> params,
                             std::span<const T> grads,
                             typename O::template state_type<T>& state) {
  { optimizer.template make_state<T>(n) } -> std::same_as<typename O::template state_type<T>>;
  optimizer.step(params, grads, state);
};

//! An optimizer that can say, for its current settings, that its update of a parameter depends
//! on that parameter's gradient alone and touches no state (`o.updates_each_parameter_alone()`):
//! a trainer may then apply it to pieces of the gradient as the backward pass finishes them
//! (SGD without momentum).
template <class O>
concept FusableOptimizer = requires(const O& optimizer) {
  { optimizer.updates_each_parameter_alone() } -> std::convertible_to<bool>;
};

}  // namespace ctnn

#endif
