// A translation unit whose compile cost scripts/compile_cost.sh measures: the seed network of the
// README and one forward pass, with the core header alone (an inference program).
#include <array>

#include <ctnn/core.hpp>

using Mlp = ctnn::Net<ctnn::Dense<784, 100, ctnn::Sigmoid>, ctnn::Dense<100, 10>, ctnn::SoftmaxCE>;

int main() {
  static const Mlp net;  // 318 KB of parameters: static, not on the stack
  std::array<float, Mlp::input_size> image{};
  image.fill(0.5f);
  return static_cast<int>(net.classify(image));
}
