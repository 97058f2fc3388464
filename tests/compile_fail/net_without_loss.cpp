// expect-error: net_must_end_with_a_loss<ctnn::Dense<8(UL)?, 3(UL)?(, ctnn::Identity)?> ?>.*ctnn::Net: the last element of a Net must be a loss|ctnn::Net: the last element of a Net must be a loss.*net_must_end_with_a_loss<ctnn::Dense<8(UL)?, 3(UL)?(, ctnn::Identity)?> ?>
// expect-error-count: 1
// A classifier whose loss was forgotten.
#include <array>
#include <ctnn/ctnn.hpp>

#ifdef CTNN_COMPILE_FAIL_TWIN
using Classifier = ctnn::Net<ctnn::Dense<4, 8, ctnn::ReLU>, ctnn::Dense<8, 3>, ctnn::SoftmaxCE>;
#else
using Classifier = ctnn::Net<ctnn::Dense<4, 8, ctnn::ReLU>, ctnn::Dense<8, 3>>;
#endif

int main() {
  const Classifier net;
  const std::array<float, 4> x{0.5f, 0.25f, 0.125f, 1};
  return static_cast<int>(net.forward(x)[2] > 0);
}
