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
#include <ctnn/detail/targets.hpp>
#include <ctnn/error.hpp>
#include <ctnn/init.hpp>
#include <ctnn/layers/dense.hpp>
#include <ctnn/losses/mse.hpp>

namespace ctnn {

namespace detail {

// What a valid Net<Elements...> is made of: its layers, its loss, and where each layer's
// parameters start in the flat block.
template <class... Elements>
struct net_structure {
  static constexpr std::size_t layer_count = sizeof...(Elements) - 1;
  template <std::size_t I>
  using layer = std::tuple_element_t<I, std::tuple<Elements...>>;
  using loss = last_element<Elements...>;

  // offsets[i]: the first parameter of layer i; offsets[layer_count]: the parameter count.
  static constexpr auto offsets = []<std::size_t... I>(std::index_sequence<I...>) {
    const std::array<std::size_t, layer_count> counts{layer<I>::parameter_count...};
    std::array<std::size_t, layer_count + 1> result{};
    for (std::size_t i = 0; i < layer_count; ++i) result[i + 1] = result[i] + counts[i];
    return result;
  }(std::make_index_sequence<layer_count>{});

  // widths[0]: the input size; widths[i + 1]: the output size of layer i.
  static constexpr auto widths = []<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<std::size_t, layer_count + 1>{layer<0>::in_size, layer<I>::out_size...};
  }(std::make_index_sequence<layer_count>{});
};

// Naming net_keeps_its_elements reports the net's first problem with one static_assert. A net
// whose layers chain into a loss keeps its elements even if that loss does not fit the last
// layer; any other invalid net continues as a harmless stand-in, which keeps the compiler from
// adding pages of follow-up errors. The stand-in takes the inputs and gives the outputs that the
// user declared, where known, so that code passing it a std::array<float, 784> raises no second
// error.
template <class... Elements>
using stand_in_net_structure =
    net_structure<Dense<stand_in_net<Elements...>::input_size,
                        stand_in_net<Elements...>::output_size>,
                  typename stand_in_net<Elements...>::template loss_or<MSE>>;
template <class... Elements>
using checked_net_structure = std::conditional_t<net_keeps_its_elements<Elements...>,
                                                 net_structure<Elements...>,
                                                 stand_in_net_structure<Elements...>>;

template <class F, std::size_t... I>
constexpr void for_each_index(F&& f, std::index_sequence<I...>) {
  (f(std::integral_constant<std::size_t, I>{}), ...);
}

}  // namespace detail

//! A neural network as a type: the layers, then the loss that closes it.
//!
//! @tparam T        the scalar type, `float` or `double`
//! @tparam Elements the layers (e.g. `Dense<784, 100, Sigmoid>`) in order, then one loss
//!                  (`MSE`, `SoftmaxCE`, `BCE` or `Logistic`)
//!
//! Shapes are checked when the type is formed: sizes that do not chain, a missing or misplaced
//! loss, or a last layer that does not fit the loss are compile errors naming the layer.
//!
//! Parameters live in ONE contiguous, 64-byte-aligned block inside the object: layer 0's
//! weights W[in][out] (input-major, row-major), layer 0's bias, then layer 1's, and so on
//! (`parameter_offset(i)` gives where layer i starts). Being inside the object, they make a big
//! net a big object (Net<Dense<784,100>, ...> is 318 KB): keep such nets static or on the heap
//! rather than on a small thread stack.
//!
//! Batches are row-major, one sample per row. Thread safety: the const members (forward,
//! predict, classify, loss, loss_and_gradient) may run from many threads at once; they keep
//! their workspace on the calling thread's stack and allocate nothing (but loss_and_gradient,
//! which allocates its buffers).
template <class T, class... Elements>
class BasicNet {
  static_assert(std::same_as<T, float> || std::same_as<T, double>,
                "ctnn::BasicNet<T, ...>: the scalar type T must be float or double");
  using structure = detail::checked_net_structure<Elements...>;

public:
  using value_type = T;
  using loss_type = typename structure::loss;
  //! The I-th layer (0-based).
  template <std::size_t I>
  using layer_type = typename structure::template layer<I>;

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

