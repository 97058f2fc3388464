#ifndef CTNN_DETAIL_NET_STATE_HPP
#define CTNN_DETAIL_NET_STATE_HPP

//! @file net_state.hpp
//! What a net carries from one time step to the next: each sequence layer's state, and the
//! one-step run of any layer.

#include <cstddef>
#include <tuple>

#include <ctnn/concepts/sequence_layer.hpp>

namespace ctnn::detail {

//! The state of a layer that has none (Dense, PReLU, an activation).
struct no_state {};

template <class L, class T>
struct state_of_layer {
  using type = no_state;
};
template <SequenceLayer L, class T>
struct state_of_layer<L, T> {
  using type = typename L::template state_type<T>;
};

//! One time step of layer L: its `step` for a sequence layer, else its `forward` of one row.
template <class L, class T, class State>
void step_layer(const T* params, const T* x, State& state, T* y) {
  if constexpr (SequenceLayer<L>) {
    L::step(params, x, state, y);
  } else {
    L::forward(params, x, 1, y);
  }
}

//! Whether L is LastStep's layer.
template <class L>
concept keeps_last_step_only = requires { requires L::keeps_last_step_only; };

}  // namespace ctnn::detail

namespace ctnn {

//! The state of every sequence layer of a net, for one stream or sequence: `Net::state_type`,
//! made by `net.make_state()`. A value-initialized state is the state before the first step.
template <class T, class... Layers>
struct NetState {
  std::tuple<typename detail::state_of_layer<Layers, T>::type...> layers;

  //! Back to the state before the first step (every hidden value and past input zero).
  void reset() { *this = NetState{}; }
};

}  // namespace ctnn

#endif
