// expect-error: ctnn::expr: sin is not a function a formula may use; they are exp, log
// expect-error-count: 1
// A formula calling a function ctnn cannot differentiate and vectorize: the error names it and
// lists the ones it can.
#include <array>

#include <ctnn/core.hpp>
#include <ctnn/expr.hpp>

using namespace ctnn::expr;
#ifdef CTNN_COMPILE_FAIL_TWIN
using Wavy = ctnn::ActivationOf<x + tanh(x)>;
#else
using Wavy = ctnn::ActivationOf<x + sin(x)>;
#endif

int main() {
  const ctnn::Net<ctnn::Dense<2, 3, Wavy>, ctnn::Dense<3, 1>, ctnn::MSE> net;
  return net.forward(std::array<float, 2>{0.5f, -1.0f})[0] > 0 ? 0 : 1;
}
