// expect-error: run it one time step at a time with step\(x, state\)
// expect-error-count: 1
// A net with a GRU has no output for one sample on its own: forward says to use step.
#include <array>

#include <ctnn/core.hpp>

int main() {
  const ctnn::Net<ctnn::GRU<1, 4>, ctnn::Dense<4, 1>> net;
  const std::array<float, 1> x{0.5f};
#ifdef CTNN_COMPILE_FAIL_TWIN
  auto state = net.make_state();
  const auto y = net.step(x, state);
#else
  const auto y = net.forward(x);
#endif
  return y[0] > 1 ? 1 : 0;
}
