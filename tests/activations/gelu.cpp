// GELU and its tanh approximation: values and derivatives against PyTorch, exact values, finite
// differences, and in SIMD registers against the scalar formula.

#include <ctnn/activations/gelu.hpp>

#include "activations/pre_activation_check.hpp"

TEST_CASE("GELU and its derivative", "[activation][gelu]") {
  ctnn::test::check_pre_activation<ctnn::GELU, ctnn::test::activation_reference::gelu>();
}

TEST_CASE("GELUTanh and its derivative", "[activation][gelu]") {
  ctnn::test::check_pre_activation<ctnn::GELUTanh, ctnn::test::activation_reference::gelu_tanh>();
}

TEMPLATE_TEST_CASE("GELU and GELUTanh in registers match their scalar formulas",
                   "[activation][gelu][simd]", float, double) {
  ctnn::test::check_registers_against_scalars<ctnn::GELU, TestType>(8);
  ctnn::test::check_registers_against_scalars<ctnn::GELUTanh, TestType>(8);
}
