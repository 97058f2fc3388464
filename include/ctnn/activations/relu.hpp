#ifndef CTNN_ACTIVATIONS_RELU_HPP
#define CTNN_ACTIVATIONS_RELU_HPP

#include <string>

#include <ctnn/detail/simd.hpp>
#include <ctnn/init.hpp>

namespace ctnn {

//! φ(a) = max(0, a); φ' = 1 where h > 0, else 0 (0 at a = 0, as in PyTorch).
struct ReLU {
  static std::string name() { return "ReLU"; }
  static constexpr Init init = Init::he_uniform;
  static constexpr bool trainable = true;
  template <class V>
  static constexpr V f(V a) {
    return detail::max(a, V(0));
  }
  template <class V>
  static constexpr V df(V h) {
    return detail::select_positive(h, V(1), V(0));
  }
};

}  // namespace ctnn

#endif
