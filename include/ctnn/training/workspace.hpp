#ifndef CTNN_TRAINING_WORKSPACE_HPP
#define CTNN_TRAINING_WORKSPACE_HPP

//! @file workspace.hpp
//! The buffers of one training step and the step's arithmetic, for any net whose layers meet
//! `TrainableLayer`: a forward pass that keeps what each layer declares, the loss gradient,
//! backpropagation through every layer, and the parameter gradient, sized from the layers' own
//! declarations.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <ranges>
#include <span>
#include <string>
#include <utility>

#include <ctnn/concepts/layer.hpp>
#include <ctnn/detail/aligned_buffer.hpp>
#include <ctnn/detail/net_checks.hpp>
#include <ctnn/detail/net_inputs.hpp>
#include <ctnn/detail/target_span.hpp>
#include <ctnn/error.hpp>
#include <ctnn/kernels/gemm.hpp>
#include <ctnn/training/denormals.hpp>
#include <ctnn/training/prefetch.hpp>
#include <ctnn/training/thread_pool.hpp>

namespace ctnn {

//! The default of TrainingWorkspace::loss_and_gradient's update: none.
struct no_update {
  static constexpr bool enabled = false;
  template <class T>
  void operator()(std::size_t, std::size_t, std::size_t, T*) const {}
};

//! Everything one training step of `Net` needs besides the parameters, allocated once: each
//! layer's outputs, kept values and output gradients for up to `max_batch` samples, the layers'
//! per-step scratch (e.g. transposed weights), and a thread pool for steps on several threads.
//! A `Trainer` owns one; `loss_and_gradient(net, ...)` makes one for a single call.
template <class Net>
class TrainingWorkspace {
  using T = typename Net::value_type;
  using loss_type = typename Net::loss_type;
  static constexpr std::size_t layers = Net::layer_count;
  template <std::size_t I>
  using layer = typename Net::template loss_side_layer_type<I>;

  // Per-sample sums over the layers of a size each declares (`size(i)` for layer i): offsets[i]
  // is layer i's start, offsets[layers] the total.
  template <class Size>
  static constexpr auto per_layer_offsets(Size size) {
    std::array<std::size_t, layers + 1> offsets{};
    Net::for_each_layer([&](auto i) { offsets[i + 1] = offsets[i] + size(i); });
    return offsets;
  }
  static constexpr auto output_offsets =
      per_layer_offsets([](auto i) { return layer<i>::out_size; });
  static constexpr auto kept_offsets = per_layer_offsets([](auto i) { return layer<i>::kept_size; });
  static constexpr auto delta_offsets =
      per_layer_offsets([](auto i) { return delta_size_of<layer<i>>; });
  // Layer 0 passes no gradient back, so it needs no scratch.
  static constexpr auto scratch_offsets = per_layer_offsets(
      [](auto i) { return i == 0 ? std::size_t{0} : std::size_t{layer<i>::scratch_size}; });

  // The parameters of layer L after its gradient rows (Dense: the bias).
  template <class L>
  static constexpr std::size_t rest_size =
      L::parameter_count - L::gradient_rows * L::gradient_row_size;
  // The gradient rows in a piece of a fused update: two of the kernel's row blocks (16 rows with
  // AVX-512, 12 with AVX2).
  static constexpr std::size_t piece_rows = 2 * kernels::block_rows;
  // The most gradient values of one piece (piece_rows gradient rows, or a layer's rest), rounded
  // up to whole cache lines so that each thread's piece starts a line of its own.
  static constexpr std::size_t piece_capacity = [] {
    std::size_t widest = 1;
    Net::for_each_layer([&](auto i) {
      using L = layer<i>;
      widest = std::max({widest, std::min(piece_rows, L::gradient_rows) * L::gradient_row_size,
                         std::size_t{rest_size<L>}});
    });
    constexpr std::size_t per_line = detail::buffer_alignment / sizeof(T);
    return (widest + per_line - 1) / per_line * per_line;
  }();

public:
  //! Buffers for batches of up to `max_batch` samples, and `threads` participants in a step
  //! (the caller and threads - 1 pool workers; 1: no pool, no threads). With `row_inputs`, also
  //! a copy of a batch's inputs, for the overload of loss_and_gradient that takes row pointers.
  //! A sample may be a sequence of up to `max_steps` time steps (sequence_loss_and_gradient).
  explicit TrainingWorkspace(std::size_t max_batch, std::size_t threads = 1,
                             bool row_inputs = false, std::size_t max_steps = 1)
      : max_batch_(max_batch),
        max_steps_(max_steps),
        max_rows_(max_batch * max_steps),
        outputs_(max_rows_ * output_offsets[layers]),
        output_gradients_(max_rows_ * output_offsets[layers]),
        kept_(max_rows_ * kept_offsets[layers]),
        deltas_(max_rows_ * delta_offsets[layers]),
        scratch_(scratch_offsets[layers]),
        gathered_(row_inputs ? max_batch * Net::input_size : 0),
        part_losses_(threads == 0 ? 1 : threads),
        pieces_(part_losses_.size() * piece_capacity) {
    if (max_batch == 0) throw error("ctnn::Trainer: max_batch must be at least 1");
    if (threads == 0) throw error("ctnn::Trainer: threads must be at least 1");
    if (max_steps == 0) throw error("ctnn::Trainer: max_steps must be at least 1");
    if (threads > 1) pool_ = std::make_unique<detail::ThreadPool>(threads);
  }

