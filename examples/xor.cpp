// XOR two ways: built by hand from hard thresholds (checked by the compiler), then learned by a
// 2-2-1 sigmoid network with gradient descent.

#include <array>
#include <cstdio>
#include <vector>

#include <ctnn/ctnn.hpp>

// h1 = [x1 + x2 - 0.5 > 0] (OR), h2 = [x1 + x2 - 1.5 > 0] (AND), y = [h1 - h2 - 0.5 > 0].
// Parameters per layer: weights W[in][out], then biases.
using HandBuilt = ctnn::Net<ctnn::Dense<2, 2, ctnn::Step>, ctnn::Dense<2, 1, ctnn::Step>, ctnn::MSE>;
constexpr HandBuilt hand_built{{1, 1, 1, 1, -0.5f, -1.5f, 1, -1, -0.5f}};
static_assert(hand_built.forward(std::array{0.f, 0.f})[0] == 0);
static_assert(hand_built.forward(std::array{0.f, 1.f})[0] == 1);
static_assert(hand_built.forward(std::array{1.f, 0.f})[0] == 1);
static_assert(hand_built.forward(std::array{1.f, 1.f})[0] == 0);

using Learned = ctnn::Net<ctnn::Dense<2, 2, ctnn::Sigmoid>, ctnn::Dense<2, 1, ctnn::Sigmoid>, ctnn::BCE>;

int main() {
  const std::vector<float> inputs{0, 0, 0, 1, 1, 0, 1, 1};  // four samples, one per row
  const std::vector<float> targets{0, 1, 1, 0};

  Learned net;
  net.init(1);
  ctnn::Trainer<Learned, ctnn::SGD> trainer(net, ctnn::SGD{.lr = 2.0f}, 4);
  for (int epoch = 0; epoch <= 5000; ++epoch) {
    const float loss = trainer.step(inputs, targets);  // full batch: all four samples
    if (epoch % 1000 == 0) std::printf("epoch %4d  loss %.4f\n", epoch, loss);
  }
  for (std::size_t i = 0; i < 4; ++i) {
    const std::array<float, 2> x{inputs[2 * i], inputs[2 * i + 1]};
    std::printf("%g XOR %g: hand-built %g, learned %.3f -> %zu\n", x[0], x[1],
                hand_built.forward(x)[0], net.predict(x)[0], net.classify(x));
  }
}
