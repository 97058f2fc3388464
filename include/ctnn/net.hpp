#ifndef CTNN_NET_HPP
#define CTNN_NET_HPP

#include <algorithm>
#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <ranges>
#include <span>
#include <string>
#include <type_traits>
#include <utility>

#include <ctnn/detail/aligned_buffer.hpp>
#include <ctnn/detail/net_checks.hpp>
#include <ctnn/detail/net_inputs.hpp>
#include <ctnn/detail/net_state.hpp>
#include <ctnn/detail/target_span.hpp>
#include <ctnn/error.hpp>
#include <ctnn/init.hpp>

namespace ctnn {

namespace detail {

template <class F, std::size_t... I>
constexpr void for_each_index(F&& f, std::index_sequence<I...>) {
  (f(std::integral_constant<std::size_t, I>{}), ...);
}

}  // namespace detail

//! A neural network as a type: its elements in order, optionally closed by a loss.
//!
//! @tparam T        the scalar type, `float` or `double`
//! @tparam Elements layers (`Dense<784, 100, Sigmoid>`, `PReLU<100>`), standalone activations
//!                  (`ReLU` after `Dense<4, 8>` is `Dense<4, 8, ReLU>`), elements sized by the one
//!                  before them (`Dropout<20>`), and last, optionally, a loss (`MSE`,
//!                  `SoftmaxCE`, `BCE` or `Logistic`). A net without a loss is for inference only:
//!                  `forward`, `predict` and `classify` work, a `Trainer` does not compile.
//!
//! Shapes are checked when the type is formed: sizes that do not chain, a misplaced loss, or a
//! last layer that does not fit the loss are compile errors naming the element.
//!
//! Parameters live in ONE contiguous, 64-byte-aligned block inside the object: layer 0's
//! parameters (for Dense: weights W[in][out], input-major, row-major, then the bias), then
//! layer 1's, and so on (`parameter_offset(i)` gives where layer i starts). Standalone
//! activations and Dropout have no parameters, so `Net<Dense<4, 8>, ReLU, ...>` has the layout of
//! `Net<Dense<4, 8, ReLU>, ...>`. Being inside the object, the parameters make a big net a big
//! object (Net<Dense<784,100>, ...> is 318 KB): keep such nets static or on the heap rather than
//! on a small thread stack.
//!
//! A net with sequence layers (GRU, LSTM, Conv1D) runs over time: one step at a time with
//! `step(x, state)`, whole sequences with `forward_sequence`; the state lives outside the net.
//!
//! Batches are row-major, one sample per row. Thread safety: the const members (forward,
//! predict, classify, loss) may run from many threads at once; they keep their workspace on the
//! calling thread's stack and allocate nothing. Training lives outside the net: see
//! `TrainingWorkspace` and `Trainer`.
template <class T, class... Elements>
class BasicNet {
  static_assert(std::same_as<T, float> || std::same_as<T, double>,
                "ctnn::BasicNet<T, ...>: the scalar type T must be float or double");
  using structure = detail::checked_net_structure<Elements...>;

public:
  using value_type = T;
  //! The loss, or `detail::no_loss` for an inference-only net.
  using loss_type = typename structure::loss;
  static constexpr bool has_loss = Loss<loss_type>;
  //! The I-th layer (0-based), after fusing standalone activations into the layers before them.
  template <std::size_t I>
  using layer_type = typename structure::template layer<I>;
  //! The I-th layer as the loss reads its outputs: the last layer without its Sigmoid when the
  //! loss applies the sigmoid itself (BCE), any other layer as it is. Training runs these.
  template <std::size_t I>
  using loss_side_layer_type =
      typename detail::loss_side_layer<layer_type<I>,
                                       I + 1 == structure::layer_count &&
                                           loss_type::fuses_sigmoid>::type;

  static constexpr std::size_t layer_count = structure::layer_count;
  static constexpr std::size_t parameter_count = structure::offsets[layer_count];
  static constexpr std::size_t input_size = structure::widths[0];
  static constexpr std::size_t output_size = structure::widths[layer_count];

