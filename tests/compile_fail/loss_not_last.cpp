// expect-error: loss_must_be_last<[a-z:_]*element_index<1(UL)?>, ctnn::SoftmaxCE>.*ctnn::Net: a loss may only be the last element of a Net|ctnn::Net: a loss may only be the last element of a Net.*loss_must_be_last<[a-z:_]*element_index<1(UL)?>, ctnn::SoftmaxCE>
// expect-error-count: 1
// The loss written where the hidden layer's activation should be.
#include <array>
#include <ctnn/core.hpp>

#ifdef CTNN_COMPILE_FAIL_TWIN
using Classifier = ctnn::Net<ctnn::Dense<4, 8, ctnn::ReLU>, ctnn::Dense<8, 3>, ctnn::SoftmaxCE>;
#else
using Classifier = ctnn::Net<ctnn::Dense<4, 8, ctnn::ReLU>, ctnn::SoftmaxCE, ctnn::Dense<8, 3>>;
#endif

int main() {
  const Classifier net;
  const std::array<float, 4> x{0.5f, 0.25f, 0.125f, 1};
  return static_cast<int>(net.classify(x));
}
