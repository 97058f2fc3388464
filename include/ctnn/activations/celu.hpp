#ifndef CTNN_ACTIVATIONS_CELU_HPP
#define CTNN_ACTIVATIONS_CELU_HPP

#include <string>

#include <ctnn/activations/activation_of.hpp>
#include <ctnn/real.hpp>

namespace ctnn {

//! CELU: φ(a) = a for a > 0, α (e^(a/α) - 1) otherwise, as PyTorch's `nn.CELU(alpha)`
//! (continuously differentiable for every α: φ'(0) = 1). A formula (ActivationOf); weights
//! start He-uniform. `CELU<0.5>`: write α as a floating-point literal (ctnn/real.hpp).
template <Real Alpha = 1.0>
struct CELU
    : ActivationOf<where(expr::x > 0, expr::x, Alpha.value * expm1(expr::x / Alpha.value)),
                   Init::he_uniform> {
  static_assert(Alpha.value != 0, "ctnn::CELU<alpha>: alpha must not be 0");
  static std::string name() {
    return Alpha.value == 1.0 ? "CELU" : "CELU<" + expr::detail::number_text(Alpha.value) + ">";
  }
};

}  // namespace ctnn

#endif
