#ifndef CTNN_FWD_HPP
#define CTNN_FWD_HPP

//! @file fwd.hpp
//! Forward declarations of ctnn's public templates, for headers that only name them.
//! (Dense is not here: its activation parameter is constrained by the Activation concept, and a
//! redeclaration would have to repeat the constraint and the default.)

#include <cstddef>
#include <cstdint>

namespace ctnn {

struct Identity;
struct Sigmoid;
struct Tanh;
struct ReLU;
template <std::intmax_t Numerator, std::intmax_t Denominator>
struct LeakyReLUWithSlope;
struct Softplus;
struct Step;

struct MSE;
struct SoftmaxCE;
struct BCE;
struct Logistic;

struct SGD;
struct Adam;
struct RMSProp;
struct Adagrad;

template <class T, class... Elements>
class BasicNet;
template <class Net, class Opt>
class Trainer;

}  // namespace ctnn

#endif