  //! Where layer `layer`'s parameters start in `parameters()`.
  static constexpr std::size_t parameter_offset(std::size_t layer) {
    return structure::offsets[layer];
  }
  //! The number of values a layer boundary carries: width(0) = input_size, width(i + 1) is
  //! layer i's output size.
  static constexpr std::size_t width(std::size_t boundary) { return structure::widths[boundary]; }
  //! The position among `Elements` of the element layer `layer` came from (a fused activation
  //! belongs to the layer before it).
  static constexpr std::size_t element_index(std::size_t layer) {
    return structure::element_of[layer];
  }

  using output_array = std::array<T, output_size>;

  //! Whether the net has a sequence layer (GRU, LSTM, Conv1D): it then runs over time, with
  //! `step` and `forward_sequence`, and the one-sample members (forward, predict, classify,
  //! loss) do not compile.
  static constexpr bool has_sequence_layers =
      []<std::size_t... I>(std::index_sequence<I...>) {
        return (SequenceLayer<layer_type<I>> || ...);
      }(std::make_index_sequence<layer_count>{});

  //! The index of LastStep's layer, layer_count for a net without one: the layers before it
  //! and itself read one row per time step, the layers after it one row per sequence.
  static constexpr std::size_t last_step_layer = []<std::size_t... I>(std::index_sequence<I...>) {
    std::size_t index = layer_count;
    ((index = index == layer_count && detail::keeps_last_step_only<layer_type<I>> ? I : index),
     ...);
    return index;
  }(std::make_index_sequence<layer_count>{});

private:
  template <std::size_t... I>
  static auto state_of(std::index_sequence<I...>) -> NetState<T, layer_type<I>...>;

  static_assert(
      []<std::size_t... I>(std::index_sequence<I...>) {
        return ((I > last_step_layer &&
                 (SequenceLayer<layer_type<I>> || detail::keeps_last_step_only<layer_type<I>>)) ||
                ...) == false;
      }(std::make_index_sequence<layer_count>{}),
      "ctnn::Net: after LastStep a net has one row of values per sequence, not a sequence: "
      "neither a sequence layer (GRU, LSTM, Conv1D) nor another LastStep may follow it");

public:
  //! The state of one stream: every sequence layer's hidden values and past inputs. Make it with
  //! `make_state()`; `reset()` returns it to the start.
  using state_type = decltype(state_of(std::make_index_sequence<layer_count>{}));
  //! Whether the net keeps only a sequence's last step (LastStep): `forward_sequence` then gives
  //! one output row per sequence.
  static constexpr bool has_last_step = last_step_layer < layer_count;

  //! The seed of a default-constructed net.
  static constexpr std::uint64_t default_seed = 0;

  //! A net initialized with `init(default_seed)`.
  BasicNet() { init(default_seed); }

  //! A net with the given parameters, laid out as `parameters()` documents. Usable in constant
  //! expressions, e.g. for a hand-set logic network checked with static_assert. The array's
  //! size must be parameter_count exactly.
  constexpr explicit BasicNet(const std::array<T, parameter_count>& parameters)
      : parameters_(parameters) {}

  //! Sets every layer's parameters from its own scheme (Dense: weights from its activation's
  //! `Init` scheme, Glorot uniform for sigmoid, tanh, softplus, identity and step layers, He
  //! uniform for the ReLU family, and zero biases). Deterministic for a seed on every platform.
  void init(std::uint64_t seed) {
    InitRandom random(seed);
    for_each_layer([&](auto i) {
      layer_type<i>::init(parameters_.data() + parameter_offset(i), random);
    });
  }

  //! All parameters, in the documented order.
  [[nodiscard]] constexpr std::span<T, parameter_count> parameters() { return parameters_; }
  [[nodiscard]] constexpr std::span<const T, parameter_count> parameters() const {
    return parameters_;
  }

