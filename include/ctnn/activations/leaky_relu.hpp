#ifndef CTNN_ACTIVATIONS_LEAKY_RELU_HPP
#define CTNN_ACTIVATIONS_LEAKY_RELU_HPP

#include <cstdint>
#include <string>

#include <ctnn/detail/simd.hpp>
#include <ctnn/init.hpp>

namespace ctnn {

//! φ(a) = a for a > 0, else s·a, with the slope s = Numerator / Denominator given as a ratio
//! (clang 14 takes no floating-point template arguments). φ' = 1 where h > 0, else s: the sign
//! of h is the sign of a because s > 0.
template <std::intmax_t Numerator, std::intmax_t Denominator>
struct LeakyReLUWithSlope {
  static_assert(Numerator > 0 && Denominator > 0 && Numerator < Denominator,
                "ctnn::LeakyReLUWithSlope<N, D>: the slope N / D must lie in (0, 1)");
  static constexpr double slope = static_cast<double>(Numerator) / static_cast<double>(Denominator);
  //! "LeakyReLU" for PyTorch's default slope 1/100 (the alias below), else
  //! "LeakyReLUWithSlope<N, D>".
  static std::string name() {
    if (Numerator == 1 && Denominator == 100) return "LeakyReLU";
    return "LeakyReLUWithSlope<" + std::to_string(Numerator) + ", " +
           std::to_string(Denominator) + ">";
  }
  static constexpr Init init = Init::he_uniform;
  static constexpr bool trainable = true;
  template <class V>
  static constexpr V f(V a) {
    return detail::select_positive(a, a, V(slope) * a);
  }
  template <class V>
  static constexpr V df(V h) {
    return detail::select_positive(h, V(1), V(slope));
  }
};

//! Leaky ReLU with slope 0.01 for negative inputs, PyTorch's default `negative_slope`.
using LeakyReLU = LeakyReLUWithSlope<1, 100>;

}  // namespace ctnn

#endif
