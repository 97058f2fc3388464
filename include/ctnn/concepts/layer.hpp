#ifndef CTNN_CONCEPTS_LAYER_HPP
#define CTNN_CONCEPTS_LAYER_HPP

//! @file layer.hpp
//! The contract every layer meets, Dense like any other (docs/extending.md walks through it).

#include <concepts>
#include <cstddef>
#include <cstdint>

#include <ctnn/concepts/named.hpp>
#include <ctnn/concepts/parameter_tensors.hpp>
#include <ctnn/concepts/sequence_layer.hpp>
#include <ctnn/init.hpp>

namespace ctnn {

//! What the training forward pass of a layer left for its backward pass, for `rows` samples
//! (row-major, one sample per row): its input (rows x in_size: the previous layer's output or the
//! net's inputs), its output (rows x out_size) and the values it chose to keep
//! (rows x kept_size, e.g. pre-activations or a dropout mask).
//!
//! Over sequences, rows are time steps: `steps` rows per sequence, a sequence's steps one after
//! another (rows = sequences x steps; steps is 1 for rows that are samples on their own), and
//! `truncation` (0: none) cuts backpropagation through time into chunks of that many steps, as
//! when a sequence is trained chunk by chunk with the state carried over. `delta` is the
//! layer's own room for its backward pass (rows x delta_size, see TrainableLayer).
template <class T>
struct LayerActivity {
  const T* input;
  const T* output;
  const T* kept;
  std::size_t rows;
  T* delta = nullptr;
  std::size_t steps = 1;
  std::size_t truncation = 0;
};

//! Which training step, and which rows of its batch, a training forward pass computes: a layer
//! that draws random numbers (Dropout) derives them from (seed, step, row), so that a step is the
//! same for any split of its rows between threads. `steps`: the rows per sequence, as in
//! LayerActivity.
struct TrainingStep {
  std::uint64_t seed = 0;
  std::uint64_t step = 0;
  std::size_t first_row = 0;  //!< the batch row of the pass's first row
  std::size_t steps = 1;
};

//! A map R^in_size -> R^out_size described by a type, whose parameters (if any) live in the
//! net's one flat block at a compile-time offset. All members are static.
//!
//! Sizes: `in_size`, `out_size`, `parameter_count`, and `weight_count`, the leading parameters
//! that are weights (L2 regularization touches them, never the others, such as biases).
//!
//! Inference, for `T` = float or double (`params` points at the layer's slice of the block):
//! - `forward(params, x, rows, y)`: y (rows x out_size) from x (rows x in_size); allocates
//!   nothing; may run from many threads at once;
//! - `forward_scalar(params, x, y)`: one sample with plain loops, usable in constant expressions;
//! - `init(params, random)`: the starting parameters, from an `InitRandom`.
//!
//! A layer may also have `activation` (its element-wise output function) and
//! `with_activation<A>` (the same layer and parameter layout with activation A): a standalone
//! activation after it in a net is then fused into it, and a loss that applies the sigmoid itself
//! (BCE) trains it with `with_activation<Identity>`.
//!
//! Files (ctnn::io): a layer with parameters declares them as `parameter_tensors`, PyTorch's
//! names and shapes (concepts/parameter_tensors.hpp); a net with a layer that has parameters
//! and no such declaration cannot be saved or loaded (a compile error naming the layer). A layer
//! may give its `name()` for the net's description (concepts/named.hpp). In the numbering of a
//! file for an nn.Sequential with an activation module after each layer, a layer with
//! parameters and an `activation` other than Identity (Dense<4, 8, ReLU>) counts as two modules,
//! itself and its activation.
template <class L>
concept Layer = requires(const float* in, float* out, std::size_t rows, InitRandom& random) {
  { L::in_size } -> std::convertible_to<std::size_t>;
  { L::out_size } -> std::convertible_to<std::size_t>;
  { L::parameter_count } -> std::convertible_to<std::size_t>;
  { L::weight_count } -> std::convertible_to<std::size_t>;
  L::forward(in, in, rows, out);
  L::forward_scalar(in, in, out);
  L::init(out, random);
};

//! A layer of either kind: one that maps each sample on its own (`Layer`: Dense, PReLU) or one
//! that carries a state over time (`SequenceLayer`: GRU, LSTM, Conv1D).
template <class L>
concept NetLayer = Layer<L> || SequenceLayer<L>;

//! A layer that gradient descent can train through. Besides `Layer` or `SequenceLayer`:
//! - `kept_size`: values per sample the backward pass needs beyond the layer's input and output
//!   (0 for most layers); `scratch_size`: values the backward pass needs once per step (e.g.
//!   transposed weights);
//! - `train_forward(params, x, rows, y, kept, step)`: `forward` that also writes `kept`;
//! - `backward(params, scratch, activity, dy, dx)`: dy holds d(loss)/d(output) on entry; the
//!   layer may overwrite it with what its parameter gradient reads (Dense: the gradient w.r.t.
//!   its pre-activations); it writes dx = d(loss)/d(input) unless dx is null (the first layer,
//!   whose `backward` is still called, and whose scratch is not prepared);
//! - the parameter gradient in two parts, so that a step may split it between threads and apply
//!   it piece by piece: `gradient_rows` rows of `gradient_row_size` values cover the first
//!   gradient_rows x gradient_row_size parameters, and `gradient_of_rows(activity, dy, first,
//!   count, out)` writes rows first .. first + count - 1 of them; `gradient_of_rest(activity, dy,
//!   out)` writes the remaining parameters (Dense: the bias). Each value is a sum over all rows
//!   of the batch in their order, however the gradient rows are split.
//! - optionally `delta_size`: values per row that `backward` writes to `activity.delta` and the
//!   gradient functions read back (a GRU's gate gradients), when `dy` cannot hold them.
//! A sequence layer reads the sequences out of the rows with `step.steps` / `activity.steps`
//! and runs each from its zero state; its backward pass goes back through time, cut every
//! `activity.truncation` steps when that is not 0.
//! Only the members a layer's sizes call for are required: `prepare_backward(params, scratch)`
//! (once per step, before any `backward`) when scratch_size > 0, `gradient_of_rows` when
//! gradient_rows > 0, `gradient_of_rest` when parameters remain after the rows.
template <class L>
concept TrainableLayer =
    NetLayer<L> &&
    requires(const float* in, float* out, LayerActivity<float> activity, TrainingStep step,
             std::size_t n) {
      { L::kept_size } -> std::convertible_to<std::size_t>;
      { L::scratch_size } -> std::convertible_to<std::size_t>;
      { L::gradient_rows } -> std::convertible_to<std::size_t>;
      { L::gradient_row_size } -> std::convertible_to<std::size_t>;
      L::train_forward(in, in, n, out, out, step);
      L::backward(in, in, activity, out, out);
    } &&
    (L::scratch_size == 0 ||
     requires(const float* in, float* out) { L::prepare_backward(in, out); }) &&
    (L::gradient_rows == 0 ||
     requires(const float* in, float* out, LayerActivity<float> activity, std::size_t n) {
       L::gradient_of_rows(activity, in, n, n, out);
     }) &&
    (L::parameter_count == L::gradient_rows * L::gradient_row_size ||
     requires(const float* in, float* out, LayerActivity<float> activity) {
       L::gradient_of_rest(activity, in, out);
     });

//! True for an element whose template arguments are invalid (Dense<0, 4>, PReLU<0>,
//! Dropout<100>), which its own static_assert reports. A layer template says so by specializing
//! it, beside its static_assert; the net's checks then stay quiet, so the user reads one error,
//! not a second one about sizes or elements. Told without instantiating the element: once its
//! static_assert has failed, clang no longer counts the class as a Layer.
template <class Element>
inline constexpr bool has_invalid_arguments = false;

//! A trainable layer's `delta_size`, 0 when it declares none.
template <class L>
inline constexpr std::size_t delta_size_of = 0;
template <class L>
  requires requires { L::delta_size; }
inline constexpr std::size_t delta_size_of<L> = L::delta_size;

//! A layer whose element-wise output function is A (`L::activation`).
template <class L, class A>
concept LayerWithActivation =
    requires { typename L::activation; } && std::same_as<typename L::activation, A>;

}  // namespace ctnn

#endif
