#ifndef CTNN_LAYERS_LAST_STEP_HPP
#define CTNN_LAYERS_LAST_STEP_HPP

#include <algorithm>
#include <cstddef>
#include <string>

#include <ctnn/concepts/layer.hpp>
#include <ctnn/concepts/sequence_layer.hpp>
#include <ctnn/init.hpp>

namespace ctnn {

namespace detail {

//! LastStep's layer for a width of N values per time step: it passes each step through, and
//! tells the net that a whole sequence's output is its last step's.
template <std::size_t N>
struct LastStepLayer {
  static constexpr std::size_t in_size = N;
  static constexpr std::size_t out_size = N;
  static constexpr std::size_t parameter_count = 0;
  static constexpr std::size_t weight_count = 0;
  static constexpr bool keeps_last_step_only = true;

  template <class T>
  struct state_type {};

  static std::string name() { return "LastStep"; }

  template <class T>
  static void step(const T*, const T* x, state_type<T>&, T* y) {
    std::copy_n(x, N, y);
  }
  template <class T>
  static void init(T*, InitRandom&) {}

  // Training: `rows` = sequences x steps rows in, one row per sequence out.
  static constexpr std::size_t kept_size = 0;
  static constexpr std::size_t scratch_size = 0;
  static constexpr std::size_t gradient_rows = 0;
  static constexpr std::size_t gradient_row_size = 0;

  template <class T>
  static void train_forward(const T*, const T* x, std::size_t rows, T* y, T*,
                            TrainingStep step) {
    for (std::size_t s = 0; s < rows / step.steps; ++s)
      std::copy_n(x + ((s + 1) * step.steps - 1) * N, N, y + s * N);
  }
  //! The last step of each sequence gets the sequence's gradient, the others none.
  template <class T>
  static void backward(const T*, const T*, LayerActivity<T> a, T* dy, T* dx) {
    if (dx == nullptr) return;
    std::fill_n(dx, a.rows * N, T(0));
    for (std::size_t s = 0; s < a.rows / a.steps; ++s)
      std::copy_n(dy + s * N, N, dx + ((s + 1) * a.steps - 1) * N);
  }
};

}  // namespace detail

//! Keeps only a sequence's last time step, for sequence classification or regression:
//! `Net<GRU<3, 16>, LastStep, Dense<16, 4>, SoftmaxCE>`. In `forward_sequence` the elements
//! after it run once per sequence, on the last step's values, and the outputs are one row per
//! sequence; in `step`, it passes each step through, so the output is what the net would give
//! if the sequence ended there. It takes its width from the element before it.
struct LastStep {
  template <std::size_t N>
  using layer_for = detail::LastStepLayer<N>;
  static std::string name() { return "LastStep"; }
};

}  // namespace ctnn

#endif
