#ifndef CTNN_LOSSES_MSE_HPP
#define CTNN_LOSSES_MSE_HPP

#include <cstddef>
#include <span>

#include <ctnn/detail/outputs_as_predictions.hpp>
#include <ctnn/detail/target_checks.hpp>

namespace ctnn {

//! Mean squared error, as PyTorch's `MSELoss()`: the mean of (ŷ - t)² over ALL batch·outputs
//! elements. Gradient: 2 (ŷ - t) / (batch · outputs). Targets: batch x outputs floats.
//! `predict` returns the outputs unchanged; `classify` is their argmax. A regression loss: no
//! `count_correct`, so training reports no accuracy.
struct MSE : detail::outputs_as_predictions {
  static constexpr bool is_loss = true;
  static constexpr bool class_targets = false;  //!< targets are class indices
  static constexpr bool is_classifier = false;

  template <std::size_t N, class T>
  static T evaluate(const T* z, std::span<const T> targets, std::size_t rows, T* dz) {
    const T scale = T(1) / static_cast<T>(rows * N);
    T sum = 0;
    for (std::size_t r = 0; r < rows; ++r) {
      for (std::size_t o = 0; o < N; ++o) {
        const T t = targets[r * N + o];
        detail::require_finite_target("MSE", r, t);
        const T diff = z[r * N + o] - t;
        sum += diff * diff;
        if (dz != nullptr) dz[r * N + o] = T(2) * scale * diff;
      }
    }
    return sum * scale;
  }
};

}  // namespace ctnn

#endif
