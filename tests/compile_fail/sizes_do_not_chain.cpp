// expect-error: layer_sizes_must_chain<[a-z:_]*element_index<2(UL)?>, [a-z:_]*expects_input_size<31(UL)?>, [a-z:_]*gets_input_size<32(UL)?>.*ctnn::Net: layer sizes do not chain|ctnn::Net: layer sizes do not chain.*layer_sizes_must_chain<[a-z:_]*element_index<2(UL)?>, [a-z:_]*expects_input_size<31(UL)?>, [a-z:_]*gets_input_size<32(UL)?>
// expect-error-count: 1
// A net whose third layer expects 31 inputs while the second gives 32: the error must name the
// layer (index 2) and both sizes.
#include <array>
#include <ctnn/core.hpp>

#ifdef CTNN_COMPILE_FAIL_TWIN
using Classifier = ctnn::Net<ctnn::Dense<8, 16, ctnn::ReLU>, ctnn::Dense<16, 32, ctnn::ReLU>,
                             ctnn::Dense<32, 4>, ctnn::SoftmaxCE>;
#else
using Classifier = ctnn::Net<ctnn::Dense<8, 16, ctnn::ReLU>, ctnn::Dense<16, 32, ctnn::ReLU>,
                             ctnn::Dense<31, 4>, ctnn::SoftmaxCE>;
#endif

int main() {
  const Classifier net;
  const std::array<float, 8> x{1, 0, 0, 1, 0, 1, 1, 0};
  return static_cast<int>(net.classify(x));
}
