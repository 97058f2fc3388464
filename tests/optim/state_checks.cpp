// A state made before an option was switched on is refused with an error, not used out of
// bounds (each step checks sizes once, in release builds too).

#include <catch2/catch.hpp>

#include <vector>

#include <ctnn/optim.hpp>

using Catch::Contains;

TEST_CASE("switching on an option after make_state is an error, not a buffer overrun", "[optim]") {
  std::vector<float> params(5, 1.0f);
  const std::vector<float> grads(5, 0.5f);

  ctnn::SGD sgd{.lr = 0.1f};
  auto sgd_state = sgd.make_state<float>(params.size());
  sgd.momentum = 0.9f;
  REQUIRE_THROWS_WITH(sgd.step<float>(params, grads, sgd_state),
                      Contains("ctnn::SGD::step") && Contains("momentum") && Contains("make_state"));

  ctnn::Adam adam;
  auto adam_state = adam.make_state<float>(params.size());
  adam.amsgrad = true;
  REQUIRE_THROWS_WITH(adam.step<float>(params, grads, adam_state), Contains("amsgrad"));

  ctnn::RMSProp rmsprop;
  auto rmsprop_state = rmsprop.make_state<float>(params.size());
  rmsprop.centered = true;
  REQUIRE_THROWS_WITH(rmsprop.step<float>(params, grads, rmsprop_state), Contains("centered"));

  ctnn::Adagrad adagrad;
  auto adagrad_state = adagrad.make_state<float>(4);
  REQUIRE_THROWS_WITH(adagrad.step<float>(params, grads, adagrad_state), Contains("differ in size"));
  CHECK(params == std::vector<float>(5, 1.0f));  // nothing was updated by a refused step
}
