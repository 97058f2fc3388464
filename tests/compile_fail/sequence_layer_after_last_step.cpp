// expect-error: after LastStep a net has one row of values per sequence
// expect-error-count: 1
// LastStep ends the sequence: a GRU after it has no sequence to run over.
#include <ctnn/core.hpp>

#ifdef CTNN_COMPILE_FAIL_TWIN
using Model = ctnn::Net<ctnn::GRU<1, 4>, ctnn::GRU<4, 2>, ctnn::LastStep>;
#else
using Model = ctnn::Net<ctnn::GRU<1, 4>, ctnn::LastStep, ctnn::GRU<4, 2>>;
#endif

int main() {
  const Model net;
  return net.parameter_count > 0 ? 0 : 1;
}
