// expect-error: input_size_must_match<4(UL)?, 3(UL)?>.*ctnn::Net: the input does not have input_size values|ctnn::Net: the input does not have input_size values.*input_size_must_match<4(UL)?, 3(UL)?>
// expect-error-count: 1
// A std::array of 3 values passed to a net of 4 inputs.
#include <array>
#include <ctnn/core.hpp>

using Classifier = ctnn::Net<ctnn::Dense<4, 8, ctnn::ReLU>, ctnn::Dense<8, 3>>;

int main() {
  const Classifier net;
#ifdef CTNN_COMPILE_FAIL_TWIN
  const std::array<float, 4> x{0.5f, 0.25f, 0.125f, 1};
#else
  const std::array<float, 3> x{0.5f, 0.25f, 0.125f};
#endif
  return static_cast<int>(net.classify(x));
}
