// The SIMD kernels compute what the plain scalar loops compute, for sizes that are and are not
// multiples of the SIMD width, one sample or a batch of any size, in float and double.

#include <catch2/catch.hpp>

#include <cmath>
#include <memory>
#include <vector>

#include <ctnn/core.hpp>

#include "support/gradient_check.hpp"

using ctnn::Dense;

namespace {

template <class T, std::size_t In, std::size_t Hidden, std::size_t Out, class Act>
using Net = ctnn::BasicNet<T, Dense<In, Hidden, Act>, Dense<Hidden, Out>, ctnn::MSE>;

template <class NetType>
void check_paths_agree(double tolerance) {
  using T = typename NetType::value_type;
  auto net = std::make_unique<NetType>();
  net->init(17);
  const std::size_t batch = 9;  // two 4-row blocks and one leftover row
  const auto inputs = ctnn::test::random_values<T>(batch * NetType::input_size, 3);
  std::vector<T> outputs(batch * NetType::output_size);
  net->forward(inputs, outputs, batch);
  for (std::size_t r = 0; r < batch; ++r) {
    const std::span<const T, NetType::input_size> x(inputs.data() + r * NetType::input_size,
                                                    NetType::input_size);
    const auto reference = net->forward_scalar(x);
    const auto single = net->forward(x);
    for (std::size_t o = 0; o < NetType::output_size; ++o) {
      CAPTURE(r, o);
      CHECK(single[o] == Approx(reference[o]).epsilon(tolerance).margin(tolerance));
      CHECK(outputs[r * NetType::output_size + o] ==
            Approx(reference[o]).epsilon(tolerance).margin(tolerance));
    }
  }
}

}  // namespace

TEMPLATE_TEST_CASE("SIMD forward equals the scalar reference", "[forward][simd]",
                   (Net<double, 1, 1, 1, ctnn::Tanh>), (Net<double, 7, 13, 16, ctnn::Sigmoid>),
                   (Net<double, 16, 33, 7, ctnn::ReLU>), (Net<double, 100, 17, 1, ctnn::Softplus>),
                   (Net<double, 784, 100, 10, ctnn::Sigmoid>), (Net<float, 1, 7, 1, ctnn::LeakyReLU>),
                   (Net<float, 13, 16, 33, ctnn::Tanh>), (Net<float, 33, 100, 13, ctnn::Sigmoid>),
                   (Net<float, 784, 100, 10, ctnn::Sigmoid>), (Net<float, 7, 64, 65, ctnn::Softplus>)) {
  using T = typename TestType::value_type;
  check_paths_agree<TestType>(std::is_same_v<T, float> ? 1e-5 : 1e-12);
}

TEST_CASE("batch forward splits large batches into chunks without changing results", "[forward]") {
  using Wide = ctnn::Net<Dense<5, 300, ctnn::Tanh>, Dense<300, 3>, ctnn::SoftmaxCE>;
  STATIC_REQUIRE(Wide::chunk_rows < 100);
  Wide net;
  const std::size_t batch = 100;
  const auto values = ctnn::test::uniform_values(batch * 5, -1, 1, 9);
  const std::vector<float> inputs(values.begin(), values.end());
  std::vector<float> outputs(batch * 3);
  net.forward(inputs, outputs, batch);
  // The single-sample path sums each logit's 300 products (each below 1 in magnitude: tanh
  // outputs times weights of at most sqrt(6 / 303)) in another order than the batch kernel, so
  // the two may differ by up to about 2 * 301 * 2^-24 = 3.6e-5 however small the logit is; a
  // chunking mistake (a row shifted or left out) moves a logit by far more.
  for (std::size_t r = 0; r < batch; r += 13) {
    const auto single = net.forward(std::span<const float, 5>(inputs.data() + r * 5, 5));
    for (std::size_t o = 0; o < 3; ++o) {
      CAPTURE(r, o);
      CHECK(outputs[r * 3 + o] == Approx(single[o]).epsilon(1e-6).margin(4e-5));
    }
  }
}
