#ifndef CTNN_ACTIVATIONS_ELU_HPP
#define CTNN_ACTIVATIONS_ELU_HPP

#include <string>

#include <ctnn/activations/activation_of.hpp>
#include <ctnn/real.hpp>

namespace ctnn {

//! ELU: φ(a) = a for a > 0, α (e^a - 1) otherwise, as PyTorch's `nn.ELU(alpha)`; φ'(0) = α
//! (PyTorch's). Written as a formula (ActivationOf), so φ' is derived at compile time; weights
//! start He-uniform. `ELU<0.5>`: write α as a floating-point literal (ctnn/real.hpp).
template <Real Alpha = 1.0>
struct ELU : ActivationOf<where(expr::x > 0, expr::x, Alpha.value * expm1(expr::x)),
                          Init::he_uniform> {
  static std::string name() {
    return Alpha.value == 1.0 ? "ELU" : "ELU<" + expr::detail::number_text(Alpha.value) + ">";
  }
};

}  // namespace ctnn

#endif
