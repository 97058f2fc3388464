#ifndef CTNN_LAYERS_LSTM_HPP
#define CTNN_LAYERS_LSTM_HPP

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>

#include <ctnn/concepts/layer.hpp>
#include <ctnn/concepts/sequence_layer.hpp>
#include <ctnn/detail/aligned_buffer.hpp>
#include <ctnn/detail/elementwise.hpp>
#include <ctnn/detail/simd.hpp>
#include <ctnn/layers/recurrent_parameters.hpp>

namespace ctnn {

//! A long short-term memory layer with PyTorch's equations (nn.LSTM, one layer), for each time
//! step t, with a_t = W_ih x_t + b_ih + W_hh h + b_hh split into the gates i, f, g, o:
//!   c ← σ(f) ⊙ c + σ(i) ⊙ tanh(g)
//!   h ← σ(o) ⊙ tanh(c),  and the output is h (Hidden values).
//! The state is (h, c), zero before the first step. Parameters: PyTorch's `weight_ih_l0`
//! [4·Hidden, In], `weight_hh_l0` [4·Hidden, Hidden], `bias_ih_l0`, `bias_hh_l0` [4·Hidden],
//! gates in the order i, f, g, o (layout in the net's block: recurrent_parameters.hpp).
template <std::size_t In, std::size_t Hidden>
struct LSTM : detail::RecurrentParameters<In, Hidden, 4> {
  static_assert(In > 0 && Hidden > 0,
                "ctnn::LSTM<In, Hidden>: a recurrent layer needs at least one input and one "
                "hidden value (In > 0 and Hidden > 0)");

  //! One sequence's state: the hidden values h and the cell values c.
  template <class T>
  struct state_type {
    alignas(detail::buffer_alignment) std::array<T, Hidden> h{};
    alignas(detail::buffer_alignment) std::array<T, Hidden> c{};
  };

  //! "LSTM<1, 32>".
  static std::string name() {
    return "LSTM<" + std::to_string(In) + ", " + std::to_string(Hidden) + ">";
  }

  //! One time step: (h, c) from x (In values) and the state; y (Hidden values) = the new h.
  template <class T>
  static void step(const T* params, const T* x, state_type<T>& state, T* y) {
    alignas(detail::buffer_alignment) std::array<T, 4 * Hidden> from_input;
    alignas(detail::buffer_alignment) std::array<T, 4 * Hidden> from_hidden;
    LSTM::project(params, x, state.h.data(), from_input.data(), from_hidden.data());
    const T* a = from_input.data();
    const T* b = from_hidden.data();
    detail::elementwise::apply(
        Hidden,
        [](const auto& ai, const auto& af, const auto& ag, const auto& ao, const auto& bi,
           const auto& bf, const auto& bg, const auto& bo, auto& hidden, auto& cell) {
          const auto i = detail::sigmoid(ai + bi);
          const auto f = detail::sigmoid(af + bf);
          const auto g = detail::tanh(ag + bg);
          const auto o = detail::sigmoid(ao + bo);
          cell = detail::fma(f, cell, i * g);
          hidden = o * detail::tanh(cell);
        },
        a, a + Hidden, a + 2 * Hidden, a + 3 * Hidden, b, b + Hidden, b + 2 * Hidden,
        b + 3 * Hidden, state.h.data(), state.c.data());
    std::copy_n(state.h.data(), Hidden, y);
  }
};

template <std::size_t In, std::size_t Hidden>
inline constexpr bool has_invalid_arguments<LSTM<In, Hidden>> = In == 0 || Hidden == 0;

}  // namespace ctnn

#endif
