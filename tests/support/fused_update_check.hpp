#ifndef CTNN_TESTS_SUPPORT_FUSED_UPDATE_CHECK_HPP
#define CTNN_TESTS_SUPPORT_FUSED_UPDATE_CHECK_HPP

// Two trainers on two copies of one net, one fusing its SGD update into the backward pass and
// one applying it afterwards, must keep exactly equal parameters and losses, step after step:
// the fused update applies each piece of the gradient as soon as it is final, which changes
// when the update happens but not what it computes.

#include <cstddef>
#include <memory>
#include <vector>

#include <catch2/catch.hpp>

#include <ctnn/core.hpp>
#include <ctnn/optim.hpp>
#include <ctnn/trainer.hpp>

#include "support/gradient_check.hpp"

namespace ctnn::test {

// Four steps on batches of `batch` rows (labels cycle through the classes), with `threads`
// threads and L2 regularization of strength `l2` (none for 0); the rate changes after two.
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
    const auto inputs = random_values<T>(batch * NetType::input_size, step);
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

}  // namespace ctnn::test

#endif
