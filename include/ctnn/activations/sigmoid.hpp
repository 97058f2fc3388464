#ifndef CTNN_ACTIVATIONS_SIGMOID_HPP
#define CTNN_ACTIVATIONS_SIGMOID_HPP

#include <string>

#include <ctnn/detail/simd.hpp>
#include <ctnn/init.hpp>

namespace ctnn {

//! φ(a) = 1 / (1 + e^-a); φ' = h (1 - h) with h = φ(a).
struct Sigmoid {
  static std::string name() { return "Sigmoid"; }
  static constexpr Init init = Init::glorot_uniform;
  static constexpr bool trainable = true;
  template <class V>
  static constexpr V f(V a) {
    return detail::sigmoid(a);
  }
  template <class V>
  static constexpr V df(V h) {
    return h * (V(1) - h);
  }
};

}  // namespace ctnn

#endif
