// expect-error: first_element_must_have_a_size<[a-z:_]*element_index<0(UL)?>, ctnn::ReLU>.*ctnn::Net: the first element must be a layer with an input size|ctnn::Net: the first element must be a layer with an input size.*first_element_must_have_a_size<[a-z:_]*element_index<0(UL)?>, ctnn::ReLU>
// expect-error-count: 1
// A standalone activation before any layer: it has no size to take.
#include <array>
#include <ctnn/core.hpp>

#ifdef CTNN_COMPILE_FAIL_TWIN
using Classifier = ctnn::Net<ctnn::Dense<4, 8>, ctnn::ReLU, ctnn::Dense<8, 3>, ctnn::SoftmaxCE>;
#else
using Classifier = ctnn::Net<ctnn::ReLU, ctnn::Dense<4, 8>, ctnn::Dense<8, 3>, ctnn::SoftmaxCE>;
#endif

int main() {
  const Classifier net;
  const std::array<float, 4> x{0.5f, 0.25f, 0.125f, 1};
  return static_cast<int>(net.classify(x));
}
