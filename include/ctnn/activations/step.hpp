#ifndef CTNN_ACTIVATIONS_STEP_HPP
#define CTNN_ACTIVATIONS_STEP_HPP

#include <string>

#include <ctnn/detail/simd.hpp>
#include <ctnn/init.hpp>

namespace ctnn {

//! The hard threshold φ(a) = 1 if a > 0, else 0: the perceptron's unit, for networks whose
//! weights are set by hand (logic gates, XOR). Its derivative is 0 almost everywhere, so it is
//! not trainable: a `Trainer` for a net containing `Step` does not compile.
struct Step {
  static std::string name() { return "Step"; }
  static constexpr Init init = Init::glorot_uniform;
  static constexpr bool trainable = false;
  template <class V>
  static constexpr V f(V a) {
    return detail::select_positive(a, V(1), V(0));
  }
};

}  // namespace ctnn

#endif
