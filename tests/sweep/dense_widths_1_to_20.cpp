// The layer sweep (dense_sweep.hpp) on the widths 1 to 20.

#include "sweep/dense_sweep.hpp"

TEST_CASE("dense layers equal the reference on the widths 1 to 20", "[sweep][gradient]") {
  ctnn::test::sweep_dense<float>(ctnn::test::sweep_widths_1_to_20{});
}
