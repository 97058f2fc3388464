// The layer sweep (dense_sweep.hpp) on widths around multiples of 8 and 16.

#include "sweep/dense_sweep.hpp"

TEST_CASE("dense layers equal the reference on widths around multiples of 8 and 16",
          "[sweep][gradient]") {
  ctnn::test::sweep_dense<float>(ctnn::test::sweep_widths_large{});
}
