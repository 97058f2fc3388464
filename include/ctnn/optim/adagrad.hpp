#ifndef CTNN_OPTIM_ADAGRAD_HPP
#define CTNN_OPTIM_ADAGRAD_HPP

#include <algorithm>
#include <cstddef>
#include <span>

#include <ctnn/concepts/optimizer.hpp>
#include <ctnn/detail/aligned_buffer.hpp>
#include <ctnn/detail/elementwise.hpp>
#include <ctnn/error.hpp>

namespace ctnn {

//! Adagrad (Duchi, Hazan & Singer): the update rule and defaults of PyTorch's
//! `torch.optim.Adagrad` (without `weight_decay`: the trainer adds L2 to the weights' gradient).
//!
//! With gradient g_t at step t = 1, 2, ... and s_0 = initial_accumulator_value:
//!   lr_t = lr / (1 + (t - 1) · lr_decay)
//!   s_t  = s_{t-1} + g_t²
//!   θ ← θ - lr_t · g_t / (sqrt(s_t) + eps)
//!
//! An aggregate of hyper-parameters: `ctnn::Adagrad{.lr = 0.1f, .lr_decay = 1e-4f}`.
//! `make_state` throws `ctnn::error` for the settings PyTorch rejects (lr, lr_decay,
//! initial_accumulator_value or eps < 0). A schedule may change any member between steps
//! (`initial_accumulator_value` only matters to `make_state`).
struct Adagrad {
  float lr = 1e-2f;                     //!< learning rate
  float lr_decay = 0;                   //!< decay of the learning rate with the step count
  float initial_accumulator_value = 0;  //!< starting value of the sum of squared gradients
  float eps = 1e-10f;                   //!< added to the denominator for numerical stability

  //! What Adagrad remembers between steps.
  template <class T>
  struct state_type {
    detail::aligned_buffer<T> sum;  //!< s, the sum of squared gradients, one per parameter
    std::size_t step_count = 0;     //!< t, the number of steps taken
  };

  //! A fresh state for `n` parameters: every s set to initial_accumulator_value, step count 0.
  template <class T>
  [[nodiscard]] state_type<T> make_state(std::size_t n) const {
    if (!(lr >= 0)) throw error("ctnn::Adagrad: lr must be >= 0");
    if (!(lr_decay >= 0)) throw error("ctnn::Adagrad: lr_decay must be >= 0");
    if (!(initial_accumulator_value >= 0))
      throw error("ctnn::Adagrad: initial_accumulator_value must be >= 0");
    if (!(eps >= 0)) throw error("ctnn::Adagrad: eps must be >= 0");
    state_type<T> state{detail::aligned_buffer<T>(n), 0};
    std::fill_n(state.sum.data(), n, static_cast<T>(initial_accumulator_value));
    return state;
  }

  //! One update of `params` from `grads` (same size). Allocates nothing.
  template <class T>
  void step(std::span<T> params, std::span<const T> grads, state_type<T>& state) const {
    const std::size_t n = params.size();
    detail::elementwise::require_step_fits(grads.size() == n && state.sum.size() == n, "Adagrad",
                                           "parameters, gradient and state differ in size");
    const double t = static_cast<double>(++state.step_count);
    const T rate = static_cast<T>(double{lr} / (1.0 + (t - 1.0) * double{lr_decay}));
    const T epsilon = static_cast<T>(eps);
    detail::elementwise::apply(
        n,
        [=](auto& p, const auto& g, auto& s) {
          s += g * g;
          p -= rate * (g / (detail::sqrt(s) + epsilon));
        },
        params.data(), grads.data(), state.sum.data());
  }
};

static_assert(Optimizer<Adagrad, float> && Optimizer<Adagrad, double>);

}  // namespace ctnn

#endif
