// The GEMM sweep (gemm_sweep.hpp) on the widths 1 to 20.

#include "sweep/gemm_sweep.hpp"

TEST_CASE("gemm equals the reference on the widths 1 to 20", "[sweep][kernels]") {
  ctnn::test::sweep_gemm<float>(ctnn::test::sweep_widths_1_to_20{});
}
