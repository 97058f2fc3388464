#ifndef CTNN_TESTS_SUPPORT_REFERENCE_SUM_HPP
#define CTNN_TESTS_SUPPORT_REFERENCE_SUM_HPP

// A sum computed in double beside the sum of its terms' magnitudes: a float or double kernel
// that adds the same k terms in any order is within (k + 1) u · magnitude of `value` (u the unit
// roundoff of its type), which is how the kernel tests bound their error.

#include <cmath>

namespace ctnn::test {

struct ReferenceSum {
  double value = 0;
  double magnitude = 0;

  void add(double term) {
    value += term;
    magnitude += std::abs(term);
  }
};

}  // namespace ctnn::test

#endif
