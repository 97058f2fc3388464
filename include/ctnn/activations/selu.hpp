#ifndef CTNN_ACTIVATIONS_SELU_HPP
#define CTNN_ACTIVATIONS_SELU_HPP

#include <string>

#include <ctnn/activations/activation_of.hpp>

namespace ctnn {

namespace detail {
// PyTorch's constants (Klambauer et al. 2017, the fixed point of zero mean and unit variance).
inline constexpr double selu_alpha = 1.6732632423543772848170429916717;
inline constexpr double selu_scale = 1.0507009873554804934193349852946;
}  // namespace detail

//! SELU: φ(a) = λ a for a > 0, λ α (e^a - 1) otherwise, with PyTorch's λ and α (`nn.SELU`).
//! A formula (ActivationOf); weights start He-uniform (the paper's LeCun normal is not one of
//! ctnn's schemes).
struct SELU : ActivationOf<detail::selu_scale * where(expr::x > 0, expr::x,
                                                      detail::selu_alpha * expm1(expr::x)),
                           Init::he_uniform> {
  static std::string name() { return "SELU"; }
};

}  // namespace ctnn

#endif
