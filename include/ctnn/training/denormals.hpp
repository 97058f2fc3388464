#ifndef CTNN_TRAINING_DENORMALS_HPP
#define CTNN_TRAINING_DENORMALS_HPP

//! @file denormals.hpp
//! Training produces values that decay towards zero (Adam's moments for weights that never get
//! a gradient, such as those of always-black pixels, shrink by beta each step). Once they are
//! subnormal, every operation on them takes ~100 times longer on x86, and an epoch slows down
//! more and more. Deep-learning frameworks run with subnormals flushed to zero; ctnn does the
//! same, but only inside a training step and only on the calling thread: the scope below
//! restores the caller's floating-point mode when it ends.

#if defined(__SSE__) || defined(_M_X64)
#include <xmmintrin.h>
#define CTNN_DETAIL_HAS_MXCSR 1
#endif

namespace ctnn::detail {

//! While alive, subnormal inputs read as zero and subnormal results become zero (x86 MXCSR
//! DAZ and FTZ). A no-op on other processors.
class FlushDenormalsScope {
public:
#ifdef CTNN_DETAIL_HAS_MXCSR
  FlushDenormalsScope() : saved_(_mm_getcsr()) { _mm_setcsr(saved_ | flush_to_zero | denormals_are_zero); }
  ~FlushDenormalsScope() { _mm_setcsr(saved_); }

private:
  static constexpr unsigned flush_to_zero = 0x8000;      // MXCSR bit 15
  static constexpr unsigned denormals_are_zero = 0x0040;  // MXCSR bit 6
  unsigned saved_;
#else
  // User-provided, as on x86, so that compilers do not report a scope variable as unused.
  FlushDenormalsScope() {}
#endif

public:
  FlushDenormalsScope(const FlushDenormalsScope&) = delete;
  FlushDenormalsScope& operator=(const FlushDenormalsScope&) = delete;
};

}  // namespace ctnn::detail

#endif
