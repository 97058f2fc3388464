// The GEMM sweep (gemm_sweep.hpp) on the widths 21 to 40.

#include "sweep/gemm_sweep.hpp"

TEST_CASE("gemm equals the reference on the widths 21 to 40", "[sweep][kernels]") {
  ctnn::test::sweep_gemm<float>(ctnn::test::sweep_widths_21_to_40{});
}
