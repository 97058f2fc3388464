// Backpropagation agrees with finite differences for the piecewise-linear activations
// (MATH.md: "backprop gradients are checked against finite differences").

#include "activation_gradient_check.hpp"

TEMPLATE_TEST_CASE("backprop matches finite differences for each piecewise-linear activation",
                   "[gradient]", ctnn::Identity, ctnn::ReLU, ctnn::LeakyReLU) {
  ctnn::test::check_activation_gradients<TestType>();
}
