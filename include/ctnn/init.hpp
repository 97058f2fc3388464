#ifndef CTNN_INIT_HPP
#define CTNN_INIT_HPP

//! @file init.hpp
//! How a layer's weights start. Biases always start at zero. Weights are never all zero (units
//! that start equal would stay equal): each activation names the scheme that keeps the variance
//! of its signal steady from layer to layer.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>

namespace ctnn {

enum class Init {
  //! Glorot/Xavier uniform: U(-a, a), a = sqrt(6 / (in + out)) (PyTorch's xavier_uniform_).
  //! For sigmoid, tanh, softplus, identity and step layers.
  glorot_uniform,
  //! He/Kaiming uniform: U(-a, a), a = sqrt(6 / in) (PyTorch's kaiming_uniform_ for ReLU).
  //! For the ReLU family.
  he_uniform,
};

//! The bound a of U(-a, a) for a layer with `in` inputs and `out` outputs.
[[nodiscard]] inline double init_bound(Init scheme, std::size_t in, std::size_t out) {
  const double variance_fan = scheme == Init::he_uniform ? static_cast<double>(in) / 2.0
                                                         : static_cast<double>(in + out) / 2.0;
  return std::sqrt(3.0 / variance_fan);  // U(-a, a) has variance a^2 / 3
}

//! The generator behind `Net::init(seed)`. std::mt19937_64's sequence is fixed by the standard,
//! and the conversion to [-1, 1) is our own, so a seed gives the same net with every compiler.
class InitRandom {
public:
  explicit InitRandom(std::uint64_t seed) : engine_(seed) {}
  //! Uniform in [-1, 1) from the top 53 bits.
  double symmetric_unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-52 - 1.0; }

private:
  std::mt19937_64 engine_;
};

}  // namespace ctnn

#endif
