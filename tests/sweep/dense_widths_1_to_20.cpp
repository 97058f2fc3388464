// The layer sweep (dense_sweep.hpp) on the widths 1 to 20.

#include "sweep/dense_sweep.hpp"

TEMPLATE_TEST_CASE("dense layers equal the reference on the widths 1 to 20",
                   "[sweep][gradient]", float, double) {
  ctnn::test::sweep_dense<TestType>(ctnn::test::sweep_widths_1_to_20{});
}
