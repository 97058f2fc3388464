// Configure-time check (try_compile in bench/CMakeLists.txt) that a libtorch program compiles
// and links with this compiler: if not, the libtorch comparisons are left out of the benchmarks
// with a message instead of breaking the build.
#include <torch/torch.h>

int main() {
  torch::set_num_threads(1);
  torch::nn::Linear layer(4, 2);
  const torch::Tensor y = layer->forward(torch::ones({1, 4}));
  return y.size(1) == 2 ? 0 : 1;
}
