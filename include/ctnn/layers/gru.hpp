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
//!
//! Training (backpropagation through time) keeps r, z, n and W_hn h + b_hn of each step; its
//! backward pass writes the gradients of the gates' pre-activations, from the input's side and
//! from the hidden state's, to its delta rows, which the parameter gradient reads.
template <std::size_t In, std::size_t Hidden>
struct GRU : detail::RecurrentParameters<In, Hidden, 3> {
  static_assert(In > 0 && Hidden > 0,
                "ctnn::GRU<In, Hidden>: a recurrent layer needs at least one input and one "
                "hidden value (In > 0 and Hidden > 0)");
  static constexpr std::size_t H = Hidden;
  static constexpr std::size_t G = 3 * Hidden;

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
    advance<false>(params, x, state.h.data(), state.h.data(), static_cast<T*>(nullptr));
    std::copy_n(state.h.data(), Hidden, y);
  }

  // Training (TrainableLayer over sequences).
  static constexpr std::size_t kept_size = 4 * H;    // r, z, n, W_hn h + b_hn
  static constexpr std::size_t delta_size = 2 * G;   // d(input side), d(hidden side)
  static constexpr std::size_t scratch_size = 0;
  static constexpr std::size_t gradient_rows = In + H;  // W_ih's In rows, then W_hh's H rows
  static constexpr std::size_t gradient_row_size = G;

  //! `rows` = sequences x step.steps time steps, each sequence from h = 0.
  template <class T>
  static void train_forward(const T* params, const T* x, std::size_t rows, T* y, T* kept,
                            TrainingStep step) {
    alignas(detail::buffer_alignment) std::array<T, H> zero{};
    for (std::size_t row = 0; row < rows; ++row) {
      const T* h = row % step.steps == 0 ? zero.data() : y + (row - 1) * H;
      advance<true>(params, x + row * In, h, y + row * H, kept + row * kept_size);
    }
  }

  template <class T>
  static void backward(const T* params, const T*, LayerActivity<T> a, T* dy, T* dx) {
    const T* hidden_weights = params + GRU::hidden_weights_offset;
    alignas(detail::buffer_alignment) std::array<T, H> dh_next{};
    alignas(detail::buffer_alignment) std::array<T, H> direct;
    alignas(detail::buffer_alignment) std::array<T, H> zero{};
    for (std::size_t row = a.rows; row-- > 0;) {
      const std::size_t t = row % a.steps;
      if (t + 1 == a.steps) dh_next.fill(T(0));  // the sequence's last step
      const T* k = a.kept + row * kept_size;
      const T* h_prev = t == 0 ? zero.data() : a.output + (row - 1) * H;
      T* d = a.delta + row * delta_size;
      detail::elementwise::apply(
          H,
          [](const auto& dy_j, const auto& next, const auto& r, const auto& z, const auto& n,
             const auto& hn, const auto& hp, auto& da_r, auto& da_z, auto& da_n, auto& dg_r,
             auto& dg_z, auto& dg_n, auto& through_z) {
            using V = std::remove_cvref_t<decltype(r)>;
            const V dh = dy_j + next;
            da_n = dh * (V(1) - z) * (V(1) - n * n);
            da_z = dh * (hp - n) * z * (V(1) - z);
            da_r = da_n * hn * r * (V(1) - r);
            dg_r = da_r;
            dg_z = da_z;
            dg_n = da_n * r;
            through_z = dh * z;
          },
          static_cast<const T*>(dy + row * H), static_cast<const T*>(dh_next.data()), k, k + H,
          k + 2 * H, k + 3 * H, h_prev, d, d + H, d + 2 * H, d + G, d + G + H, d + G + 2 * H,
          direct.data());
      if (a.truncation > 0 && t % a.truncation == 0) {
        dh_next.fill(T(0));  // the chunk's first step: no gradient into the chunk before
      } else {
        // dh_prev = dh ⊙ z + W_hhᵀ (hidden side), W_hh stored [H][G]: a dot product per row.
        kernels::gemm<1>(H, G, kernels::RowMajor<T>{hidden_weights, G}, d + G,
                         [&](auto sum, std::size_t j, std::size_t) {
                           dh_next[j] = sum + direct[j];
                         });
      }
      if (dx != nullptr)
        kernels::gemm<1>(In, G, kernels::RowMajor<T>{params, G}, d,
                         kernels::Store<T>{dx + row * In, 1});
    }
  }

  //! Rows first .. first + count - 1 of the weights' gradient: Σ over the rows of x ⊗ d(input
  //! side) for W_ih's rows, of h_prev ⊗ d(hidden side) for W_hh's.
  template <class T>
  static void gradient_of_rows(LayerActivity<T> a, const T*, std::size_t first,
                               std::size_t count, T* out) {
    detail::recurrent_weight_gradient<In, H, G>(a, delta_size, G, first, count, out);
  }
  //! b_ih's gradient (Σ d(input side)), then b_hh's (Σ d(hidden side)).
  template <class T>
  static void gradient_of_rest(LayerActivity<T> a, const T*, T* out) {
    kernels::column_sums<G>(a.delta, a.rows, out, delta_size);
    kernels::column_sums<G>(a.delta + G, a.rows, out + G, delta_size);
  }

private:
  // One step from h_prev to h_out (which may be the same array); with Keep, also kept's r, z,
  // n and W_hn h + b_hn. The same arithmetic in streaming and in training.
  template <bool Keep, class T>
  static void advance(const T* params, const T* x, const T* h_prev, T* h_out, T* kept) {
    alignas(detail::buffer_alignment) std::array<T, G> from_input;
    alignas(detail::buffer_alignment) std::array<T, G> from_hidden;
    GRU::project(params, x, h_prev, from_input.data(), from_hidden.data());
    const T* i = from_input.data();
    const T* h = from_hidden.data();
    const auto cell = [](const auto& ir, const auto& iz, const auto& in, const auto& hr,
                         const auto& hz, const auto& hn, const auto& hp) {
      const auto r = detail::sigmoid(ir + hr);
      const auto z = detail::sigmoid(iz + hz);
      const auto n = detail::tanh(detail::fma(r, hn, in));
      return std::array{r, z, n, detail::fma(z, hp - n, n)};
    };
    if constexpr (Keep) {
      detail::elementwise::apply(
          H,
          [&](const auto& ir, const auto& iz, const auto& in, const auto& hr, const auto& hz,
              const auto& hn, const auto& hp, auto& out, auto& r, auto& z, auto& n,
              auto& kept_hn) {
            const auto c = cell(ir, iz, in, hr, hz, hn, hp);
            r = c[0];
            z = c[1];
            n = c[2];
            out = c[3];
            kept_hn = hn;
          },
          i, i + H, i + 2 * H, h, h + H, h + 2 * H, h_prev, h_out, kept, kept + H, kept + 2 * H,
          kept + 3 * H);
    } else {
      detail::elementwise::apply(
          H,
          [&](const auto& ir, const auto& iz, const auto& in, const auto& hr, const auto& hz,
              const auto& hn, const auto& hp, auto& out) {
            out = cell(ir, iz, in, hr, hz, hn, hp)[3];
          },
          i, i + H, i + 2 * H, h, h + H, h + 2 * H, h_prev, h_out);
    }
  }
};

template <std::size_t In, std::size_t Hidden>
inline constexpr bool has_invalid_arguments<GRU<In, Hidden>> = In == 0 || Hidden == 0;

}  // namespace ctnn

#endif