  //! Views of layer I's parameters, for layers that offer them (Dense: weights indexed (in, out)
  //! and bias).
  template <std::size_t I>
  [[nodiscard]] constexpr auto layer() {
    return layer_type<I>::view(parameters_.data() + parameter_offset(I));
  }
  template <std::size_t I>
  [[nodiscard]] constexpr auto layer() const {
    return layer_type<I>::view(parameters_.data() + parameter_offset(I));
  }

  //! The last layer's outputs for one sample, as the layers declare them: logits for a
  //! SoftmaxCE or Logistic net, the Sigmoid's probability for a BCE net, the values for MSE.
  //! `x` is any contiguous range of T: a std::array or fixed-size span of the wrong size is a
  //! compile error, a std::vector or std::span<const T> of the wrong size throws ctnn::error.
  //! Usable in constant expressions (static_assert), with every activation: there the math
  //! is detail/constexpr_math.hpp's, in double, and the results may differ from the SIMD
  //! kernels' in the last bits.
  template <detail::net_input<T> Input>
  [[nodiscard]] constexpr output_array forward(const Input& x) const {
    static_assert(detail::report_if_sequence_net<has_sequence_layers>());
    detail::require_input_size<input_size>(x, "forward");
    if constexpr (detail::input_size_can_fit<input_size, Input> && !has_sequence_layers) {
      if (std::is_constant_evaluated()) return forward_scalar(x);
      output_array y;
      forward_rows<false, 1>(std::ranges::data(x), 1, y.data());
      return y;
    } else {
      return {};  // after require_input_size's compile error
    }
  }

  //! `forward` with plain scalar loops: the reference the SIMD kernels are tested against.
  template <detail::net_input<T> Input>
  [[nodiscard]] constexpr output_array forward_scalar(const Input& x) const {
    static_assert(detail::report_if_sequence_net<has_sequence_layers>());
    detail::require_input_size<input_size>(x, "forward_scalar");
    std::array<T, max_width> a{};
    std::array<T, max_width> b{};
    std::copy_n(std::ranges::data(x), input_size, a.begin());
    T* in = a.data();
    T* out = b.data();
    if constexpr (!has_sequence_layers) {
      for_each_layer([&](auto i) {
        layer_type<i>::forward_scalar(parameters_.data() + parameter_offset(i), in, out);
        std::swap(in, out);
      });
    }
    output_array y{};
    std::copy(in, in + output_size, y.begin());
    return y;
  }

  //! What the net predicts for one sample: class probabilities (softmax) for SoftmaxCE,
  //! P(class 1) for BCE and Logistic, the outputs themselves for MSE and for a net without a
  //! loss.
  template <detail::net_input<T> Input>
  [[nodiscard]] constexpr output_array predict(const Input& x) const {
    output_array y = forward(x);
    loss_type::template predict<output_size>(y.data());
    return y;
  }

  //! The predicted class: the argmax for SoftmaxCE, MSE and a net without a loss, 0 or 1 for BCE
  //! and Logistic.
  template <detail::net_input<T> Input>
  [[nodiscard]] constexpr std::size_t classify(const Input& x) const {
    const output_array y = forward(x);
    return loss_type::template classify<output_size>(y.data());
  }

  //! `batch` samples at once: inputs are batch x input_size, outputs batch x output_size,
  //! row-major. Allocates nothing.
  void forward(std::span<const T> inputs, std::span<T> outputs, std::size_t batch) const {
    static_assert(detail::report_if_sequence_net<has_sequence_layers>());
    detail::require_batch<input_size, output_size>("ctnn::Net::forward", inputs, outputs, batch);
    forward_rows<false>(inputs.data(), batch, outputs.data());
  }

  //! Like the batch `forward`, but the last layer's outputs as the loss reads them: the
  //! pre-activation of the Sigmoid when the loss applies it itself (BCE), else the outputs.
  void forward_for_loss(std::span<const T> inputs, std::span<T> outputs, std::size_t batch) const {
    static_assert(detail::report_if_sequence_net<has_sequence_layers>());
    detail::require_batch<input_size, output_size>("ctnn::Net::forward_for_loss", inputs, outputs,
                                                   batch);
    forward_rows<true>(inputs.data(), batch, outputs.data());
  }