  using input_span = std::span<const T, input_size>;
  using output_array = std::array<T, output_size>;

  //! The seed of a default-constructed net.
  static constexpr std::uint64_t default_seed = 0;

  //! A net initialized with `init(default_seed)`.
  BasicNet() { init(default_seed); }

  //! A net with the given parameters, laid out as `parameters()` documents. Usable in constant
  //! expressions, e.g. for a hand-set logic network checked with static_assert.
  constexpr explicit BasicNet(const std::array<T, parameter_count>& parameters)
      : parameters_(parameters) {}

  //! Sets every layer's weights from its activation's `Init` scheme (Glorot uniform for
  //! sigmoid, tanh, softplus, identity and step layers; He uniform for the ReLU family) and
  //! every bias to zero. Deterministic for a seed on every platform.
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

  //! Views of layer I's weights (indexed (in, out)) and bias.
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
  //! Usable in constant expressions (the activations permitting: std::exp is not constexpr).
  [[nodiscard]] constexpr output_array forward(input_span x) const {
    if (std::is_constant_evaluated()) return forward_scalar(x);
    output_array y;
    forward_rows<false, 1>(x.data(), 1, y.data());
    return y;
  }

  //! `forward` with plain scalar loops: the reference the SIMD kernels are tested against.
  [[nodiscard]] constexpr output_array forward_scalar(input_span x) const {
    std::array<T, max_width> a{};
    std::array<T, max_width> b{};
    std::copy(x.begin(), x.end(), a.begin());
    T* in = a.data();
    T* out = b.data();
    for_each_layer([&](auto i) {
      layer_type<i>::forward_scalar(parameters_.data() + parameter_offset(i), in, out);
      std::swap(in, out);
    });
    output_array y{};
    std::copy(in, in + output_size, y.begin());
    return y;
  }

  //! What the net predicts for one sample: class probabilities (softmax) for SoftmaxCE,
  //! P(class 1) for BCE and Logistic, the outputs themselves for MSE.
  [[nodiscard]] output_array predict(input_span x) const {
    output_array y = forward(x);
    loss_type::template predict<output_size>(y.data());
    return y;
  }

  //! The predicted class: the argmax for SoftmaxCE (and MSE), 0 or 1 for BCE and Logistic.
  [[nodiscard]] std::size_t classify(input_span x) const {
    const output_array y = forward(x);
    return loss_type::template classify<output_size>(y.data());
  }

  //! `batch` samples at once: inputs are batch x input_size, outputs batch x output_size,
  //! row-major. Allocates nothing.
  void forward(std::span<const T> inputs, std::span<T> outputs, std::size_t batch) const {
    require_inputs("forward", inputs, batch);
    if (outputs.size() != batch * output_size)
      throw error("ctnn::Net::forward: the outputs span holds " + std::to_string(outputs.size()) +
                  " values, but a batch of " + std::to_string(batch) + " needs " +
                  std::to_string(batch * output_size) + " (batch x output_size " +
                  std::to_string(output_size) + ")");
    forward_rows<false>(inputs.data(), batch, outputs.data());
  }

  //! The mean loss over `batch` samples (see each loss for its exact scaling). Targets: class
  //! indices of any integral type for SoftmaxCE (one per sample), otherwise numbers of type T
  //! (batch x output_size, row-major). Allocates nothing.
  template <std::ranges::contiguous_range Targets>
  [[nodiscard]] T loss(std::span<const T> inputs, const Targets& targets, std::size_t batch) const {
    require_inputs("loss", inputs, batch);
    const auto target_values = detail::target_span<loss_type, T, output_size>(targets, batch);
    std::array<T, chunk_rows * output_size> z;
    T total = 0;
    for (std::size_t start = 0; start < batch; start += chunk_rows) {
      const std::size_t rows = std::min(chunk_rows, batch - start);
      forward_rows<loss_type::fuses_sigmoid>(inputs.data() + start * input_size, rows, z.data());
      const auto chunk_targets = target_values.subspan(start * target_width, rows * target_width);
      total += loss_type::template evaluate<output_size>(z.data(), chunk_targets, rows, static_cast<T*>(nullptr)) *
               static_cast<T>(rows);
    }
    return total / static_cast<T>(batch);
  }

