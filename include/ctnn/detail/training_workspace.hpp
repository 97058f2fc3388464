#ifndef CTNN_DETAIL_TRAINING_WORKSPACE_HPP
#define CTNN_DETAIL_TRAINING_WORKSPACE_HPP

//! @file training_workspace.hpp
//! The buffers of one training step and the step's arithmetic: a forward pass that keeps every
//! layer's output, the loss gradient, and backpropagation (MATH.md's four rules).

#include <array>
#include <concepts>
#include <cstddef>
#include <span>
#include <string>
#include <type_traits>
#include <utility>

#include <ctnn/activations/identity.hpp>
#include <ctnn/detail/aligned_buffer.hpp>
#include <ctnn/detail/net_checks.hpp>
#include <ctnn/detail/targets.hpp>
#include <ctnn/error.hpp>

namespace ctnn::detail {

template <class Net>
class TrainingWorkspace {
  using T = typename Net::value_type;
  using loss_type = typename Net::loss_type;
  static constexpr std::size_t layers = Net::layer_count;

  // Per sample: where layer i's outputs start among all layers' outputs.
  static constexpr auto output_offsets = [] {
    std::array<std::size_t, layers + 1> offsets{};
    for (std::size_t i = 0; i < layers; ++i) offsets[i + 1] = offsets[i] + Net::width(i + 1);
    return offsets;
  }();
  // Where layer i's transposed weights start (layer 0 needs none: no input gradient).
  static constexpr auto transposed_offsets = [] {
    std::array<std::size_t, layers + 1> offsets{};
    for (std::size_t i = 1; i < layers; ++i)
      offsets[i + 1] = offsets[i] + Net::width(i) * Net::width(i + 1);
    return offsets;
  }();

  // The activation layer i applies while training: a loss that fuses the Sigmoid (BCE) takes
  // the last layer's pre-activation instead.
  template <std::size_t I>
  using training_activation =
      std::conditional_t<I == layers - 1 && loss_type::fuses_sigmoid, Identity,
                         typename Net::template layer_type<I>::activation>;

public:
  explicit TrainingWorkspace(std::size_t max_batch)
      : max_batch_(max_batch),
        outputs_(max_batch * output_offsets[layers]),
        deltas_(2 * max_batch * Net::max_width),
        transposed_(transposed_offsets[layers]) {
    if (max_batch == 0) throw error("ctnn::Trainer: max_batch must be at least 1");
  }

  [[nodiscard]] std::size_t max_batch() const { return max_batch_; }

  //! The last layer's outputs of the latest pass, as the loss read them (the pre-activation
  //! when the loss fuses the Sigmoid): `rows` x output_size.
  [[nodiscard]] std::span<const T> last_outputs(std::size_t rows) const {
    return {layer_output(layers - 1), rows * Net::output_size};
  }

  //! One forward and backward pass over `batch` samples: returns the mean loss and writes
  //! d(mean loss)/d(parameters) to `gradient` (parameter_count values). Allocates nothing.
  template <class Targets>
  T loss_and_gradient(const Net& net, std::span<const T> inputs, const Targets& targets,
                      std::size_t batch, T* gradient) {
    if constexpr (!check_trainable<Net>()) {
      return T(0);  // already reported by the diagnostic that check_trainable raised
    } else {
    Net::require_inputs("loss_and_gradient", inputs, batch);
    if (batch > max_batch_)
      throw error("ctnn::Trainer: a batch of " + std::to_string(batch) +
                  " samples is larger than the max_batch of " + std::to_string(max_batch_) +
                  " the trainer was built for");
    const auto target_values =
        target_span<loss_type, T, Net::output_size>(targets, batch);
    const T* params = net.parameters().data();

    Net::for_each_layer([&](auto i) {
      using L = typename Net::template layer_type<i>;
      L::template forward<training_activation<i>>(params + Net::parameter_offset(i),
                                                  layer_input(inputs.data(), i), batch,
                                                  layer_output(i));
    });

    T* delta = deltas_.data();
    T* next_delta = delta + max_batch_ * Net::max_width;
    const T* z = layer_output(layers - 1);
    const T loss = loss_type::template evaluate<Net::output_size>(z, target_values, batch, delta);
    using last_activation = training_activation<layers - 1>;
    if constexpr (!std::same_as<last_activation, Identity>)
      for (std::size_t k = 0; k < batch * Net::output_size; ++k) delta[k] *= last_activation::df(z[k]);

    Net::for_each_layer([&](auto reversed) {
      constexpr std::size_t i = layers - 1 - reversed;
      using L = typename Net::template layer_type<i>;
      const T* input = layer_input(inputs.data(), i);
      L::weight_gradient(input, delta, batch, gradient + Net::parameter_offset(i));
      if constexpr (i > 0) {
        using previous_activation = typename Net::template layer_type<i - 1>::activation;
        T* transposed = transposed_.data() + transposed_offsets[i];
        L::transpose_weights(params + Net::parameter_offset(i), transposed);
        L::template input_gradient<previous_activation>(transposed, input, delta, batch,
                                                        next_delta);
        std::swap(delta, next_delta);
      }
    });
    return loss;
    }
  }

private:
  const T* layer_input(const T* inputs, std::size_t i) const {
    return i == 0 ? inputs : layer_output(i - 1);
  }
  T* layer_output(std::size_t i) { return outputs_.data() + max_batch_ * output_offsets[i]; }
  const T* layer_output(std::size_t i) const {
    return outputs_.data() + max_batch_ * output_offsets[i];
  }

  std::size_t max_batch_;
  aligned_buffer<T> outputs_;     // every layer's outputs, layer by layer, max_batch rows each
  aligned_buffer<T> deltas_;      // two max_batch x max_width gradient buffers, in turn
  aligned_buffer<T> transposed_;  // Wᵀ of layers 1.. for their input gradients
};

}  // namespace ctnn::detail

#endif
