#ifndef CTNN_LAYERS_RECURRENT_PARAMETERS_HPP
#define CTNN_LAYERS_RECURRENT_PARAMETERS_HPP

//! @file recurrent_parameters.hpp
//! What GRU and LSTM share: PyTorch's parameters of a one-layer recurrent module with `Gates`
//! gates, their layout in the net's block, their initialization, and a step's two projections.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <type_traits>

#include <ctnn/concepts/layer.hpp>
#include <ctnn/concepts/parameter_tensors.hpp>
#include <ctnn/detail/elementwise.hpp>
#include <ctnn/detail/simd.hpp>
#include <ctnn/init.hpp>
#include <ctnn/kernels/affine_row.hpp>

namespace ctnn::detail {

//! The parameters of nn.GRU (Gates = 3) or nn.LSTM (Gates = 4) with one layer:
//! `weight_ih_l0` [Gates·Hidden, In], `weight_hh_l0` [Gates·Hidden, Hidden], `bias_ih_l0` and
//! `bias_hh_l0` [Gates·Hidden], the gates stacked in PyTorch's order.
//!
//! Layout in the net's block: the weights first (L2 applies to them), each stored transposed,
//! input-major like Dense's — W_ih [In][Gates·Hidden], then W_hh [Hidden][Gates·Hidden] — then
//! b_ih and b_hh.
template <std::size_t In, std::size_t Hidden, std::size_t Gates>
struct RecurrentParameters {
  static constexpr std::size_t in_size = In;
  static constexpr std::size_t out_size = Hidden;
  static constexpr std::size_t gate_size = Gates * Hidden;
  static constexpr std::size_t weight_count = (In + Hidden) * gate_size;
  static constexpr std::size_t parameter_count = weight_count + 2 * gate_size;

  static constexpr std::size_t hidden_weights_offset = In * gate_size;
  static constexpr std::size_t input_bias_offset = weight_count;
  static constexpr std::size_t hidden_bias_offset = weight_count + gate_size;

  static constexpr std::array parameter_tensors{
      ParameterTensor{.name = "weight_ih_l0", .shape = {gate_size, In}, .offset = 0,
                      .transposed = true},
      ParameterTensor{.name = "weight_hh_l0", .shape = {gate_size, Hidden},
                      .offset = hidden_weights_offset, .transposed = true},
      ParameterTensor{.name = "bias_ih_l0", .shape = {gate_size}, .offset = input_bias_offset},
      ParameterTensor{.name = "bias_hh_l0", .shape = {gate_size}, .offset = hidden_bias_offset},
  };

  //! PyTorch's initialization: every parameter from U(-1/√Hidden, 1/√Hidden).
  template <class T>
  static void init(T* params, InitRandom& random) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(Hidden));
    for (std::size_t i = 0; i < parameter_count; ++i)
      params[i] = static_cast<T>(bound * random.symmetric_unit());
  }

  //! A step's projections: from_input = W_ih x + b_ih, from_hidden = W_hh h + b_hh (gate_size
  //! values each, gates in PyTorch's order).
  template <class T>
  static void project(const T* params, const T* x, const T* h, T* from_input, T* from_hidden) {
    kernels::affine_row<gate_size>(x, In, params, params + input_bias_offset, from_input);
    kernels::affine_row<gate_size>(h, Hidden, params + hidden_weights_offset,
                                   params + hidden_bias_offset, from_hidden);
  }
};

//! Rows first .. first + count - 1 of a recurrent layer's weight gradient, [In + H][G] as its
//! weights are stored: row k < In is Σ_r x_r[k] · d_r (d_r: the row's gradient of the gates'
//! pre-activations from the input's side, at a.delta + r·delta_stride), row In + j is
//! Σ_r h_(r−1)[j] · d'_r (d'_r: from the hidden state's side, `hidden_side` values further;
//! h_(r−1) the output of the row before, zero at a sequence's first step). Sums in row order.
template <std::size_t In, std::size_t H, std::size_t G, class T>
void recurrent_weight_gradient(const LayerActivity<T>& a, std::size_t delta_stride,
                               std::size_t hidden_side, std::size_t first, std::size_t count,
                               T* out) {
  for (std::size_t k = first; k < first + count; ++k) {
    T* row_out = out + (k - first) * G;
    std::fill_n(row_out, G, T(0));
    for (std::size_t r = 0; r < a.rows; ++r) {
      const bool from_input = k < In;
      if (!from_input && r % a.steps == 0) continue;  // h before the first step is zero
      const T s = from_input ? a.input[r * In + k] : a.output[(r - 1) * H + (k - In)];
      const T* d = a.delta + r * delta_stride + (from_input ? 0 : hidden_side);
      elementwise::apply(
          G,
          [s](auto& sum, const auto& value) {
            using V = std::remove_cvref_t<decltype(sum)>;
            sum = fma(V(s), value, sum);
          },
          row_out, d);
    }
  }
}

}  // namespace ctnn::detail

#endif
