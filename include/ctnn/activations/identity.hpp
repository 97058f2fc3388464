#ifndef CTNN_ACTIVATIONS_IDENTITY_HPP
#define CTNN_ACTIVATIONS_IDENTITY_HPP

#include <string>

#include <ctnn/init.hpp>

namespace ctnn {

//! φ(a) = a; φ' = 1. The default activation of `Dense`: linear outputs (logits, regression).
struct Identity {
  static std::string name() { return "Identity"; }
  static constexpr Init init = Init::glorot_uniform;
  static constexpr bool trainable = true;
  template <class V>
  static constexpr V f(V a) {
    return a;
  }
  template <class V>
  static constexpr V df(V) {
    return V(1);
  }
};

}  // namespace ctnn

#endif
