#ifndef CTNN_ACTIVATIONS_SOFTSIGN_HPP
#define CTNN_ACTIVATIONS_SOFTSIGN_HPP

#include <string>

#include <ctnn/activations/activation_of.hpp>

namespace ctnn {

//! Softsign: φ(a) = a / (1 + |a|), as PyTorch's `nn.Softsign`. A formula (ActivationOf);
//! weights start Glorot-uniform, as for tanh, which it resembles.
struct Softsign : ActivationOf<expr::x / (1 + abs(expr::x))> {
  static std::string name() { return "Softsign"; }
};

}  // namespace ctnn

#endif
