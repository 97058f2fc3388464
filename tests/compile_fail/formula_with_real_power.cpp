// expect-error: ctnn::expr: pow\(e, p\) is not supported; write pow<N>\(e\)
// expect-error-count: 1
// A power with the exponent as an argument: the error says how to write it.
#include <array>

#include <ctnn/core.hpp>
#include <ctnn/expr.hpp>

using namespace ctnn::expr;
#ifdef CTNN_COMPILE_FAIL_TWIN
using Cube = ctnn::ActivationOf<pow<3>(x)>;
#else
using Cube = ctnn::ActivationOf<pow(x, 3)>;
#endif

int main() {
  const ctnn::Net<ctnn::Dense<2, 3, Cube>, ctnn::Dense<3, 1>, ctnn::MSE> net;
  return net.forward(std::array<float, 2>{0.5f, -1.0f})[0] > 0 ? 0 : 1;
}
