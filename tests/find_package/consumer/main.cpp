// A program outside the project, built against ctnn as a user gets it (find_package or
// add_subdirectory): the lecture's AND unit g(-30 + 20 x1 + 20 x2), set by hand, and the same
// unit compiled in from a safetensors file by ctnn_embed_weights (and_unit.hpp).
#include <array>
#include <cstddef>
#include <cstdio>

#include <ctnn/ctnn.hpp>

#include "and_unit.hpp"

using And = ctnn::Net<ctnn::Dense<2, 1, ctnn::Sigmoid>, ctnn::BCE>;

// The embedded net is a constant: its parameters are known to the compiler (W[in][out], bias).
static_assert(and_unit.parameters()[0] == 20 && and_unit.parameters()[1] == 20 &&
              and_unit.parameters()[2] == -30);

int main() {
  const And net(std::array<float, And::parameter_count>{20, 20, -30});

  const std::array<std::array<float, 2>, 4> inputs{{{0, 0}, {0, 1}, {1, 0}, {1, 1}}};
  const std::array<std::size_t, 4> expected{0, 0, 0, 1};
  int wrong = 0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const std::size_t got = net.classify(inputs[i]);
    const std::size_t embedded = and_unit.classify(inputs[i]);
    std::printf("AND(%g, %g) = %zu, embedded %zu\n", static_cast<double>(inputs[i][0]),
                static_cast<double>(inputs[i][1]), got, embedded);
    if (got != expected[i] || embedded != expected[i]) ++wrong;
  }
  return wrong;
}
