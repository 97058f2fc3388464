// The GEMM sweep (gemm_sweep.hpp) on the widths 1 to 20.

#include "sweep/gemm_sweep.hpp"

TEMPLATE_TEST_CASE("gemm equals the reference on the widths 1 to 20",
                   "[sweep][kernels]", float, double) {
  ctnn::test::sweep_gemm<TestType>(ctnn::test::sweep_widths_1_to_20{});
}
