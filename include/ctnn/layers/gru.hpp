#ifndef CTNN_LAYERS_GRU_HPP
#define CTNN_LAYERS_GRU_HPP

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

//! A gated recurrent unit with PyTorch's equations (nn.GRU, one layer), for each time step t:
//!   r = σ(W_ir x_t + b_ir + W_hr h + b_hr)
//!   z = σ(W_iz x_t + b_iz + W_hz h + b_hz)
//!   n = tanh(W_in x_t + b_in + r ⊙ (W_hn h + b_hn))
//!   h ← (1 − z) ⊙ n + z ⊙ h,  and the output is h (Hidden values).
//! The state is h, zero before the first step. Parameters: PyTorch's `weight_ih_l0`
//! [3·Hidden, In], `weight_hh_l0` [3·Hidden, Hidden], `bias_ih_l0`, `bias_hh_l0` [3·Hidden],
//! gates in the order r, z, n (layout in the net's block: recurrent_parameters.hpp).
//! Example: `Net<GRU<1, 16>, Dense<16, 1>>`, run with `step` or `forward_sequence`.
template <std::size_t In, std::size_t Hidden>
struct GRU : detail::RecurrentParameters<In, Hidden, 3> {
  static_assert(In > 0 && Hidden > 0,
                "ctnn::GRU<In, Hidden>: a recurrent layer needs at least one input and one "
                "hidden value (In > 0 and Hidden > 0)");

  //! One sequence's state: the hidden values h.
  template <class T>
  struct state_type {
    alignas(detail::buffer_alignment) std::array<T, Hidden> h{};
  };

  //! "GRU<1, 16>".
  static std::string name() {
    return "GRU<" + std::to_string(In) + ", " + std::to_string(Hidden) + ">";
  }

  //! One time step: h from x (In values) and the state's h; y (Hidden values) = the new h.
  template <class T>
  static void step(const T* params, const T* x, state_type<T>& state, T* y) {
    alignas(detail::buffer_alignment) std::array<T, 3 * Hidden> from_input;
    alignas(detail::buffer_alignment) std::array<T, 3 * Hidden> from_hidden;
    GRU::project(params, x, state.h.data(), from_input.data(), from_hidden.data());
    const T* i = from_input.data();
    const T* h = from_hidden.data();
    detail::elementwise::apply(
        Hidden,
        [](const auto& ir, const auto& iz, const auto& in, const auto& hr, const auto& hz,
           const auto& hn, auto& hidden) {
          const auto r = detail::sigmoid(ir + hr);
          const auto z = detail::sigmoid(iz + hz);
          const auto n = detail::tanh(detail::fma(r, hn, in));
          hidden = detail::fma(z, hidden - n, n);
        },
        i, i + Hidden, i + 2 * Hidden, h, h + Hidden, h + 2 * Hidden, state.h.data());
    std::copy_n(state.h.data(), Hidden, y);
  }
};

template <std::size_t In, std::size_t Hidden>
inline constexpr bool has_invalid_arguments<GRU<In, Hidden>> = In == 0 || Hidden == 0;

}  // namespace ctnn

#endif
