// The GEMM sweep (gemm_sweep.hpp) on widths around multiples of 8 and 16.

#include "sweep/gemm_sweep.hpp"

TEST_CASE("gemm equals the reference on widths around multiples of 8 and 16", "[sweep][kernels]") {
  ctnn::test::sweep_gemm<float>(ctnn::test::sweep_widths_large{});
}
