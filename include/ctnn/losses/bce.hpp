#ifndef CTNN_LOSSES_BCE_HPP
#define CTNN_LOSSES_BCE_HPP

#include <concepts>
#include <cstddef>
#include <span>

#include <ctnn/activations/sigmoid.hpp>
#include <ctnn/concepts/layer.hpp>
#include <ctnn/detail/simd.hpp>
#include <ctnn/detail/target_checks.hpp>

namespace ctnn {

//! Binary cross-entropy after a Sigmoid output p: -[t log p + (1 - t) log(1 - p)], mean over the
//! batch, as PyTorch's `BCELoss()`; but computed from the last layer's pre-activation a, as
//! `BCEWithLogitsLoss()` does: softplus(a) - t·a, so that |a| = 1000 stays finite (where BCELoss
//! clamps log at -100). Gradient w.r.t. a: (p - t) / batch (never divided by p(1 - p)).
//! The last layer must be Sigmoid with one output. Targets: one number in [0, 1] per sample.
//! `predict` gives p (the net's output as declared); `classify` gives p > 0.5.
struct BCE {
  static constexpr bool is_loss = true;
  static constexpr bool class_targets = false;  //!< targets are class indices
  static constexpr bool is_classifier = true;
  static constexpr bool fuses_sigmoid = true;

  template <class Last>
  struct check_last_layer {
    static_assert(Last::out_size == 1,
                  "ctnn::BCE: the last layer must have exactly one output (the probability of "
                  "class 1); for more classes use SoftmaxCE");
    static_assert(LayerWithActivation<Last, Sigmoid>,
                  "ctnn::BCE: the last layer's activation must be Sigmoid, since BCE takes "
                  "probabilities; for a real-valued output use Logistic");
    static constexpr bool value = Last::out_size == 1 && LayerWithActivation<Last, Sigmoid>;
  };

  template <std::size_t N, class T>
  static T evaluate(const T* a, std::span<const T> targets, std::size_t rows, T* da) {
    static_assert(N == 1);
    const T inv_rows = T(1) / static_cast<T>(rows);
    T sum = 0;
    for (std::size_t r = 0; r < rows; ++r) {
      const T t = targets[r];
      if (!(t >= T(0) && t <= T(1)))
        detail::bad_target("BCE", r, static_cast<double>(t), "a probability in [0, 1]");
      sum += detail::softplus(a[r]) - t * a[r];
      if (da != nullptr) da[r] = (detail::sigmoid(a[r]) - t) * inv_rows;
    }
    return sum * inv_rows;
  }

  template <std::size_t N, class T>
  static constexpr void predict(T*) {}

  template <std::size_t N, class T>
  static constexpr std::size_t classify(const T* p) {
    return p[0] > T(0.5) ? 1 : 0;
  }

  //! The class a target names: 1 above 0.5, else 0.
  template <class T>
  static constexpr std::size_t true_class(T target) {
    return target > T(0.5) ? 1 : 0;
  }
  //! The class that one sample's pre-activation a, as `evaluate` reads it, predicts: a > 0
  //! (p > 0.5).
  template <std::size_t N, class T>
  static constexpr std::size_t predicted_class(const T* a) {
    return a[0] > T(0) ? 1 : 0;
  }
};

}  // namespace ctnn

#endif
