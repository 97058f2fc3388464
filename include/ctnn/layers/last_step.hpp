#ifndef CTNN_LAYERS_LAST_STEP_HPP
#define CTNN_LAYERS_LAST_STEP_HPP

#include <algorithm>
#include <cstddef>
#include <string>

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