  [[nodiscard]] std::size_t max_batch() const { return max_batch_; }
  [[nodiscard]] std::size_t max_steps() const { return max_steps_; }
  //! Backpropagation through time in chunks of `steps` time steps (0, the default: through
  //! whole sequences): the gradient does not flow from one chunk into the one before, as when a
  //! sequence is trained chunk by chunk with the state carried over.
  void set_truncation(std::size_t steps) { truncation_ = steps; }
  [[nodiscard]] std::size_t truncation() const { return truncation_; }
  //! The rows of the loss for `batch` samples of the latest pass: one per time step, or one per
  //! sequence after LastStep.
  [[nodiscard]] std::size_t loss_rows(std::size_t batch) const {
    return batch * out_scale(layers - 1);
  }
  [[nodiscard]] std::size_t threads() const { return pool_ ? pool_->size() : 1; }

  //! The seed of the random numbers that layers draw while training (Dropout); a step's numbers
  //! depend on the seed, the number of steps this workspace has taken, and the batch row only.
  void set_seed(std::uint64_t seed) { seed_ = seed; }

  //! The last layer's outputs of the latest pass, as the loss read them (the pre-activation
  //! when the loss applies the Sigmoid itself): `rows` x output_size.
  [[nodiscard]] std::span<const T> last_outputs(std::size_t rows) const {
    return {layer_output(layers - 1), rows * Net::output_size};
  }

  //! One forward and backward pass over `batch` samples: returns the mean loss and writes
  //! d(mean loss)/d(parameters) to `gradient` (parameter_count values), or with an update, hands
  //! it to the update piece by piece (see below). Allocates nothing.
  //!
  //! Throws ctnn::error, before any gradient is written or update made, when the batch does not
  //! fit, a target is rejected by the loss, or the batch's loss is not finite (naming the first
  //! sample with a non-finite input, if there is one).
  //!
  //! With several threads, a step is two fork-joins over fixed splits: (1) the batch's rows in
  //! equal ranges, each thread running the forward pass, the loss and the backward pass for its
  //! rows (its output gradients scaled by rows / batch, as the loss of a part is a mean over the
  //! part); (2) each layer's gradient rows in equal ranges, each thread computing those over the
  //! whole batch, the last one also the rest (biases). No gradient is reduced across threads, so
  //! the parameter gradient of given output gradients is the same for any thread count, and the
  //! whole step is deterministic for a given one. Subnormals are flushed in the workers as in the
  //! caller's `Trainer::step`.
  //!
  //! `update(offset, count, weights, piece)`, if given, is called once for every piece of the
  //! gradient as soon as it is final, on the thread that computed it: `piece` holds the gradient
  //! of parameters offset .. offset + count - 1, of which the first `weights` are weights, and
  //! the update may change it. A trainer fuses its optimizer's update there while the piece is in
  //! the cache. Pieces are disjoint; when update is called, the parameters are no longer read by
  //! this pass. The pieces are the workspace's, a small buffer per thread, reused: `gradient` is
  //! not written (it may be null).
  template <class Targets, class Update = no_update>
  T loss_and_gradient(const Net& net, std::span<const T> inputs, const Targets& targets,
                      std::size_t batch, T* gradient, Update update = {}) {
    detail::require_batch_inputs<Net::input_size>("ctnn::Trainer::step", inputs, batch);
    steps_ = 1;
    return pass(net, inputs.data(), nullptr, targets, batch, gradient, update);
  }
  //! As above for `batch` sequences of `steps` time steps each, with backpropagation through
  //! time: `inputs` is batch x steps x input_size (a sequence's steps one after another), each
  //! sequence starts from the zero state, and the targets are one per time step (batch x steps
  //! rows, as `Net::loss` takes them for batch x steps samples) or, after LastStep, one per
  //! sequence. The loss is their mean, as PyTorch's losses over (batch, steps, ...).
  template <class Targets, class Update = no_update>
  T sequence_loss_and_gradient(const Net& net, std::span<const T> inputs, const Targets& targets,
                               std::size_t batch, std::size_t steps, T* gradient,
                               Update update = {}) {
    if (steps == 0 || steps > max_steps_)
      throw error("ctnn::Trainer::step_sequences: sequences of " + std::to_string(steps) +
                  " steps; the trainer takes 1 to " + std::to_string(max_steps_) +
                  " (its max_steps)");
    detail::require_batch_inputs<Net::input_size>("ctnn::Trainer::step_sequences", inputs,
                                                  batch * steps);
    steps_ = steps;
    return pass(net, inputs.data(), nullptr, targets, batch, gradient, update);
  }

