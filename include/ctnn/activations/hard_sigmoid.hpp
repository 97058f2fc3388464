#ifndef CTNN_ACTIVATIONS_HARD_SIGMOID_HPP
#define CTNN_ACTIVATIONS_HARD_SIGMOID_HPP

#include <string>

#include <ctnn/activations/activation_of.hpp>

namespace ctnn {

//! HardSigmoid: φ(a) = 0 for a <= -3, 1 for a >= 3, a/6 + 1/2 between, as PyTorch's
//! `nn.Hardsigmoid`, with its derivative: 1/6 strictly between -3 and 3, 0 elsewhere (at ±3
//! too). A formula (ActivationOf); weights start Glorot-uniform.
struct HardSigmoid
    : ActivationOf<where(expr::x <= -3, 0, where(expr::x >= 3, 1, expr::x / 6 + 0.5))> {
  static std::string name() { return "HardSigmoid"; }
};

}  // namespace ctnn

#endif
