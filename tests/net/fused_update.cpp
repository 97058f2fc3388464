// The fused SGD update (each piece of the gradient applied as soon as it is final, inside the
// backward pass) gives exactly the parameters of the separate optimizer pass, with and without
// L2, on one and two threads, keeps no gradient (and says so), and is used only where it is
// valid.

#include <catch2/catch.hpp>

#include <cstddef>

#include <ctnn/core.hpp>
#include <ctnn/optim.hpp>
#include <ctnn/trainer.hpp>

#include "support/fused_update_check.hpp"

using ctnn::Dense;
using ctnn::test::check_fused_equals_separate;

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
