#ifndef CTNN_ACTIVATIONS_TANH_HPP
#define CTNN_ACTIVATIONS_TANH_HPP

#include <string>

#include <ctnn/detail/simd.hpp>
#include <ctnn/init.hpp>

namespace ctnn {

//! φ(a) = tanh a; φ' = 1 - h² with h = φ(a).
struct Tanh {
  static std::string name() { return "Tanh"; }
  static constexpr Init init = Init::glorot_uniform;
  static constexpr bool trainable = true;
  template <class V>
  static constexpr V f(V a) {
    return detail::tanh(a);
  }
  template <class V>
  static constexpr V df(V h) {
    return V(1) - h * h;
  }
};

}  // namespace ctnn

#endif
