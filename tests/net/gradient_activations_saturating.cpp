// Backpropagation agrees with finite differences for the activations with curved, saturating
// or smooth shapes: central differences of the loss, each parameter in turn.

#include "activation_gradient_check.hpp"

TEMPLATE_TEST_CASE("backprop matches finite differences for each smooth activation", "[gradient]",
                   ctnn::Sigmoid, ctnn::Tanh, ctnn::Softplus) {
  ctnn::test::check_activation_gradients<TestType>();
}
