#ifndef CTNN_ACTIVATIONS_SOFTPLUS_HPP
#define CTNN_ACTIVATIONS_SOFTPLUS_HPP

#include <string>

#include <ctnn/detail/simd.hpp>
#include <ctnn/init.hpp>

namespace ctnn {

//! φ(a) = log(1 + e^a), computed without overflow; φ' = sigmoid(a) = 1 - e^-h with h = φ(a)
//! (from e^h = 1 + e^a), evaluated as -expm1(-h) so small h keeps its precision.
struct Softplus {
  static std::string name() { return "Softplus"; }
  static constexpr Init init = Init::glorot_uniform;
  static constexpr bool trainable = true;
  template <class V>
  static constexpr V f(V a) {
    return detail::softplus(a);
  }
  template <class V>
  static constexpr V df(V h) {
    return -detail::expm1(-h);
  }
};

}  // namespace ctnn

#endif
