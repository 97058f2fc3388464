// expect-error: ctnn::Logistic: the last layer's activation must be Identity
// expect-error-count: 1
// The logistic loss on an output that already went through a Sigmoid (it applies the sigmoid
// itself: the net would train badly).
#include <array>
#include <ctnn/core.hpp>

#ifdef CTNN_COMPILE_FAIL_TWIN
using Binary = ctnn::Net<ctnn::Dense<4, 8, ctnn::Tanh>, ctnn::Dense<8, 1>, ctnn::Logistic>;
#else
using Binary = ctnn::Net<ctnn::Dense<4, 8, ctnn::Tanh>, ctnn::Dense<8, 1>, ctnn::Sigmoid,
                         ctnn::Logistic>;
#endif

int main() {
  const Binary net;
  const std::array<float, 4> x{0.5f, 0.25f, 0.125f, 1};
  return static_cast<int>(net.classify(x));
}
