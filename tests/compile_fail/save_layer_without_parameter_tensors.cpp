// expect-error: (parameter_tensors_of<Scale<3> ?>.*this layer has parameters but no `parameter_tensors`|this layer has parameters but no `parameter_tensors`.*parameter_tensors_of<Scale<3> ?>)
// expect-error-count: 1
// A layer of the program's own with parameters that does not declare them as tensors: a net
// with it runs, but cannot be saved; the one error names the layer.
#include <array>
#include <cstddef>
#include <vector>

#include <ctnn/core.hpp>
#include <ctnn/io/load_net.hpp>
#include <ctnn/io/save_net.hpp>

template <std::size_t N>
struct Scale {
  static constexpr std::size_t in_size = N, out_size = N, parameter_count = N, weight_count = 0;
#ifdef CTNN_COMPILE_FAIL_TWIN
  static constexpr std::array parameter_tensors{ctnn::ParameterTensor{.name = "weight",
                                                                      .shape = {N}}};
#endif
  template <class T>
  static constexpr void forward_scalar(const T* p, const T* x, T* y) {
    for (std::size_t j = 0; j < N; ++j) y[j] = p[j] * x[j];
  }
  template <class T>
  static void forward(const T* p, const T* x, std::size_t rows, T* y) {
    for (std::size_t r = 0; r < rows; ++r) forward_scalar(p, x + r * N, y + r * N);
  }
  template <class T>
  static void init(T* p, ctnn::InitRandom&) {
    for (std::size_t j = 0; j < N; ++j) p[j] = T(1);
  }
};

int main() {
  const ctnn::Net<ctnn::Dense<2, 3>, Scale<3>> net;
  const std::vector<std::byte> file = ctnn::io::save_safetensors(net);
  return file.empty() ? 1 : 0;
}
