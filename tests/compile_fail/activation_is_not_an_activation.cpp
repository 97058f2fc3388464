// expect-error: because .int. does not satisfy .Activation|satisfaction of [^A]*Activation<Act>[^[]*\[with Act = int\]
// A scalar type written where the activation goes.
#include <array>
#include <ctnn/core.hpp>

#ifdef CTNN_COMPILE_FAIL_TWIN
using Regressor = ctnn::Net<ctnn::Dense<2, 2, ctnn::Tanh>, ctnn::MSE>;
#else
using Regressor = ctnn::Net<ctnn::Dense<2, 2, int>, ctnn::MSE>;
#endif

int main() {
  const Regressor net;
  const std::array<float, 2> x{0.5f, -0.5f};
  return net.forward(x)[0] > 0 ? 1 : 0;
}
