// expect-error: ctnn::BCE: the last layer must have exactly one output
// expect-error-count: 1
// Binary cross-entropy on three sigmoid outputs (multi-label is not what BCE here means).
#include <array>
#include <ctnn/core.hpp>

#ifdef CTNN_COMPILE_FAIL_TWIN
using Detector = ctnn::Net<ctnn::Dense<4, 8, ctnn::ReLU>, ctnn::Dense<8, 1, ctnn::Sigmoid>, ctnn::BCE>;
#else
using Detector = ctnn::Net<ctnn::Dense<4, 8, ctnn::ReLU>, ctnn::Dense<8, 3, ctnn::Sigmoid>, ctnn::BCE>;
#endif

int main() {
  const Detector net;
  const std::array<float, 4> x{0.5f, 0.25f, 0.125f, 1};
  return static_cast<int>(net.classify(x));
}
