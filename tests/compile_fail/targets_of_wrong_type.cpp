// expect-error: ctnn::SoftmaxCE: targets are class indices
// Class labels passed as floats (or as one-hot rows) to a SoftmaxCE net.
#include <array>
#include <vector>
#include <ctnn/core.hpp>

using Classifier = ctnn::Net<ctnn::Dense<4, 8, ctnn::ReLU>, ctnn::Dense<8, 3>, ctnn::SoftmaxCE>;

int main() {
  const Classifier net;
  const std::array<float, 4> x{0.5f, 0.25f, 0.125f, 1};
#ifdef CTNN_COMPILE_FAIL_TWIN
  const float loss = net.loss(x, std::vector<int>{2}, 1);
#else
  const float loss = net.loss(x, std::vector<float>{2}, 1);
#endif
  return loss > 0 ? 0 : 1;
}
