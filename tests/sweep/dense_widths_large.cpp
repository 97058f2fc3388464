// The layer sweep (dense_sweep.hpp) on widths around multiples of 8 and 16.

#include "sweep/dense_sweep.hpp"

TEMPLATE_TEST_CASE("dense layers equal the reference on widths around multiples of 8 and 16",
                   "[sweep][gradient]", float, double) {
  ctnn::test::sweep_dense<TestType>(ctnn::test::sweep_widths_large{});
}
