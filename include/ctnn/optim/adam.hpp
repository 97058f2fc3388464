#ifndef CTNN_OPTIM_ADAM_HPP
#define CTNN_OPTIM_ADAM_HPP

#include <cmath>
#include <cstddef>
#include <span>

#include <ctnn/concepts/optimizer.hpp>
#include <ctnn/detail/aligned_buffer.hpp>
#include <ctnn/detail/elementwise.hpp>
#include <ctnn/error.hpp>

namespace ctnn {

//! Adam (Kingma & Ba) with optional AMSGrad: the update rule and defaults of PyTorch's
//! `torch.optim.Adam` (without `weight_decay`: the trainer adds L2 to the weights' gradient).
//!
//! With gradient g_t at step t = 1, 2, ... and m_0 = v_0 = v̂max_0 = 0:
//!   m_t = β1 · m_{t-1} + (1 - β1) · g_t
//!   v_t = β2 · v_{t-1} + (1 - β2) · g_t²
//!   v'_t = max(v'_{t-1}, v_t) if amsgrad, else v'_t = v_t
//!   θ ← θ - lr / (1 - β1^t) · m_t / (sqrt(v'_t) / sqrt(1 - β2^t) + eps)
//! As in PyTorch, eps is added after the square root of the bias-corrected second moment.
//!
//! An aggregate of hyper-parameters: `ctnn::Adam{.lr = 1e-3f, .amsgrad = true}`. `make_state`
//! throws `ctnn::error` for the settings PyTorch rejects (lr < 0, eps < 0, a beta outside
//! [0, 1)). A schedule may change any member between steps, except that `amsgrad` must not be
//! switched on if it was off when the state was made (the v' buffer is only allocated if needed).
struct Adam {
  float lr = 1e-3f;      //!< learning rate
  float beta1 = 0.9f;    //!< decay rate of the first moment m
  float beta2 = 0.999f;  //!< decay rate of the second moment v
  float eps = 1e-8f;     //!< added to the denominator for numerical stability
  bool amsgrad = false;  //!< use the running maximum of v (AMSGrad, Reddi et al.)

  //! What Adam remembers between steps.
  template <class T>
  struct state_type {
    detail::aligned_buffer<T> exp_avg;         //!< m, one per parameter
    detail::aligned_buffer<T> exp_avg_sq;      //!< v, one per parameter
    detail::aligned_buffer<T> max_exp_avg_sq;  //!< v' for AMSGrad; empty if amsgrad is off
    std::size_t step_count = 0;                //!< t, the number of steps taken
  };

  //! A fresh state for `n` parameters: zero moments, step count 0.
  template <class T>
  [[nodiscard]] state_type<T> make_state(std::size_t n) const {
    if (!(lr >= 0)) throw error("ctnn::Adam: lr must be >= 0");
    if (!(eps >= 0)) throw error("ctnn::Adam: eps must be >= 0");
    if (!(beta1 >= 0 && beta1 < 1)) throw error("ctnn::Adam: beta1 must be in [0, 1)");
    if (!(beta2 >= 0 && beta2 < 1)) throw error("ctnn::Adam: beta2 must be in [0, 1)");
    state_type<T> state{detail::aligned_buffer<T>(n), detail::aligned_buffer<T>(n), {}, 0};
    if (amsgrad) state.max_exp_avg_sq = detail::aligned_buffer<T>(n);
    return state;
  }

  //! One update of `params` from `grads` (same size). Allocates nothing.
  template <class T>
  void step(std::span<T> params, std::span<const T> grads, state_type<T>& state) const {
    const std::size_t n = params.size();
    detail::elementwise::require_step_fits(
        grads.size() == n && state.exp_avg.size() == n && state.exp_avg_sq.size() == n, "Adam",
        "parameters, gradient and state differ in size");
    detail::elementwise::require_step_fits(!amsgrad || state.max_exp_avg_sq.size() == n, "Adam",
                                           "amsgrad is on but the state has no max buffer");

    // Scalars in double, as PyTorch computes them in Python floats.
    const double t = static_cast<double>(++state.step_count);
    const double b1 = beta1, b2 = beta2;
    const T decay1 = static_cast<T>(b1), gain1 = static_cast<T>(1.0 - b1);
    const T decay2 = static_cast<T>(b2), gain2 = static_cast<T>(1.0 - b2);
    const T step_size = static_cast<T>(double{lr} / (1.0 - std::pow(b1, t)));
    const T inv_correction2 = static_cast<T>(1.0 / std::sqrt(1.0 - std::pow(b2, t)));
    const T epsilon = static_cast<T>(eps);

    const auto moments = [=](const auto& g, auto& m, auto& v) {
      m = decay1 * m + gain1 * g;
      v = decay2 * v + gain2 * (g * g);
    };
    const auto update = [=](auto& p, const auto& m, const auto& v) {
      p -= step_size * (m / (detail::sqrt(v) * inv_correction2 + epsilon));
    };
    if (amsgrad) {
      detail::elementwise::apply(
          n,
          [=](auto& p, const auto& g, auto& m, auto& v, auto& v_max) {
            moments(g, m, v);
            v_max = detail::max(v_max, v);
            update(p, m, v_max);
          },
          params.data(), grads.data(), state.exp_avg.data(), state.exp_avg_sq.data(),
          state.max_exp_avg_sq.data());
    } else {
      detail::elementwise::apply(
          n,
          [=](auto& p, const auto& g, auto& m, auto& v) {
            moments(g, m, v);
            update(p, m, v);
          },
          params.data(), grads.data(), state.exp_avg.data(), state.exp_avg_sq.data());
    }
  }
};

static_assert(Optimizer<Adam, float> && Optimizer<Adam, double>);

}  // namespace ctnn

#endif
