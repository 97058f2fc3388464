// What TrainableActivation and derivative_needs_pre_activation make of each form of derivative:
// df(h) in the output, df_pre(a) in the pre-activation, both, or none.

#include <catch2/catch.hpp>

#include <ctnn/activations/gelu.hpp>
#include <ctnn/activations/relu.hpp>
#include <ctnn/activations/sigmoid.hpp>
#include <ctnn/activations/silu.hpp>
#include <ctnn/activations/step.hpp>
#include <ctnn/concepts/activation.hpp>

namespace {

//! The identity, claiming to be trainable but giving no derivative.
struct NoDerivative {
  static constexpr ctnn::Init init = ctnn::Init::glorot_uniform;
  static constexpr bool trainable = true;
  template <class V>
  static V f(V a) {
    return a;
  }
};

//! The identity, with its derivative in both forms.
struct BothForms : NoDerivative {
  template <class V>
  static V df(V) {
    return V(1);
  }
  template <class V>
  static V df_pre(V) {
    return V(1);
  }
};

}  // namespace

TEST_CASE("an activation's derivative is written in its output or in its pre-activation",
          "[activation]") {
  STATIC_REQUIRE(ctnn::TrainableActivation<ctnn::GELU>);
  STATIC_REQUIRE(ctnn::TrainableActivation<ctnn::GELUTanh>);
  STATIC_REQUIRE(ctnn::TrainableActivation<ctnn::SiLU>);
  STATIC_REQUIRE(ctnn::derivative_needs_pre_activation<ctnn::GELU>);
  STATIC_REQUIRE(ctnn::derivative_needs_pre_activation<ctnn::GELUTanh>);
  STATIC_REQUIRE(ctnn::derivative_needs_pre_activation<ctnn::SiLU>);

  STATIC_REQUIRE(ctnn::TrainableActivation<ctnn::Sigmoid>);
  STATIC_REQUIRE(ctnn::TrainableActivation<ctnn::ReLU>);
  STATIC_REQUIRE_FALSE(ctnn::derivative_needs_pre_activation<ctnn::Sigmoid>);
  STATIC_REQUIRE_FALSE(ctnn::derivative_needs_pre_activation<ctnn::ReLU>);

  // With both forms, training goes through df and keeps nothing.
  STATIC_REQUIRE(ctnn::TrainableActivation<BothForms>);
  STATIC_REQUIRE_FALSE(ctnn::derivative_needs_pre_activation<BothForms>);

  STATIC_REQUIRE(ctnn::Activation<NoDerivative>);
  STATIC_REQUIRE_FALSE(ctnn::TrainableActivation<NoDerivative>);
  STATIC_REQUIRE(ctnn::Activation<ctnn::Step>);
  STATIC_REQUIRE_FALSE(ctnn::TrainableActivation<ctnn::Step>);
}
