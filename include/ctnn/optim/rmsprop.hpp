#ifndef CTNN_OPTIM_RMSPROP_HPP
#define CTNN_OPTIM_RMSPROP_HPP

#include <cstddef>
#include <span>
#include <tuple>
#include <type_traits>

#include <ctnn/concepts/optimizer.hpp>
#include <ctnn/detail/aligned_buffer.hpp>
#include <ctnn/detail/elementwise.hpp>
#include <ctnn/error.hpp>

namespace ctnn {

//! RMSProp (Hinton), optionally centered and with momentum: the update rule and defaults of
//! PyTorch's `torch.optim.RMSprop` (without `weight_decay`: the trainer adds L2 to the weights'
//! gradient).
//!
//! With gradient g_t at step t = 1, 2, ... and v_0 = ḡ_0 = b_0 = 0:
//!   v_t = α · v_{t-1} + (1 - α) · g_t²
//!   ḡ_t = α · ḡ_{t-1} + (1 - α) · g_t                        (centered only)
//!   s_t = sqrt(v_t - ḡ_t²) + eps if centered, else sqrt(v_t) + eps
//!   momentum > 0:  b_t = momentum · b_{t-1} + g_t / s_t,  θ ← θ - lr · b_t
//!   otherwise:     θ ← θ - lr · g_t / s_t
//!
//! An aggregate of hyper-parameters: `ctnn::RMSProp{.lr = 1e-3f, .centered = true}`.
//! `make_state` throws `ctnn::error` for the settings PyTorch rejects (lr, alpha, eps or momentum
//! < 0). A schedule may change any member between steps, except that `momentum` must not become
//! positive, nor `centered` true, if that was not so when the state was made (the buffers they
//! need are only allocated if needed).
struct RMSProp {
  float lr = 1e-2f;       //!< learning rate
  float alpha = 0.99f;    //!< decay rate of the averages
  float eps = 1e-8f;      //!< added to the denominator for numerical stability
  float momentum = 0;     //!< momentum factor; 0 disables the buffer
  bool centered = false;  //!< normalize by the estimated variance instead of the raw second moment

  //! What RMSProp remembers between steps.
  template <class T>
  struct state_type {
    detail::aligned_buffer<T> square_avg;       //!< v, one per parameter
    detail::aligned_buffer<T> grad_avg;         //!< ḡ; empty unless centered
    detail::aligned_buffer<T> momentum_buffer;  //!< b; empty unless momentum > 0
    std::size_t step_count = 0;                 //!< the number of steps taken
  };

  //! A fresh state for `n` parameters: zero averages and buffers, step count 0.
  template <class T>
  [[nodiscard]] state_type<T> make_state(std::size_t n) const {
    if (!(lr >= 0)) throw error("ctnn::RMSProp: lr must be >= 0");
    if (!(alpha >= 0)) throw error("ctnn::RMSProp: alpha must be >= 0");
    if (!(eps >= 0)) throw error("ctnn::RMSProp: eps must be >= 0");
    if (!(momentum >= 0)) throw error("ctnn::RMSProp: momentum must be >= 0");
    state_type<T> state{detail::aligned_buffer<T>(n), {}, {}, 0};
    if (centered) state.grad_avg = detail::aligned_buffer<T>(n);
    if (momentum > 0) state.momentum_buffer = detail::aligned_buffer<T>(n);
    return state;
  }

  //! One update of `params` from `grads` (same size). Allocates nothing.
  template <class T>
  void step(std::span<T> params, std::span<const T> grads, state_type<T>& state) const {
    const std::size_t n = params.size();
    detail::elementwise::require_step_fits(grads.size() == n && state.square_avg.size() == n,
                                           "RMSProp", "parameters, gradient and state differ in size");
    detail::elementwise::require_step_fits(!centered || state.grad_avg.size() == n, "RMSProp",
                                           "centered is on but the state has no average buffer");
    detail::elementwise::require_step_fits(!(momentum > 0) || state.momentum_buffer.size() == n,
                                           "RMSProp", "momentum is on but the state has no buffer");
    ++state.step_count;

    const T rate = static_cast<T>(lr), decay = static_cast<T>(alpha);
    const T gain = static_cast<T>(1.0 - double{alpha}), epsilon = static_cast<T>(eps);
    const T mu = static_cast<T>(momentum);
    // The update for one combination of the two options; `extra` holds ḡ if centered, then b if
    // momentum > 0.
    const auto update = [=](auto is_centered, auto has_momentum) {
      return [=](auto& p, const auto& g, auto& v, auto&... extra) {
        auto buffers = std::tie(extra...);
        v = decay * v + gain * (g * g);
        const auto variance = [&] {
          if constexpr (decltype(is_centered)::value) {
            auto& g_avg = std::get<0>(buffers);
            g_avg = decay * g_avg + gain * g;
            return v - g_avg * g_avg;
          } else {
            return v;
          }
        }();
        const auto denominator = detail::sqrt(variance) + epsilon;
        if constexpr (decltype(has_momentum)::value) {
          auto& b = std::get<sizeof...(extra) - 1>(buffers);
          b = mu * b + g / denominator;
          p -= rate * b;
        } else {
          p -= rate * (g / denominator);
        }
      };
    };
    T* const p = params.data();
    const T* const g = grads.data();
    T* const v = state.square_avg.data();
    using yes = std::true_type;
    using no = std::false_type;
    if (centered && momentum > 0)
      detail::elementwise::apply(n, update(yes{}, yes{}), p, g, v, state.grad_avg.data(),
                                 state.momentum_buffer.data());
    else if (centered)
      detail::elementwise::apply(n, update(yes{}, no{}), p, g, v, state.grad_avg.data());
    else if (momentum > 0)
      detail::elementwise::apply(n, update(no{}, yes{}), p, g, v, state.momentum_buffer.data());
    else
      detail::elementwise::apply(n, update(no{}, no{}), p, g, v);
  }
};

static_assert(Optimizer<RMSProp, float> && Optimizer<RMSProp, double>);

}  // namespace ctnn

#endif
