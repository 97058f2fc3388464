// The GEMM sweep (gemm_sweep.hpp) on the widths 21 to 40.

#include "sweep/gemm_sweep.hpp"

TEMPLATE_TEST_CASE("gemm equals the reference on the widths 21 to 40",
                   "[sweep][kernels]", float, double) {
  ctnn::test::sweep_gemm<TestType>(ctnn::test::sweep_widths_21_to_40{});
}
