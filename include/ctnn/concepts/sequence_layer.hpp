#ifndef CTNN_CONCEPTS_SEQUENCE_LAYER_HPP
#define CTNN_CONCEPTS_SEQUENCE_LAYER_HPP

//! @file sequence_layer.hpp
//! The contract of a layer that carries a state from one time step to the next (GRU, LSTM,
//! causal Conv1D); docs/extending.md walks through it.

#include <concepts>
#include <cstddef>

#include <ctnn/init.hpp>

namespace ctnn {

//! A layer run over time: at each step it maps in_size values to out_size values and advances
//! a state. All members are static; the state lives outside the layer (and the net), so that a
//! const net serves any number of streams at once.
//!
//! - Sizes as `Layer`'s, per time step: `in_size`, `out_size`, `parameter_count`,
//!   `weight_count` (the leading parameters that are weights);
//! - `state_type<T>`: one sequence's state, for T = float or double; a value-initialized
//!   state (`state_type<T>{}`) is the state before the first step (PyTorch's zero initial
//!   state); copying it copies the stream's position;
//! - `step(params, x, state, y)`: one time step, y (out_size) from x (in_size); advances
//!   `state`; allocates nothing;
//! - `init(params, random)`: the starting parameters.
//!
//! Files: `parameter_tensors` and `name()` as for any layer (concepts/parameter_tensors.hpp).
template <class L>
concept SequenceLayer =
    requires(const float* in, float* out, typename L::template state_type<float>& state,
             InitRandom& random) {
      { L::in_size } -> std::convertible_to<std::size_t>;
      { L::out_size } -> std::convertible_to<std::size_t>;
      { L::parameter_count } -> std::convertible_to<std::size_t>;
      { L::weight_count } -> std::convertible_to<std::size_t>;
      L::step(in, in, state, out);
      L::init(out, random);
    } &&
    std::default_initializable<typename L::template state_type<float>> &&
    std::copyable<typename L::template state_type<float>>;

}  // namespace ctnn

#endif
