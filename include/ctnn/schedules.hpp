#ifndef CTNN_SCHEDULES_HPP
#define CTNN_SCHEDULES_HPP

//! @file schedules.hpp
//! Learning-rate schedules for `ctnn::fit`: callables `(epoch, initial_lr) -> lr`, with the
//! epoch counted from 0, evaluated once before each epoch.

#include <cmath>
#include <cstddef>
#include <numbers>

namespace ctnn {

//! lr = initial · gamma^floor(epoch / step_size), as PyTorch's `StepLR`.
struct StepDecay {
  std::size_t step_size = 10;
  double gamma = 0.1;
  [[nodiscard]] double operator()(std::size_t epoch, double initial_lr) const {
    return initial_lr * std::pow(gamma, static_cast<double>(epoch / step_size));
  }
};

//! lr = min_lr + (initial - min_lr) · (1 + cos(π · epoch / epochs)) / 2: from the initial rate
//! at epoch 0 down to min_lr at epoch `epochs`, as PyTorch's `CosineAnnealingLR` with
//! T_max = epochs (and held at min_lr after it).
struct CosineDecay {
  std::size_t epochs = 10;
  double min_lr = 0;
  [[nodiscard]] double operator()(std::size_t epoch, double initial_lr) const {
    const double progress = epoch >= epochs ? 1.0 : static_cast<double>(epoch) / static_cast<double>(epochs);
    return min_lr + (initial_lr - min_lr) * (1 + std::cos(std::numbers::pi * progress)) / 2;
  }
};

}  // namespace ctnn

#endif