  //! As above, with sample r's inputs at rows[r] (input_size values each; `batch` pointers),
  //! e.g. rows of a dataset: in step (1) each thread first copies the rows it computes into the
  //! workspace, so a batch is gathered by all threads, each into its own core's cache.
  template <class Targets, class Update = no_update>
  T loss_and_gradient(const Net& net, std::span<const T* const> rows, const Targets& targets,
                      std::size_t batch, T* gradient, Update update = {}) {
    if (gathered_.size() == 0)
      throw error("ctnn::TrainingWorkspace: made without row_inputs");
    if (rows.size() != batch)
      throw error("ctnn::Trainer: " + std::to_string(rows.size()) +
                  " feature rows for a batch of " + std::to_string(batch) + " samples");
    for (std::size_t r = 0; r < batch; ++r)
      if (rows[r] == nullptr)
        throw error("ctnn::Trainer: feature row " + std::to_string(r) + " of " +
                    std::to_string(batch) + " is a null pointer");
    steps_ = 1;
    return pass(net, nullptr, rows.data(), targets, batch, gradient, update);
  }

private:
  // loss_and_gradient on inputs given either contiguous (`inputs`) or by row (`rows`, copied
  // into `gathered_` by the threads that compute them).
  template <class Targets, class Update>
  T pass(const Net& net, const T* inputs, const T* const* rows, const Targets& targets,
         std::size_t batch, T* gradient, Update& update) {
    if constexpr (!detail::check_trainable<Net>()) {
      return T(0);  // already reported by the diagnostic that check_trainable raised
    } else {
      if (batch > max_batch_)
        throw error("ctnn::Trainer: a batch of " + std::to_string(batch) +
                    " samples is larger than the max_batch of " + std::to_string(max_batch_) +
                    " the trainer was built for");
      const auto target_values =
          detail::target_span<loss_type, T, Net::output_size>(targets, loss_rows(batch));
      const T* params = net.parameters().data();
      const T* x = rows != nullptr ? gathered_.data() : inputs;

      Net::for_each_layer([&](auto i) {
        if constexpr (i > 0 && layer<i>::scratch_size > 0)
          layer<i>::prepare_backward(params + Net::parameter_offset(i),
                                     scratch_.data() + scratch_offsets[i]);
      });

      T loss;
      if (!pool_) {
        if (rows != nullptr) gather(rows, 0, batch);
        loss = rows_pass(params, x, target_values, 0, batch, batch);
        require_finite(loss, x, batch * in_scale(0));
        weights_pass(x, batch, gradient, 0, 1, update);
      } else {
        const std::size_t parts = pool_->size();
        auto rows_task = [&](std::size_t part) {
          const detail::FlushDenormalsScope flush_denormals;
          const auto [begin, end] = split(batch, parts, part);
          if (rows != nullptr) gather(rows, begin, end);
          part_losses_[part] = begin < end ? rows_pass(params, x, target_values, begin, end, batch) *
                                                 static_cast<T>(end - begin)
                                           : T(0);
        };
        pool_->run(rows_task);
        loss = 0;
        for (std::size_t part = 0; part < parts; ++part) loss += part_losses_[part];
        loss /= static_cast<T>(batch);
        require_finite(loss, x, batch * in_scale(0));
        auto weights_task = [&](std::size_t part) {
          const detail::FlushDenormalsScope flush_denormals;
          weights_pass(x, batch, gradient, part, parts, update);
        };
        pool_->run(weights_task);
      }
      ++step_;
      return loss;
    }
  }

