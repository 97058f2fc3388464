#ifndef CTNN_LAYERS_LSTM_HPP
#define CTNN_LAYERS_LSTM_HPP

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <type_traits>

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
//!
//! Training (backpropagation through time) keeps the four activated gates, c and tanh(c) of each
//! step; its backward pass writes the gradient of a_t to its delta rows, which the parameter
//! gradient reads (the input's and the hidden state's sides share it).
template <std::size_t In, std::size_t Hidden>
struct LSTM : detail::RecurrentParameters<In, Hidden, 4> {
  static_assert(In > 0 && Hidden > 0,
                "ctnn::LSTM<In, Hidden>: a recurrent layer needs at least one input and one "
                "hidden value (In > 0 and Hidden > 0)");
  static constexpr std::size_t H = Hidden;
  static constexpr std::size_t G = 4 * Hidden;

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
    advance<false>(params, x, state.h.data(), state.c.data(), state.h.data(), state.c.data(),
                   static_cast<T*>(nullptr));
    std::copy_n(state.h.data(), Hidden, y);
  }

  // Training (TrainableLayer over sequences).
  static constexpr std::size_t kept_size = 6 * H;  // σ(i), σ(f), tanh(g), σ(o), c, tanh(c)
  static constexpr std::size_t delta_size = G;     // d a_t
  static constexpr std::size_t scratch_size = 0;
  static constexpr std::size_t gradient_rows = In + H;  // W_ih's In rows, then W_hh's H rows
  static constexpr std::size_t gradient_row_size = G;

  //! `rows` = sequences x step.steps time steps, each sequence from h = c = 0.
  template <class T>
  static void train_forward(const T* params, const T* x, std::size_t rows, T* y, T* kept,
                            TrainingStep step) {
    alignas(detail::buffer_alignment) std::array<T, H> zero{};
    for (std::size_t row = 0; row < rows; ++row) {
      const bool first = row % step.steps == 0;
      const T* h = first ? zero.data() : y + (row - 1) * H;
      const T* c = first ? zero.data() : kept + (row - 1) * kept_size + 4 * H;
      T* k = kept + row * kept_size;
      advance<true>(params, x + row * In, h, c, y + row * H, k + 4 * H, k);
    }
  }

  template <class T>
  static void backward(const T* params, const T*, LayerActivity<T> a, T* dy, T* dx) {
    const T* hidden_weights = params + LSTM::hidden_weights_offset;
    alignas(detail::buffer_alignment) std::array<T, H> dh_next{};
    alignas(detail::buffer_alignment) std::array<T, H> dc_next{};
    alignas(detail::buffer_alignment) std::array<T, H> zero{};
    for (std::size_t row = a.rows; row-- > 0;) {
      const std::size_t t = row % a.steps;
      if (t + 1 == a.steps) {  // the sequence's last step
        dh_next.fill(T(0));
        dc_next.fill(T(0));
      }
      const T* k = a.kept + row * kept_size;
      const T* c_prev = t == 0 ? zero.data() : a.kept + (row - 1) * kept_size + 4 * H;
      T* d = a.delta + row * delta_size;
      detail::elementwise::apply(
          H,
          [](const auto& dy_j, const auto& next_h, const auto& i, const auto& f, const auto& g,
             const auto& o, const auto& tanh_c, const auto& cp, auto& next_c, auto& da_i,
             auto& da_f, auto& da_g, auto& da_o) {
            using V = std::remove_cvref_t<decltype(i)>;
            const V dh = dy_j + next_h;
            const V dc = next_c + dh * o * (V(1) - tanh_c * tanh_c);
            da_i = dc * g * i * (V(1) - i);
            da_f = dc * cp * f * (V(1) - f);
            da_g = dc * i * (V(1) - g * g);
            da_o = dh * tanh_c * o * (V(1) - o);
            next_c = dc * f;
          },
          static_cast<const T*>(dy + row * H), static_cast<const T*>(dh_next.data()), k, k + H,
          k + 2 * H, k + 3 * H, k + 5 * H, c_prev, dc_next.data(), d, d + H, d + 2 * H,
          d + 3 * H);
      if (a.truncation > 0 && t % a.truncation == 0) {
        dh_next.fill(T(0));  // the chunk's first step: no gradient into the chunk before
        dc_next.fill(T(0));
      } else {
        // dh_prev = W_hhᵀ d a_t, W_hh stored [H][G]: a dot product per row.
        kernels::gemm<1>(H, G, kernels::RowMajor<T>{hidden_weights, G}, d,
                         kernels::Store<T>{dh_next.data(), 1});
      }
      if (dx != nullptr)
        kernels::gemm<1>(In, G, kernels::RowMajor<T>{params, G}, d,
                         kernels::Store<T>{dx + row * In, 1});
    }
  }

  //! Rows first .. first + count - 1 of the weights' gradient: Σ over the rows of x ⊗ d a_t
  //! for W_ih's rows, of h_prev ⊗ d a_t for W_hh's.
  template <class T>
  static void gradient_of_rows(LayerActivity<T> a, const T*, std::size_t first,
                               std::size_t count, T* out) {
    detail::recurrent_weight_gradient<In, H, G>(a, delta_size, 0, first, count, out);
  }
  //! b_ih's gradient and b_hh's, both Σ d a_t.
  template <class T>
  static void gradient_of_rest(LayerActivity<T> a, const T*, T* out) {
    kernels::column_sums<G>(a.delta, a.rows, out);
    std::copy_n(out, G, out + G);
  }

