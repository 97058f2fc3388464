// Backpropagation agrees with finite differences for the activations whose derivative is written
// in the pre-activation (`df_pre`, so the layer keeps its pre-activations): central differences
// of the loss, each parameter in turn.

#include <ctnn/activations/gelu.hpp>
#include <ctnn/activations/silu.hpp>

#include "activation_gradient_check.hpp"

TEMPLATE_TEST_CASE("backprop matches finite differences for each activation given by df_pre",
                   "[gradient]", ctnn::GELU, ctnn::GELUTanh, ctnn::SiLU) {
  ctnn::test::check_activation_gradients<TestType>();
}

TEST_CASE("backprop matches finite differences for nets mixing GELU, GELUTanh and SiLU",
          "[gradient]") {
  using namespace ctnn;
  SECTION("each the activation of a Dense layer, SoftmaxCE") {
    using Mixed = BasicNet<double, Dense<6, 9, GELU>, Dense<9, 5, SiLU>, Dense<5, 7, GELUTanh>,
                           Dense<7, 3>, SoftmaxCE>;
    const std::vector<int> labels{2, 0, 1, 1, 2, 0, 2};
    test::check_gradient<Mixed>(labels, labels.size(), 41);
  }
  SECTION("standalone, after layers with activations of their own, MSE") {
    // Dense<5, 7, Tanh>, SiLU: SiLU becomes an ActivationLayer, which reads its input.
    using Standalone = BasicNet<double, Dense<5, 7, Tanh>, SiLU, Dense<7, 3, GELU>, GELUTanh, MSE>;
    const auto targets = test::uniform_values(5 * 3, -1, 1, 9);
    test::check_gradient<Standalone>(targets, 5, 51);
  }
}