  //! The mean loss over `batch` samples (see each loss for its exact scaling). Targets: class
  //! indices of any integral type for SoftmaxCE (one per sample), otherwise numbers of type T
  //! (batch x output_size, row-major). Allocates nothing.
  template <std::ranges::contiguous_range Targets>
  [[nodiscard]] T loss(std::span<const T> inputs, const Targets& targets, std::size_t batch) const {
    static_assert(has_loss,
                  "ctnn::Net::loss: this net has no loss (its last element is not one); end its "
                  "elements with MSE, SoftmaxCE, BCE or Logistic");
    static_assert(detail::report_if_sequence_net<has_sequence_layers>());
    detail::require_batch_inputs<input_size>("ctnn::Net::loss", inputs, batch);
    constexpr std::size_t per_sample = detail::targets_per_sample<loss_type, output_size>;
    const auto target_values = detail::target_span<loss_type, T, output_size>(targets, batch);
    std::array<T, chunk_rows * output_size> z;
    T total = 0;
    for (std::size_t start = 0; start < batch; start += chunk_rows) {
      const std::size_t rows = std::min(chunk_rows, batch - start);
      forward_rows<true>(inputs.data() + start * input_size, rows, z.data());
      const auto chunk_targets = target_values.subspan(start * per_sample, rows * per_sample);
      total += loss_type::template evaluate<output_size>(z.data(), chunk_targets, rows,
                                                         static_cast<T*>(nullptr)) *
               static_cast<T>(rows);
    }
    return total / static_cast<T>(batch);
  }

  //! A stream's state before its first step.
  [[nodiscard]] state_type make_state() const { return state_type{}; }

  //! One time step of a stream: the outputs for input `x` (input_size values, any contiguous
  //! range of T, checked as for `forward`), advancing `state`. After LastStep, the output is
  //! what the net would give if the sequence ended at this step. Allocates nothing; the net
  //! stays const, so many streams may run at once, each with its own state.
  template <detail::net_input<T> Input>
  [[nodiscard]] output_array step(const Input& x, state_type& state) const {
    detail::require_input_size<input_size>(x, "step");
    output_array y{};
    if constexpr (detail::input_size_can_fit<input_size, Input>) {
      step_layers<layer_count>(std::ranges::data(x), state, y.data());
    }
    return y;
  }

  //! Whole sequences: `batch` sequences of `steps` time steps, each from the state before the
  //! first step. `inputs` is batch x steps x input_size, row-major (a sequence's steps one
  //! after another); `outputs` batch x steps x output_size, or batch x output_size when the
  //! net keeps only the last step (LastStep). The same values, to the last bit, as `steps`
  //! calls of `step` on a new state for each sequence. Allocates nothing.
  void forward_sequence(std::span<const T> inputs, std::size_t steps, std::span<T> outputs,
                        std::size_t batch = 1) const {
    sequences<false>(inputs, steps, outputs, batch);
  }

  //! Like `forward_sequence`, but the last layer's outputs as the loss reads them (the
  //! pre-activation of the Sigmoid for BCE), as `forward_for_loss` gives them for samples.
  void forward_sequence_for_loss(std::span<const T> inputs, std::size_t steps,
                                 std::span<T> outputs, std::size_t batch = 1) const {
    sequences<true>(inputs, steps, outputs, batch);
  }

