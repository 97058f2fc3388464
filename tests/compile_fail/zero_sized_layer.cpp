// expect-error: ctnn::Dense<0(UL)?, 4(UL)?>.*ctnn::Dense<In, Out>: a layer needs at least one input and one output|ctnn::Dense<In, Out>: a layer needs at least one input and one output.*ctnn::Dense<0(UL)?, 4(UL)?>
// expect-error-count: 1
// A layer with no inputs.
#include <array>
#include <ctnn/core.hpp>

#ifdef CTNN_COMPILE_FAIL_TWIN
using Regressor = ctnn::Net<ctnn::Dense<2, 4>, ctnn::MSE>;
#else
using Regressor = ctnn::Net<ctnn::Dense<0, 4>, ctnn::MSE>;
#endif

int main() {
  const Regressor net;
  return net.parameter_count == 12 ? 0 : 1;
}
