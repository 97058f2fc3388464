// The flush scope turns subnormal arithmetic into zeros while alive, and gives the caller back
// its own floating-point mode afterwards (also around Trainer::step).

#include <catch2/catch.hpp>

#include <limits>
#include <vector>

#include <ctnn/core.hpp>
#include <ctnn/optim.hpp>
#include <ctnn/trainer.hpp>
#include <ctnn/training/denormals.hpp>

namespace {
// Through a volatile, so the compiler cannot fold the product at compile time.
float times_half(float x) {
  volatile float half = 0.5f;
  return x * half;
}
}  // namespace

TEST_CASE("subnormals are flushed inside the scope only", "[denormals]") {
  const float smallest_normal = std::numeric_limits<float>::min();
  REQUIRE(times_half(smallest_normal) > 0);  // a subnormal result, kept by default
  {
    const ctnn::detail::FlushDenormalsScope scope;
#ifdef CTNN_DETAIL_HAS_MXCSR
    CHECK(times_half(smallest_normal) == 0);
#endif
  }
  CHECK(times_half(smallest_normal) > 0);
}

TEST_CASE("Trainer::step leaves the caller's floating-point mode as it was", "[denormals]") {
  using Net = ctnn::Net<ctnn::Dense<2, 3, ctnn::Tanh>, ctnn::Dense<3, 2>, ctnn::SoftmaxCE>;
  Net net;
  ctnn::Trainer<Net, ctnn::Adam> trainer(net, {}, 2);
  const std::vector<float> inputs{0.5f, -1, 1, 0.25f};
  trainer.step(inputs, std::vector<int>{0, 1});
  CHECK(times_half(std::numeric_limits<float>::min()) > 0);
}
