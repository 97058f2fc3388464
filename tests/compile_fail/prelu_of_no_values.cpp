// expect-error: ctnn::PReLU<N>: a layer needs at least one value
// expect-error-count: 1
// A PReLU of zero values: its own static_assert is the one error, the net adds none about sizes.
#include <ctnn/core.hpp>

#ifdef CTNN_COMPILE_FAIL_TWIN
using Regressor = ctnn::Net<ctnn::Dense<2, 4>, ctnn::PReLU<4>, ctnn::Dense<4, 1>, ctnn::MSE>;
#else
using Regressor = ctnn::Net<ctnn::Dense<2, 4>, ctnn::PReLU<0>, ctnn::Dense<4, 1>, ctnn::MSE>;
#endif

int main() {
  const Regressor net;
  return net.parameter_count == 21 ? 0 : 1;
}
