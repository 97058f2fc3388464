// SiLU: values and derivative against PyTorch, exact values, finite differences, and in SIMD
// registers against the scalar formula.

#include <ctnn/activations/silu.hpp>

#include "activations/pre_activation_check.hpp"

TEST_CASE("SiLU and its derivative", "[activation][silu]") {
  ctnn::test::check_pre_activation<ctnn::SiLU, ctnn::test::activation_reference::silu>();
}

TEMPLATE_TEST_CASE("SiLU in registers matches its scalar formula", "[activation][silu][simd]",
                   float, double) {
  ctnn::test::check_registers_against_scalars<ctnn::SiLU, TestType>(8);
}
