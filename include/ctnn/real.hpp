#ifndef CTNN_REAL_HPP
#define CTNN_REAL_HPP

//! @file real.hpp
//! A floating-point template argument that every supported compiler takes: `ELU<0.5>` declares
//! `template <Real Alpha = 1.0> struct ELU`. A bare `template <double>` parameter needs clang 18
//! or later; a class holding a double works with g++ 12 and clang 14 alike. Write the value as
//! a floating-point literal (0.5, 1.0): clang 14 does not convert an integer literal here.

namespace ctnn {

struct Real {
  double value;
  constexpr Real(double v) : value(v) {}  // NOLINT: implicit, so that ELU<0.5> reads as it should
};

}  // namespace ctnn

#endif