  // Throws when the batch's loss is not finite, naming the first non-finite input if any.
  static void require_finite(T loss, const T* x, std::size_t batch) {
    if (std::isfinite(loss)) return;
    constexpr std::size_t n = Net::input_size;
    for (std::size_t k = 0; k < batch * n; ++k)
      if (!std::isfinite(x[k]))
        throw error("ctnn::Trainer::step: sample " + std::to_string(k / n) +
                    " of the batch has a non-finite input (" + std::to_string(x[k]) +
                    " at feature " + std::to_string(k % n) +
                    "); the batch's loss is not finite and the parameters are unchanged");
    throw error("ctnn::Trainer::step: the batch's loss is " + std::to_string(loss) +
                ", not finite, with finite inputs (the parameters or outputs overflowed: lower "
                "the learning rate or check the data's scale); the parameters are unchanged");
  }

  // Rows begin .. end - 1 of the batch, from where `rows` points into `gathered_`, each row
  // prefetched two rows ahead (the rows of a batch are scattered over a large dataset).
  void gather(const T* const* rows, std::size_t begin, std::size_t end) {
    constexpr std::size_t n = Net::input_size;
    constexpr std::size_t ahead = 2;
    for (std::size_t r = begin; r < end; ++r) {
      if (r + ahead < end) detail::prefetch_row(rows[r + ahead], n);
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
  // gradient, and the backward pass of every layer (layer 0's included: its parameter gradient
  // reads its output gradient; no gradient w.r.t. the inputs). Returns the mean loss of these
  // rows.
  template <class TargetSpan>
  T rows_pass(const T* params, const T* inputs, TargetSpan targets, std::size_t begin,
              std::size_t end, std::size_t batch) {
    const std::size_t rows = end - begin;
    Net::for_each_layer([&](auto i) {
      using L = layer<i>;
      const std::size_t first = begin * in_scale(i);
      L::train_forward(params + Net::parameter_offset(i), layer_input(inputs, i) + first * L::in_size,
                       rows * in_scale(i), layer_output(i) + begin * out_scale(i) * L::out_size,
                       layer_kept(i) + first * L::kept_size,
                       TrainingStep{seed_, step_, first, in_scale(i)});
    });

    constexpr std::size_t n_out = Net::output_size;
    constexpr std::size_t per_sample = detail::targets_per_sample<loss_type, n_out>;
    const std::size_t first_loss_row = loss_rows(begin);
    const std::size_t loss_row_count = loss_rows(rows);
    const T* z = layer_output(layers - 1) + first_loss_row * n_out;
    T* dz = layer_output_gradient(layers - 1) + first_loss_row * n_out;
    const T loss = loss_type::template evaluate<n_out>(
        z, targets.subspan(first_loss_row * per_sample, loss_row_count * per_sample),
        loss_row_count, dz);
    if (rows != batch) {  // the part's mean -> its share of the batch's mean
      const T share = static_cast<T>(rows) / static_cast<T>(batch);
      for (std::size_t k = 0; k < loss_row_count * n_out; ++k) dz[k] *= share;
    }

    Net::for_each_layer([&](auto reversed) {
      constexpr std::size_t i = layers - 1 - reversed;
      using L = layer<i>;
      T* dx = i > 0 ? layer_output_gradient(i - 1) + begin * in_scale(i) * L::in_size : nullptr;
      L::backward(params + Net::parameter_offset(i), scratch_.data() + scratch_offsets[i],
                  activity<i>(inputs, begin, rows),
                  layer_output_gradient(i) + begin * out_scale(i) * L::out_size, dx);
    });
    return loss;
  }

  // Part `part` of `parts` of every layer's parameter gradient: that part's gradient rows, over
  // the whole batch; the last part also the rest. Written to `gradient`, or with an update,
  // piece_rows rows at a time to the part's piece buffer, each piece updated while it is hot.
  template <class Update>
  void weights_pass(const T* inputs, std::size_t batch, T* gradient, std::size_t part,
                    std::size_t parts, Update& update) {
    T* piece = pieces_.data() + part * piece_capacity;
    Net::for_each_layer([&](auto i) {
      using L = layer<i>;
      const std::size_t offset = Net::parameter_offset(i);
      const auto data = activity<i>(inputs, 0, batch);
      const T* dy = layer_output_gradient(i);
      // Where the gradient of the parameters from `at` on goes, and the weights among `count`.
      const auto destination = [&](std::size_t at) {
        return Update::enabled ? piece : gradient + at;
      };
      const auto weights_among = [&](std::size_t at, std::size_t count) {
        const std::size_t weights_end = offset + L::weight_count;
        return at >= weights_end ? 0 : std::min(count, weights_end - at);
      };
      if constexpr (L::gradient_rows > 0) {
        const auto [first, last] = split(L::gradient_rows, parts, part);
        const std::size_t rows_per_piece = Update::enabled ? piece_rows : L::gradient_rows;
        for (std::size_t row = first; row < last; row += rows_per_piece) {
          const std::size_t count = std::min(rows_per_piece, last - row);
          const std::size_t at = offset + row * L::gradient_row_size;
          L::gradient_of_rows(data, dy, row, count, destination(at));
          const std::size_t values = count * L::gradient_row_size;
          if constexpr (Update::enabled) update(at, values, weights_among(at, values), piece);
        }
      }
      if constexpr (rest_size<L> > 0) {
        if (part == parts - 1) {
          const std::size_t at = offset + L::gradient_rows * L::gradient_row_size;
          L::gradient_of_rest(data, dy, destination(at));
          if constexpr (Update::enabled)
            update(at, rest_size<L>, weights_among(at, rest_size<L>), piece);
        }
      }
    });
  }

  // Layer I's rows for samples begin .. begin + rows - 1.
  template <std::size_t I>
  LayerActivity<T> activity(const T* inputs, std::size_t begin, std::size_t rows) {
    using L = layer<I>;
    const std::size_t first = begin * in_scale(I);
    return {layer_input(inputs, I) + first * L::in_size,
            layer_output(I) + begin * out_scale(I) * L::out_size,
            layer_kept(I) + first * L::kept_size,
            rows * in_scale(I),
            deltas_.data() + max_rows_ * delta_offsets[I] + first * delta_size_of<L>,
            in_scale(I),
            truncation_};
  }
  // The rows per sample of layer i's inputs and outputs: a sequence's time steps up to LastStep
  // (its inputs included), one row per sample after it; 1 and 1 for samples that are not
  // sequences.
  std::size_t in_scale(std::size_t i) const { return i <= Net::last_step_layer ? steps_ : 1; }
  std::size_t out_scale(std::size_t i) const { return i < Net::last_step_layer ? steps_ : 1; }
  const T* layer_input(const T* inputs, std::size_t i) const {
    return i == 0 ? inputs : layer_output(i - 1);
  }
  T* layer_output(std::size_t i) { return outputs_.data() + max_rows_ * output_offsets[i]; }
  const T* layer_output(std::size_t i) const {
    return outputs_.data() + max_rows_ * output_offsets[i];
  }
  T* layer_output_gradient(std::size_t i) {
    return output_gradients_.data() + max_rows_ * output_offsets[i];
  }
  T* layer_kept(std::size_t i) { return kept_.data() + max_rows_ * kept_offsets[i]; }
  const T* layer_kept(std::size_t i) const { return kept_.data() + max_rows_ * kept_offsets[i]; }
  std::size_t max_batch_;
  std::size_t max_steps_;
  std::size_t max_rows_;     // max_batch x max_steps: every layer's row capacity
  std::size_t steps_ = 1;    // the time steps per sample of the current pass
  std::size_t truncation_ = 0;
  detail::aligned_buffer<T> outputs_;           // every layer's outputs, max_batch rows each
  detail::aligned_buffer<T> output_gradients_;  // d(loss)/d(outputs) of every layer, likewise
  detail::aligned_buffer<T> kept_;              // what each layer keeps for its backward pass
  detail::aligned_buffer<T> deltas_;            // each layer's room in its backward pass
  detail::aligned_buffer<T> scratch_;           // each layer's per-step scratch (Wᵀ for Dense)
  detail::aligned_buffer<T> gathered_;          // the inputs of a batch given by row pointers
  detail::aligned_buffer<T> part_losses_;       // each thread's share of the loss
  detail::aligned_buffer<T> pieces_;            // each thread's piece of a fused update
  std::unique_ptr<detail::ThreadPool> pool_;    // null for one thread
  std::uint64_t seed_ = 0;
  std::uint64_t step_ = 0;
};

//! The mean loss of `batch` samples and d(mean loss)/d(parameters) written to `gradient`, laid
//! out like `net.parameters()`. Allocates a workspace on each call: a `Trainer` keeps one.
template <class Net, std::ranges::contiguous_range Targets>
typename Net::value_type loss_and_gradient(
    const Net& net, std::span<const typename Net::value_type> inputs, const Targets& targets,
    std::size_t batch, std::span<typename Net::value_type, Net::parameter_count> gradient) {
  TrainingWorkspace<Net> workspace(batch == 0 ? 1 : batch);
  return workspace.loss_and_gradient(net, inputs, targets, batch, gradient.data());
}

}  // namespace ctnn

#endif
