#ifndef CTNN_ACTIVATIONS_HARD_SWISH_HPP
#define CTNN_ACTIVATIONS_HARD_SWISH_HPP

#include <string>

#include <ctnn/activations/activation_of.hpp>

namespace ctnn {

//! HardSwish: φ(a) = 0 for a < -3, a for a > 3, a (a + 3) / 6 between, as PyTorch's
//! `nn.Hardswish`, with its derivative: (2a + 3) / 6 for -3 <= a <= 3 (so -1/2 at -3 and 3/2
//! at 3, as PyTorch's backward has it). A formula (ActivationOf); weights start He-uniform.
struct HardSwish : ActivationOf<where(expr::x < -3, 0,
                                      where(expr::x <= 3, expr::x * (expr::x + 3) / 6, expr::x)),
                                Init::he_uniform> {
  static std::string name() { return "HardSwish"; }
};

}  // namespace ctnn

#endif
