// expect-error: element_must_be_a_layer<[a-z:_]*element_index<1(UL)?>, ctnn::Sigmoid>.*ctnn::Net: every element but the last must be a layer|ctnn::Net: every element but the last must be a layer.*element_must_be_a_layer<[a-z:_]*element_index<1(UL)?>, ctnn::Sigmoid>
// expect-error-count: 1
// An activation written as an element of its own instead of as the layer's third argument.
#include <array>
#include <ctnn/ctnn.hpp>

#ifdef CTNN_COMPILE_FAIL_TWIN
using Classifier = ctnn::Net<ctnn::Dense<4, 8, ctnn::Sigmoid>, ctnn::Dense<8, 3>, ctnn::SoftmaxCE>;
#else
using Classifier = ctnn::Net<ctnn::Dense<4, 8>, ctnn::Sigmoid, ctnn::Dense<8, 3>, ctnn::SoftmaxCE>;
#endif

int main() {
  const Classifier net;
  const std::array<float, 4> x{0.5f, 0.25f, 0.125f, 1};
  return static_cast<int>(net.classify(x));
}
