// expect-error: ctnn::Dropout<Percent>: Percent, the share of values dropped, must lie in \[0, 100\)
// expect-error-count: 1
// Dropout<100> would drop every value: its own static_assert is the one error.
#include <ctnn/core.hpp>

#ifdef CTNN_COMPILE_FAIL_TWIN
constexpr int percent = 50;
#else
constexpr int percent = 100;
#endif
using Classifier =
    ctnn::Net<ctnn::Dense<2, 4>, ctnn::Dropout<percent>, ctnn::Dense<4, 3>, ctnn::SoftmaxCE>;

int main() {
  const Classifier net;
  return net.parameter_count == 27 ? 0 : 1;
}