  //! Like `loss`, and also writes d(mean loss)/d(parameters) into `gradient`, laid out like
  //! `parameters()`. Allocates its workspace on each call: a `Trainer` keeps one instead.
  template <std::ranges::contiguous_range Targets>
  T loss_and_gradient(std::span<const T> inputs, const Targets& targets, std::size_t batch,
                      std::span<T, parameter_count> gradient) const;

  //! Runs `f(std::integral_constant<std::size_t, I>{})` for each layer index I in order.
  template <class F>
  static constexpr void for_each_layer(F&& f) {
    detail::for_each_index(f, std::make_index_sequence<layer_count>{});
  }

  //! The widest layer boundary (inputs, hidden layers, outputs).
  static constexpr std::size_t max_width = *std::ranges::max_element(structure::widths);

  //! The widest hidden layer (1 for a net with one layer).
  static constexpr std::size_t hidden_width = [] {
    std::size_t widest = 1;
    for (std::size_t i = 1; i < layer_count; ++i) widest = std::max(widest, structure::widths[i]);
    return widest;
  }();
  //! Inference and `loss` process batches in chunks of this many rows, with stack buffers of
  //! about 4096 values each (more only for layers wider than that).
  static constexpr std::size_t chunk_rows =
      std::clamp<std::size_t>(4096 / std::max(hidden_width, output_size), 1, 64);

  //! Targets per sample: 1 class index, or output_size numbers.
  static constexpr std::size_t target_width = loss_type::class_targets ? 1 : output_size;

  //! Throws ctnn::error unless `inputs` holds exactly batch x input_size values, batch > 0.
  static void require_inputs(const char* what, std::span<const T> inputs, std::size_t batch) {
    if (batch == 0) throw error(std::string("ctnn::Net::") + what + ": the batch is empty");
    if (inputs.size() != batch * input_size)
      throw error(std::string("ctnn::Net::") + what + ": the inputs span holds " +
                  std::to_string(inputs.size()) + " values, but a batch of " +
                  std::to_string(batch) + " samples of input_size " + std::to_string(input_size) +
                  " needs " + std::to_string(batch * input_size));
  }

private:
  // `rows` samples through every layer, ChunkRows at a time, with stack buffers (one sample's
  // inference asks for ChunkRows = 1: buffers of two hidden rows instead of two chunks, which
  // keeps its stack frame small and hot). With PreActivationOutput the last layer skips its
  // activation (for a loss that fuses it).
  template <bool PreActivationOutput, std::size_t ChunkRows = chunk_rows>
  void forward_rows(const T* x, std::size_t rows, T* y) const {
    alignas(64) std::array<T, ChunkRows * hidden_width> buffers[2];
    for (std::size_t start = 0; start < rows; start += ChunkRows) {
      const std::size_t n = std::min(ChunkRows, rows - start);
      for_each_layer([&](auto i) {
        using L = layer_type<i>;
        constexpr bool last = i == layer_count - 1;
        using Phi = std::conditional_t<last && PreActivationOutput, Identity, typename L::activation>;
        const T* in = i == 0 ? x + start * input_size : buffers[(i + 1) % 2].data();
        T* out = last ? y + start * output_size : buffers[i % 2].data();
        L::template forward<Phi>(parameters_.data() + parameter_offset(i), in, n, out);
      });
    }
  }

  alignas(detail::buffer_alignment) std::array<T, parameter_count> parameters_;
};

//! A float network: `Net<Dense<784, 100, Sigmoid>, Dense<100, 10>, SoftmaxCE>`.
template <class... Elements>
using Net = BasicNet<float, Elements...>;

}  // namespace ctnn

#include <ctnn/detail/training_workspace.hpp>

template <class T, class... Elements>
template <std::ranges::contiguous_range Targets>
T ctnn::BasicNet<T, Elements...>::loss_and_gradient(std::span<const T> inputs,
                                                    const Targets& targets, std::size_t batch,
                                                    std::span<T, parameter_count> gradient) const {
  detail::TrainingWorkspace<BasicNet> workspace(batch);
  return workspace.loss_and_gradient(*this, inputs, targets, batch, gradient.data());
}

#endif
