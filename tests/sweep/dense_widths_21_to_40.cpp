// The layer sweep (dense_sweep.hpp) on the widths 21 to 40.

#include "sweep/dense_sweep.hpp"

TEST_CASE("dense layers equal the reference on the widths 21 to 40", "[sweep][gradient]") {
  ctnn::test::sweep_dense<float>(ctnn::test::sweep_widths_21_to_40{});
}
