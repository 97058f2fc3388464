#ifndef CTNN_OPTIM_SGD_HPP
#define CTNN_OPTIM_SGD_HPP

#include <cstddef>
#include <span>

#include <ctnn/concepts/optimizer.hpp>
#include <ctnn/detail/aligned_buffer.hpp>
#include <ctnn/detail/elementwise.hpp>
#include <ctnn/error.hpp>

namespace ctnn {

//! Stochastic gradient descent with optional (Nesterov) momentum: the update rule of PyTorch's
//! `torch.optim.SGD` (without `weight_decay`: the trainer adds L2 to the weights' gradient).
//!
//! With gradient g_t at step t = 1, 2, ... and momentum buffer b:
//! - momentum = 0:  θ ← θ - lr · g_t
//! - otherwise:     b_1 = g_1 (the first step copies the gradient, no dampening),
//!                  b_t = momentum · b_{t-1} + (1 - dampening) · g_t  for t > 1,
//!                  d_t = g_t + momentum · b_t if nesterov, else d_t = b_t,
//!                  θ ← θ - lr · d_t
//!
//! An aggregate of hyper-parameters: `ctnn::SGD{.lr = 0.1f, .momentum = 0.9f, .nesterov = true}`.
//! `make_state` throws `ctnn::error` for the settings PyTorch rejects (lr < 0, momentum < 0,
//! dampening < 0, nesterov without momentum > 0 and dampening = 0). A schedule may change any
//! member between steps, except that `momentum` must not become non-zero if it was zero when the
//! state was made (the momentum buffer is only allocated when it is needed).
struct SGD {
  float lr = 0.01f;       //!< learning rate
  float momentum = 0;     //!< momentum factor; 0 disables the buffer
  float dampening = 0;    //!< dampening of the gradient added to the momentum buffer
  bool nesterov = false;  //!< Nesterov momentum (requires momentum > 0 and dampening = 0)

  //! What SGD remembers between steps.
  template <class T>
  struct state_type {
    detail::aligned_buffer<T> momentum_buffer;  //!< b, one per parameter; empty if momentum = 0
    bool momentum_buffer_ready = false;         //!< false until b has been set from a gradient
  };

  //! A fresh state for `n` parameters: a zero momentum buffer if momentum ≠ 0, else nothing.
  template <class T>
  [[nodiscard]] state_type<T> make_state(std::size_t n) const {
    if (!(lr >= 0)) throw error("ctnn::SGD: lr must be >= 0");
    if (!(momentum >= 0)) throw error("ctnn::SGD: momentum must be >= 0");
    if (!(dampening >= 0)) throw error("ctnn::SGD: dampening must be >= 0");
    if (nesterov && (momentum <= 0 || dampening != 0))
      throw error("ctnn::SGD: nesterov requires momentum > 0 and dampening == 0");
    state_type<T> state;
    if (momentum != 0) state.momentum_buffer = detail::aligned_buffer<T>(n);
    return state;
  }

  //! Whether a step updates each parameter from its own gradient alone, with no state: without
  //! momentum (see FusableOptimizer).
  [[nodiscard]] bool updates_each_parameter_alone() const { return momentum == 0; }

  //! One update of `params` from `grads` (same size). Allocates nothing.
  template <class T>
  void step(std::span<T> params, std::span<const T> grads, state_type<T>& state) const {
    detail::elementwise::require_step_fits(grads.size() == params.size(), "SGD",
                                           "parameters and gradient differ in size");
    const std::size_t n = params.size();
    const T rate = static_cast<T>(lr);
    if (momentum == 0) {
      detail::elementwise::apply(
          n, [=](auto& p, const auto& g) { p -= rate * g; }, params.data(), grads.data());
      return;
    }
    detail::elementwise::require_step_fits(state.momentum_buffer.size() == n, "SGD",
                                           "momentum is on but the state has no buffer");
    const double mu = momentum;
    // The first step copies g into the (zero) buffer: b = 0 · b + 1 · g.
    const T decay = state.momentum_buffer_ready ? static_cast<T>(mu) : T(0);
    const T gain = state.momentum_buffer_ready ? static_cast<T>(1.0 - double{dampening}) : T(1);
    state.momentum_buffer_ready = true;
    if (nesterov) {
      const T look_ahead = static_cast<T>(mu);
      detail::elementwise::apply(
          n,
          [=](auto& p, const auto& g, auto& b) {
            b = decay * b + gain * g;
            p -= rate * (g + look_ahead * b);
          },
          params.data(), grads.data(), state.momentum_buffer.data());
    } else {
      detail::elementwise::apply(
          n,
          [=](auto& p, const auto& g, auto& b) {
            b = decay * b + gain * g;
            p -= rate * b;
          },
          params.data(), grads.data(), state.momentum_buffer.data());
    }
  }
};

static_assert(Optimizer<SGD, float> && Optimizer<SGD, double> && FusableOptimizer<SGD>);

}  // namespace ctnn

#endif
