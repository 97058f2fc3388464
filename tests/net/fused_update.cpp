// The fused SGD update (each piece of the gradient applied as soon as it is final, inside the
// backward pass) gives exactly the parameters of the separate optimizer pass, with and without
// L2, on one and two threads, keeps no gradient (and says so), and is used only where it is
// valid.

#include <catch2/catch.hpp>

#include <cstddef>
#include <memory>
#include <vector>

#include <ctnn/ctnn.hpp>

#include "support/gradient_check.hpp"

using ctnn::Dense;

namespace {

template <class NetType>
void check_fused_equals_separate(std::size_t batch, std::size_t threads, double l2) {
  using T = typename NetType::value_type;
  CAPTURE(batch, threads, l2, sizeof(T));
  auto fused_net = std::make_unique<NetType>();
  auto separate_net = std::make_unique<NetType>();
  fused_net->init(11);
  separate_net->init(11);
  ctnn::Trainer<NetType, ctnn::SGD> fused(*fused_net, ctnn::SGD{.lr = 0.2f}, batch, threads);
  ctnn::Trainer<NetType, ctnn::SGD> separate(*separate_net, ctnn::SGD{.lr = 0.2f}, batch, threads);
  separate.set_fused_update(false);
  REQUIRE(fused.fused_update());
  REQUIRE(!separate.fused_update());
  if (l2 > 0) {
    fused.set_l2(l2, 100);
    separate.set_l2(l2, 100);
  }
  for (unsigned step = 0; step < 4; ++step) {
    const auto values = ctnn::test::uniform_values(batch * NetType::input_size, -1, 1, step);
    const std::vector<T> inputs(values.begin(), values.end());
    std::vector<int> labels(batch);
    for (std::size_t r = 0; r < batch; ++r)
      labels[r] = static_cast<int>((r + step) % NetType::output_size);
    if (step == 2) {  // a schedule may change the rate between steps
      fused.optimizer().lr = 0.05f;
      separate.optimizer().lr = 0.05f;
    }
    const T fused_loss = fused.step(inputs, labels);
    const T separate_loss = separate.step(inputs, labels);
    REQUIRE(fused_loss == separate_loss);
    REQUIRE_THROWS_WITH(fused.gradient(),
                        Catch::Contains("kept no gradient") &&
                            Catch::Contains("set_fused_update(false)"));
    const auto p1 = fused_net->parameters();
    const auto p2 = separate_net->parameters();
    REQUIRE(std::vector<T>(p1.begin(), p1.end()) == std::vector<T>(p2.begin(), p2.end()));
  }
}

}  // namespace

TEST_CASE("the fused SGD update equals the separate one exactly", "[trainer][fused]") {
  using Small = ctnn::Net<Dense<784, 100, ctnn::Sigmoid>, Dense<100, 10>, ctnn::SoftmaxCE>;
  using Odd = ctnn::BasicNet<double, Dense<13, 33, ctnn::Tanh>, Dense<33, 7, ctnn::ReLU>,
                             Dense<7, 3>, ctnn::SoftmaxCE>;
  for (const std::size_t threads : {1, 2}) {
    for (const std::size_t batch : {1, 7, 32}) {
      for (const double l2 : {0.0, 0.5}) {
        check_fused_equals_separate<Small>(batch, threads, l2);
        check_fused_equals_separate<Odd>(batch, threads, l2);
      }
    }
  }
}

TEST_CASE("the update is fused only for SGD without momentum", "[trainer][fused]") {
  using Net = ctnn::Net<Dense<4, 3, ctnn::Tanh>, Dense<3, 2>, ctnn::SoftmaxCE>;
  Net net;
  CHECK(ctnn::Trainer<Net, ctnn::SGD>(net, ctnn::SGD{.lr = 0.1f}).fused_update());
  CHECK(!ctnn::Trainer<Net, ctnn::SGD>(net, ctnn::SGD{.lr = 0.1f, .momentum = 0.9f}).fused_update());
  CHECK(!ctnn::Trainer<Net, ctnn::Adam>(net, ctnn::Adam{}).fused_update());
}