  //! Runs `f(std::integral_constant<std::size_t, I>{})` for each layer index I in order.
  template <class F>
  static constexpr void for_each_layer(F&& f) {
    detail::for_each_index(f, std::make_index_sequence<layer_count>{});
  }

private:
  static constexpr std::size_t max_width = *std::ranges::max_element(structure::widths);
  // The widest hidden layer (1 for a net with one layer).
  static constexpr std::size_t hidden_width = [] {
    std::size_t widest = 1;
    for (std::size_t i = 1; i < layer_count; ++i) widest = std::max(widest, structure::widths[i]);
    return widest;
  }();

public:
  //! Inference and `loss` process batches in chunks of this many rows, with stack buffers of
  //! about 4096 values each (more only for layers wider than that).
  static constexpr std::size_t chunk_rows =
      std::clamp<std::size_t>(4096 / std::max(hidden_width, output_size), 1, 64);

private:

  // `rows` samples through every layer, ChunkRows at a time, with stack buffers (one sample's
  // inference asks for ChunkRows = 1: buffers of two hidden rows instead of two chunks, which
  // keeps its stack frame small and hot). ForLoss runs the layers as the loss reads them.
  template <bool ForLoss, std::size_t ChunkRows = chunk_rows>
  void forward_rows(const T* x, std::size_t rows, T* y) const {
    if constexpr (!has_sequence_layers) {  // else runs_per_sample's compile error only
      alignas(64) std::array<T, ChunkRows * hidden_width> buffers[2];
      for (std::size_t start = 0; start < rows; start += ChunkRows) {
        const std::size_t n = std::min(ChunkRows, rows - start);
        for_each_layer([&](auto i) {
          using L = std::conditional_t<ForLoss, loss_side_layer_type<i>, layer_type<i>>;
          constexpr bool last = i == layer_count - 1;
          const T* in = i == 0 ? x + start * input_size : buffers[(i + 1) % 2].data();
          T* out = last ? y + start * output_size : buffers[i % 2].data();
          L::forward(parameters_.data() + parameter_offset(i), in, n, out);
        });
      }
    }
  }

  // forward_sequence, with the layers as the loss reads them when ForLoss.
  template <bool ForLoss>
  void sequences(std::span<const T> inputs, std::size_t steps, std::span<T> outputs,
                 std::size_t batch) const {
    detail::require_sequences(inputs.size(), outputs.size(), batch, steps, input_size,
                              output_size, has_last_step);
    for (std::size_t b = 0; b < batch; ++b) {
      state_type state{};
      const T* x = inputs.data() + b * steps * input_size;
      if constexpr (has_last_step) {
        std::array<T, width(last_step_layer)> discarded;
        for (std::size_t t = 0; t + 1 < steps; ++t)
          step_layers<last_step_layer, ForLoss>(x + t * input_size, state, discarded.data());
        step_layers<layer_count, ForLoss>(x + (steps - 1) * input_size, state,
                                          outputs.data() + b * output_size);
      } else {
        for (std::size_t t = 0; t < steps; ++t)
          step_layers<layer_count, ForLoss>(x + t * input_size, state,
                                            outputs.data() + (b * steps + t) * output_size);
      }
    }
  }

  // One time step through layers 0 .. Count - 1; y receives layer Count - 1's outputs. ForLoss:
  // the layers as the loss reads them.
  template <std::size_t Count, bool ForLoss = false>
  void step_layers(const T* x, state_type& state, T* y) const {
    alignas(64) std::array<T, hidden_width> buffers[2];
    detail::for_each_index(
        [&](auto i) {
          const T* in = i == 0 ? x : buffers[(i + 1) % 2].data();
          T* out = i + 1 == Count ? y : buffers[i % 2].data();
          using L = std::conditional_t<ForLoss, loss_side_layer_type<i>, layer_type<i>>;
          detail::step_layer<L>(parameters_.data() + parameter_offset(i), in,
                                std::get<i>(state.layers), out);
        },
        std::make_index_sequence<Count>{});
  }

  alignas(detail::buffer_alignment) std::array<T, parameter_count> parameters_;
};

//! A float network: `Net<Dense<784, 100, Sigmoid>, Dense<100, 10>, SoftmaxCE>`.
template <class... Elements>
using Net = BasicNet<float, Elements...>;

}  // namespace ctnn

#endif
