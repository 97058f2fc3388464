// Backpropagation agrees with finite differences for the piecewise-linear activations: central
// differences of the loss, each parameter in turn, away from the kinks.

#include "activation_gradient_check.hpp"

TEMPLATE_TEST_CASE("backprop matches finite differences for each piecewise-linear activation",
                   "[gradient]", ctnn::Identity, ctnn::ReLU, ctnn::LeakyReLU) {
  ctnn::test::check_activation_gradients<TestType>();
}
