// expect-error: ctnn::BCE: the last layer's activation must be Sigmoid
// expect-error-count: 1
// Binary cross-entropy on a last layer without activation (it defaults to Identity).
#include <array>
#include <ctnn/core.hpp>

#ifdef CTNN_COMPILE_FAIL_TWIN
using Detector = ctnn::Net<ctnn::Dense<4, 8, ctnn::ReLU>, ctnn::Dense<8, 1, ctnn::Sigmoid>, ctnn::BCE>;
#else
using Detector = ctnn::Net<ctnn::Dense<4, 8, ctnn::ReLU>, ctnn::Dense<8, 1>, ctnn::BCE>;
#endif

int main() {
  const Detector net;
  const std::array<float, 4> x{0.5f, 0.25f, 0.125f, 1};
  return static_cast<int>(net.classify(x));
}
