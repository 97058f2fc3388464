// expect-error: ctnn::Net: a net needs at least one layer
// expect-error-count: 2
// A net that is only a loss. (The second error is main's: with no layer, the net has no input
// size that the std::array below could match.)
#include <array>
#include <ctnn/core.hpp>

#ifdef CTNN_COMPILE_FAIL_TWIN
using Classifier = ctnn::Net<ctnn::Dense<4, 3>, ctnn::SoftmaxCE>;
#else
using Classifier = ctnn::Net<ctnn::SoftmaxCE>;
#endif

int main() {
  const Classifier net;
  const std::array<float, 4> x{0.5f, 0.25f, 0.125f, 1};
  return static_cast<int>(net.classify(x));
}
