// expect-error: ctnn::ActivationOf<F>: the formula F does not depend on x
// expect-error-count: 1
// An "activation" that is a constant: no function of the layer's pre-activation.
#include <array>

#include <ctnn/core.hpp>
#include <ctnn/expr.hpp>

using namespace ctnn::expr;
#ifdef CTNN_COMPILE_FAIL_TWIN
using Flat = ctnn::ActivationOf<x * 0.5>;
#else
using Flat = ctnn::ActivationOf<Constant{0.5}>;
#endif

int main() {
  const ctnn::Net<ctnn::Dense<2, 3, Flat>, ctnn::Dense<3, 1>, ctnn::MSE> net;
  return net.forward(std::array<float, 2>{0.5f, -1.0f})[0] > 0 ? 0 : 1;
}