private:
  // One step from (h_prev, c_prev) to (h_out, c_out) (which may be the same arrays); with Keep,
  // also kept's gates and tanh(c). The same arithmetic in streaming and in training.
  template <bool Keep, class T>
  static void advance(const T* params, const T* x, const T* h_prev, const T* c_prev, T* h_out,
                      T* c_out, T* kept) {
    alignas(detail::buffer_alignment) std::array<T, G> from_input;
    alignas(detail::buffer_alignment) std::array<T, G> from_hidden;
    LSTM::project(params, x, h_prev, from_input.data(), from_hidden.data());
    const T* a = from_input.data();
    const T* b = from_hidden.data();
    const auto cell = [](const auto& ai, const auto& af, const auto& ag, const auto& ao,
                         const auto& bi, const auto& bf, const auto& bg, const auto& bo,
                         const auto& cp) {
      const auto i = detail::sigmoid(ai + bi);
      const auto f = detail::sigmoid(af + bf);
      const auto g = detail::tanh(ag + bg);
      const auto o = detail::sigmoid(ao + bo);
      const auto c = detail::fma(f, cp, i * g);
      const auto tanh_c = detail::tanh(c);
      return std::array{i, f, g, o, c, tanh_c, o * tanh_c};
    };
    if constexpr (Keep) {
      detail::elementwise::apply(
          H,
          [&](const auto& ai, const auto& af, const auto& ag, const auto& ao, const auto& bi,
              const auto& bf, const auto& bg, const auto& bo, const auto& cp, auto& h,
              auto& i, auto& f, auto& g, auto& o, auto& c, auto& tanh_c) {
            const auto v = cell(ai, af, ag, ao, bi, bf, bg, bo, cp);
            i = v[0];
            f = v[1];
            g = v[2];
            o = v[3];
            c = v[4];
            tanh_c = v[5];
            h = v[6];
          },
          a, a + H, a + 2 * H, a + 3 * H, b, b + H, b + 2 * H, b + 3 * H, c_prev, h_out, kept,
          kept + H, kept + 2 * H, kept + 3 * H, c_out, kept + 5 * H);
    } else {
      detail::elementwise::apply(
          H,
          [&](const auto& ai, const auto& af, const auto& ag, const auto& ao, const auto& bi,
              const auto& bf, const auto& bg, const auto& bo, const auto& cp, auto& h,
              auto& c) {
            const auto v = cell(ai, af, ag, ao, bi, bf, bg, bo, cp);
            c = v[4];
            h = v[6];
          },
          a, a + H, a + 2 * H, a + 3 * H, b, b + H, b + 2 * H, b + 3 * H, c_prev, h_out, c_out);
    }
  }
};

template <std::size_t In, std::size_t Hidden>
inline constexpr bool has_invalid_arguments<LSTM<In, Hidden>> = In == 0 || Hidden == 0;

}  // namespace ctnn

#endif
