#ifndef CTNN_DETAIL_TRAINING_WORKSPACE_HPP
#define CTNN_DETAIL_TRAINING_WORKSPACE_HPP

//! @file training_workspace.hpp
//! The buffers of one training step and the step's arithmetic: a forward pass that keeps every
//! layer's output, the loss gradient, and backpropagation
//! (dA of the last layer from the loss, dA of each earlier layer from the next, dW and db).

#include <algorithm>
#include <array>
#include <concepts>
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <type_traits>
#include <utility>

#include <ctnn/activations/identity.hpp>
#include <ctnn/detail/aligned_buffer.hpp>
#include <ctnn/detail/denormals.hpp>
#include <ctnn/detail/net_checks.hpp>
#include <ctnn/detail/prefetch.hpp>
#include <ctnn/detail/targets.hpp>
#include <ctnn/detail/thread_pool.hpp>
#include <ctnn/error.hpp>
#include <ctnn/kernels/gemm.hpp>

namespace ctnn::detail {

//! The default of TrainingWorkspace::loss_and_gradient's update: none.
struct no_update {
  static constexpr bool enabled = false;
  template <class T>
  void operator()(std::size_t, std::size_t, bool, T*) const {}
};

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
  // The rows of dW in a piece of a fused update: two of the kernel's row blocks (16 rows with
  // AVX-512, 12 with AVX2; pieces of 16 rows with AVX2 left a slower 4-row block each: the step
  // at batch 64 went 4% faster with 12).
  static constexpr std::size_t piece_rows = 2 * kernels::block_rows;
  // The most gradient values of one piece (piece_rows rows of dW, or one layer's bias), rounded
  // up to whole cache lines so that each thread's piece starts a line of its own.
  static constexpr std::size_t piece_capacity = [] {
    std::size_t widest = 0;
    for (std::size_t i = 0; i < layers; ++i)
      widest = std::max(widest, std::min(piece_rows, Net::width(i)) * Net::width(i + 1));
    constexpr std::size_t per_line = buffer_alignment / sizeof(T);
    return (widest + per_line - 1) / per_line * per_line;
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
  //! Buffers for batches of up to `max_batch` samples, and `threads` participants in a step
  //! (the caller and threads - 1 pool workers; 1: no pool, no threads). With `row_inputs`, also
  //! a copy of a batch's inputs, for the overload of loss_and_gradient that takes row pointers.
  explicit TrainingWorkspace(std::size_t max_batch, std::size_t threads = 1,
                             bool row_inputs = false)
      : max_batch_(max_batch),
        outputs_(max_batch * output_offsets[layers]),
        deltas_(max_batch * output_offsets[layers]),
        transposed_(transposed_offsets[layers]),
        gathered_(row_inputs ? max_batch * Net::input_size : 0),
        part_losses_(threads == 0 ? 1 : threads),
        pieces_(part_losses_.size() * piece_capacity) {
    if (max_batch == 0) throw error("ctnn::Trainer: max_batch must be at least 1");
    if (threads == 0) throw error("ctnn::Trainer: threads must be at least 1");
    if (threads > 1) pool_ = std::make_unique<ThreadPool>(threads);
  }

  [[nodiscard]] std::size_t max_batch() const { return max_batch_; }
  [[nodiscard]] std::size_t threads() const { return pool_ ? pool_->size() : 1; }

  //! The last layer's outputs of the latest pass, as the loss read them (the pre-activation
  //! when the loss fuses the Sigmoid): `rows` x output_size.
  [[nodiscard]] std::span<const T> last_outputs(std::size_t rows) const {
    return {layer_output(layers - 1), rows * Net::output_size};
  }

  //! One forward and backward pass over `batch` samples: returns the mean loss and writes
  //! d(mean loss)/d(parameters) to `gradient` (parameter_count values), or with an update, hands
  //! it to the update piece by piece (see below). Allocates nothing.
  //!
  //! With several threads, a step is two fork-joins over fixed splits: (1) the batch's rows in
  //! equal ranges, each thread running the forward pass, the loss and the backward pass of the
  //! deltas for its rows (scaled by rows / batch, as the loss of a part is a mean over the
  //! part); (2) each layer's inputs in equal ranges, each thread computing those rows of
  //! dW = Xᵀ dA over the whole batch, the last one also db. No gradient is reduced across
  //! threads, so the weight gradient of a given delta is the same for any thread count, and the
  //! whole step is deterministic for a given one. Subnormals are flushed in the workers as in
  //! the caller's `Trainer::step`.
  //!
  //! `update(offset, count, is_weight, piece)`, if given, is called once for every piece of the
  //! gradient as soon as it is final, on the thread that computed it: `piece` holds the gradient
  //! of parameters offset .. offset + count - 1 (all weights of a few whole rows of a layer's W,
  //! or all of a layer's bias), and the update may change it. A trainer fuses its optimizer's
  //! update there while the piece is in the cache. Pieces are disjoint; when update is called,
  //! the parameters are no longer read by this pass. The pieces are the workspace's, a small
  //! buffer per thread, reused: `gradient` is not written (it may be null), so that a step does
  //! not also write the whole gradient through the caches (313 KB for 784-100σ-10; the training
  //! step at batch 32 and 64 went 2-4% faster without it).
  template <class Targets, class Update = no_update>
  T loss_and_gradient(const Net& net, std::span<const T> inputs, const Targets& targets,
                      std::size_t batch, T* gradient, Update update = {}) {
    Net::require_inputs("loss_and_gradient", inputs, batch);
    return pass(net, inputs.data(), nullptr, targets, batch, gradient, update);
  }

  //! As above, with sample r's inputs at rows[r] (input_size values each; `batch` pointers),
  //! e.g. rows of a dataset: in step (1) each thread first copies the rows it computes into the
  //! workspace, so a batch is gathered by all threads, each into its own core's cache.
  template <class Targets, class Update = no_update>
  T loss_and_gradient(const Net& net, std::span<const T* const> rows, const Targets& targets,
                      std::size_t batch, T* gradient, Update update = {}) {
    if (gathered_.size() == 0)
      throw error("ctnn::detail::TrainingWorkspace: made without row_inputs");
    if (rows.size() != batch)
      throw error("ctnn::Trainer: " + std::to_string(rows.size()) +
                  " feature rows for a batch of " + std::to_string(batch) + " samples");
    for (std::size_t r = 0; r < batch; ++r)
      if (rows[r] == nullptr)
        throw error("ctnn::Trainer: feature row " + std::to_string(r) + " of " +
                    std::to_string(batch) + " is a null pointer");
    return pass(net, nullptr, rows.data(), targets, batch, gradient, update);
  }

private:
  // loss_and_gradient on inputs given either contiguous (`inputs`) or by row (`rows`, copied
  // into `gathered_` by the threads that compute them).
  template <class Targets, class Update>
  T pass(const Net& net, const T* inputs, const T* const* rows, const Targets& targets,
         std::size_t batch, T* gradient, Update& update) {
    if constexpr (!check_trainable<Net>()) {
      return T(0);  // already reported by the diagnostic that check_trainable raised
    } else {
    if (batch > max_batch_)
      throw error("ctnn::Trainer: a batch of " + std::to_string(batch) +
                  " samples is larger than the max_batch of " + std::to_string(max_batch_) +
                  " the trainer was built for");
    const auto target_values =
        target_span<loss_type, T, Net::output_size>(targets, batch);
    const T* params = net.parameters().data();
    const T* x = rows != nullptr ? gathered_.data() : inputs;

    // Wᵀ of layers 1.. for their input gradients, shared by all threads.
    Net::for_each_layer([&](auto i) {
      if constexpr (i > 0)
        Net::template layer_type<i>::transpose_weights(params + Net::parameter_offset(i),
                                                       transposed_.data() + transposed_offsets[i]);
    });

    if (!pool_) {
      if (rows != nullptr) gather(rows, 0, batch);
      const T loss = rows_pass(params, x, target_values, 0, batch, batch);
      weights_pass(x, batch, gradient, 0, 1, update);
      return loss;
    }
    const std::size_t parts = pool_->size();
    auto rows_task = [&](std::size_t part) {
      const FlushDenormalsScope flush_denormals;
      const auto [begin, end] = split(batch, parts, part);
      if (rows != nullptr) gather(rows, begin, end);
      part_losses_[part] =
          begin < end ? rows_pass(params, x, target_values, begin, end, batch) *
                            static_cast<T>(end - begin)
                      : T(0);
    };
    pool_->run(rows_task);
    auto weights_task = [&](std::size_t part) {
      const FlushDenormalsScope flush_denormals;
      weights_pass(x, batch, gradient, part, parts, update);
    };
    pool_->run(weights_task);
    T loss = 0;
    for (std::size_t part = 0; part < parts; ++part) loss += part_losses_[part];
    return loss / static_cast<T>(batch);
    }
  }

  // Rows begin .. end - 1 of the batch, from where `rows` points into `gathered_`, each row
  // prefetched two rows ahead (the rows of a batch are scattered over a large dataset).
  void gather(const T* const* rows, std::size_t begin, std::size_t end) {
    constexpr std::size_t n = Net::input_size;
    constexpr std::size_t ahead = 2;
    for (std::size_t r = begin; r < end; ++r) {
      if (r + ahead < end) prefetch_row(rows[r + ahead], n);
      std::copy_n(rows[r], n, gathered_.data() + r * n);
    }
  }

  // Part `part` of `parts` of the range 0 .. count - 1: equal ranges whose starts are
  // multiples of 8 (the AVX-512 kernels' row block; with AVX2's blocks of 6, equal halves of a
  // batch still balance two threads better than whole blocks), the last one shorter; a range
  // may be empty.
  static std::pair<std::size_t, std::size_t> split(std::size_t count, std::size_t parts,
                                                   std::size_t part) {
    const std::size_t per_part = ((count + parts - 1) / parts + 7) / 8 * 8;
    const std::size_t begin = std::min(count, part * per_part);
    return {begin, std::min(count, begin + per_part)};
  }

  // Rows begin .. end - 1 of a batch of `batch`: forward through every layer, the loss and its
  // gradient, and the deltas of every layer (layer 0's included: its weight gradient needs
  // them; no gradient w.r.t. the inputs). Returns the mean loss of these rows.
  template <class TargetSpan>
  T rows_pass(const T* params, const T* inputs, TargetSpan targets, std::size_t begin,
              std::size_t end, std::size_t batch) {
    const std::size_t rows = end - begin;
    Net::for_each_layer([&](auto i) {
      using L = typename Net::template layer_type<i>;
      L::template forward<training_activation<i>>(
          params + Net::parameter_offset(i), layer_input(inputs, i) + begin * L::in_size, rows,
          layer_output(i) + begin * L::out_size);
    });

    constexpr std::size_t n_out = Net::output_size;
    const T* z = layer_output(layers - 1) + begin * n_out;
    T* delta = layer_delta(layers - 1) + begin * n_out;
    constexpr std::size_t per_sample = loss_type::class_targets ? 1 : n_out;
    const T loss = loss_type::template evaluate<n_out>(
        z, targets.subspan(begin * per_sample, rows * per_sample), rows, delta);
    if (rows != batch) {  // the part's mean -> its share of the batch's mean
      const T share = static_cast<T>(rows) / static_cast<T>(batch);
      for (std::size_t k = 0; k < rows * n_out; ++k) delta[k] *= share;
    }
    using last_activation = training_activation<layers - 1>;
    if constexpr (!std::same_as<last_activation, Identity>)
      for (std::size_t k = 0; k < rows * n_out; ++k) delta[k] *= last_activation::df(z[k]);

    Net::for_each_layer([&](auto reversed) {
      constexpr std::size_t i = layers - 1 - reversed;
      if constexpr (i > 0) {
        using L = typename Net::template layer_type<i>;
        using previous_activation = typename Net::template layer_type<i - 1>::activation;
        L::template input_gradient<previous_activation>(
            transposed_.data() + transposed_offsets[i], layer_output(i - 1) + begin * L::in_size,
            layer_delta(i) + begin * L::out_size, rows, layer_delta(i - 1) + begin * L::in_size);
      }
    });
    return loss;
  }

  // Part `part` of `parts` of every layer's weight gradient: the rows of dW of that part's
  // inputs, over the whole batch; the last part also the bias gradients. Written to `gradient`,
  // or with an update, piece_rows rows at a time to the part's piece buffer, each piece updated
  // while it is hot.
  template <class Update>
  void weights_pass(const T* inputs, std::size_t batch, T* gradient, std::size_t part,
                    std::size_t parts, Update& update) {
    T* piece = pieces_.data() + part * piece_capacity;
    Net::for_each_layer([&](auto i) {
      using L = typename Net::template layer_type<i>;
      const std::size_t offset = Net::parameter_offset(i);
      const auto [first, last] = split(L::in_size, parts, part);
      // Where the gradient of the parameters from `at` on goes.
      const auto destination = [&](std::size_t at) {
        return Update::enabled ? piece : gradient + at;
      };
      const std::size_t rows_per_piece = Update::enabled ? piece_rows : L::in_size;
      for (std::size_t row = first; row < last; row += rows_per_piece) {
        const std::size_t count = std::min(rows_per_piece, last - row);
        const std::size_t at = offset + row * L::out_size;
        L::weight_gradient_rows(layer_input(inputs, i), layer_delta(i), batch, row, count,
                                destination(at));
        if constexpr (Update::enabled) update(at, count * L::out_size, true, piece);
      }
      if (part == parts - 1) {
        const std::size_t at = offset + L::weight_count;
        L::bias_gradient(layer_delta(i), batch, destination(at));
        if constexpr (Update::enabled) update(at, L::out_size, false, piece);
      }
    });
  }

  const T* layer_input(const T* inputs, std::size_t i) const {
    return i == 0 ? inputs : layer_output(i - 1);
  }
  T* layer_output(std::size_t i) { return outputs_.data() + max_batch_ * output_offsets[i]; }
  const T* layer_output(std::size_t i) const {
    return outputs_.data() + max_batch_ * output_offsets[i];
  }
  T* layer_delta(std::size_t i) { return deltas_.data() + max_batch_ * output_offsets[i]; }

  std::size_t max_batch_;
  aligned_buffer<T> outputs_;     // every layer's outputs, layer by layer, max_batch rows each
  aligned_buffer<T> deltas_;      // d(loss)/d(pre-activation) of every layer, laid out likewise
  aligned_buffer<T> transposed_;  // Wᵀ of layers 1.. for their input gradients
  aligned_buffer<T> gathered_;    // the inputs of a batch given by row pointers
  aligned_buffer<T> part_losses_;            // each thread's share of the loss
  aligned_buffer<T> pieces_;                 // each thread's piece of a fused update's gradient
  std::unique_ptr<ThreadPool> pool_;         // null for one thread
};

}  // namespace ctnn::detail

#endif
