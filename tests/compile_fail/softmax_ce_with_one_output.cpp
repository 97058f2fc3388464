// expect-error: ctnn::SoftmaxCE: the last layer has 1 output, but a softmax over one class
// expect-error-count: 1
// A two-class problem written with one output and SoftmaxCE.
#include <array>
#include <ctnn/core.hpp>

#ifdef CTNN_COMPILE_FAIL_TWIN
using Detector = ctnn::Net<ctnn::Dense<4, 8, ctnn::ReLU>, ctnn::Dense<8, 2>, ctnn::SoftmaxCE>;
#else
using Detector = ctnn::Net<ctnn::Dense<4, 8, ctnn::ReLU>, ctnn::Dense<8, 1>, ctnn::SoftmaxCE>;
#endif

int main() {
  const Detector net;
  const std::array<float, 4> x{0.5f, 0.25f, 0.125f, 1};
  return static_cast<int>(net.classify(x));
}
