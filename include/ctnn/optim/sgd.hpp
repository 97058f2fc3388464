#ifndef CTNN_OPTIM_SGD_HPP
#define CTNN_OPTIM_SGD_HPP

#include <cstddef>
#include <span>

namespace ctnn {

//! Plain stochastic gradient descent: θ ← θ - lr · g.
struct SGD {
  float lr = 0.01f;  //!< learning rate

  template <class T>
  struct state_type {};

  template <class T>
  [[nodiscard]] state_type<T> make_state(std::size_t) const {
    return {};
  }

  template <class T>
  void step(std::span<T> params, std::span<const T> grads, state_type<T>&) const {
    const T rate = static_cast<T>(lr);
    for (std::size_t i = 0; i < params.size(); ++i) params[i] -= rate * grads[i];
  }
};

}  // namespace ctnn

#endif
