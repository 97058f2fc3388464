#ifndef CTNN_ACTIVATIONS_MISH_HPP
#define CTNN_ACTIVATIONS_MISH_HPP

#include <string>

#include <ctnn/activations/activation_of.hpp>

namespace ctnn {

//! Mish: φ(a) = a tanh(softplus(a)), as PyTorch's `nn.Mish`. A formula (ActivationOf); weights
//! start He-uniform, as for the ReLU family it smooths.
struct Mish : ActivationOf<expr::x * tanh(softplus(expr::x)), Init::he_uniform> {
  static std::string name() { return "Mish"; }
};

}  // namespace ctnn

#endif
