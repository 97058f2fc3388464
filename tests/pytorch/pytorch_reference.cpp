// Five small nets against PyTorch: forward outputs (batched and one sample at a time), predict,
// the mean loss, and the gradient of the mean loss w.r.t. every parameter, compared with what
// torch.nn and autograd computed in float64 (reference.inc, written by reference.py).
// Each net runs in double (tolerance 1e-5) and in float (1e-4), both relative-or-absolute; the
// parameters, inputs and targets are float32 values, so both get exactly the same numbers.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <iomanip>
#include <span>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include <catch2/catch.hpp>

#include <ctnn/core.hpp>
#include <ctnn/training/workspace.hpp>

#include "reference.inc"

namespace {

namespace ref = ctnn::test::pytorch_nets;
using ctnn::Dense;

template <class T>
constexpr double tolerance = std::is_same_v<T, double> ? 1e-5 : 1e-4;

// The one comparison: |ctnn - torch| <= tolerance · max(1, |torch|), i.e. relative for values
// above 1 and absolute below (some gradients are 0 or nearly so). NaN never passes.
void check_close(double ctnn_value, double torch_value, double tol) {
  const double difference = std::abs(ctnn_value - torch_value);
  INFO(std::setprecision(17) << "ctnn " << ctnn_value << ", torch " << torch_value
                             << ", |difference| " << std::setprecision(3) << difference
                             << " > tolerance " << tol << " x max(1, |torch|)");
  CHECK(difference <= tol * std::max(1.0, std::abs(torch_value)));
}

// "parameter 17 (layer 1, W[2][3])": where index `index` of the flat block sits.
template <class Net>
std::string parameter_name(std::size_t index) {
  std::size_t layer = 0;
  while (index >= Net::parameter_offset(layer + 1)) ++layer;
  const std::size_t local = index - Net::parameter_offset(layer);
  const std::size_t in = Net::width(layer);
  const std::size_t out = Net::width(layer + 1);
  std::ostringstream name;
  name << "parameter " << index << " (layer " << layer << ", ";
  if (local < in * out)
    name << "W[" << local / out << "][" << local % out << "])";
  else
    name << "b[" << local - in * out << "])";
  return name.str();
}

// The reference's values in the scalar type under test (class indices stay integers).
template <class T, class U, std::size_t N>
auto converted(const std::array<U, N>& values) {
  using V = std::conditional_t<std::is_integral_v<U>, U, T>;
  std::array<V, N> result{};
  std::transform(values.begin(), values.end(), result.begin(),
                 [](U v) { return static_cast<V>(v); });
  return result;
}

// Runs the net Elements... in T on the reference Ref and compares everything with PyTorch.
template <class T, class Ref, class... Elements>
void check_against_pytorch() {
  using Net = ctnn::BasicNet<T, Elements...>;
  static_assert(!std::is_same_v<T, float> || std::is_same_v<Net, ctnn::Net<Elements...>>);
  constexpr std::size_t batch = Ref::batch;
  constexpr std::size_t in = Net::input_size;
  constexpr std::size_t out = Net::output_size;
  static_assert(Ref::parameters.size() == Net::parameter_count &&
                    Ref::gradient.size() == Net::parameter_count,
                "reference.inc does not match the net type: regenerate it or fix the type");
  static_assert(Ref::inputs.size() == batch * in && Ref::forward.size() == batch * out &&
                Ref::predict.size() == batch * out);
  static_assert(Ref::targets.size() == batch * ctnn::detail::targets_per_sample<typename Net::loss_type, Net::output_size>);
  constexpr double tol = tolerance<T>;
  INFO("net " << Ref::name << ", in " << (std::is_same_v<T, float> ? "float" : "double"));

  const Net net(converted<T>(Ref::parameters));
  const auto inputs = converted<T>(Ref::inputs);
  const auto targets = converted<T>(Ref::targets);
  const std::span<const T> input_span(inputs);

  std::array<T, batch * out> outputs{};
  net.forward(input_span, std::span<T>(outputs), batch);
  for (std::size_t k = 0; k < batch * out; ++k) {
    INFO("batch forward: sample " << k / out << ", output " << k % out);
    check_close(outputs[k], Ref::forward[k], tol);
  }

  for (std::size_t r = 0; r < batch; ++r) {
    const std::span<const T, in> x(inputs.data() + r * in, in);
    const auto y = net.forward(x);
    const auto p = net.predict(x);
    for (std::size_t o = 0; o < out; ++o) {
      INFO("sample " << r << ", output " << o);
      {
        INFO("single-sample forward");
        check_close(y[o], Ref::forward[r * out + o], tol);
      }
      {
        INFO("predict");
        check_close(p[o], Ref::predict[r * out + o], tol);
      }
    }
  }

  {
    INFO("loss");
    check_close(net.loss(input_span, targets, batch), Ref::loss, tol);
  }

  std::array<T, Net::parameter_count> gradient;
  gradient.fill(T(12345));  // an entry left unwritten shows
  const T loss = ctnn::loss_and_gradient(net, input_span, targets, batch,
                                       std::span<T, Net::parameter_count>(gradient));
  {
    INFO("loss_and_gradient: the loss");
    check_close(loss, Ref::loss, tol);
  }
  for (std::size_t i = 0; i < Net::parameter_count; ++i) {
    INFO("loss_and_gradient: the gradient, " << parameter_name<Net>(i));
    check_close(gradient[i], Ref::gradient[i], tol);
  }
}

using ctnn::BCE;
using ctnn::Identity;
using ctnn::LeakyReLU;
using ctnn::Logistic;
using ctnn::MSE;
using ctnn::ReLU;
using ctnn::Sigmoid;
using ctnn::SoftmaxCE;
using ctnn::Softplus;
using ctnn::Tanh;

}  // namespace

TEMPLATE_TEST_CASE("Net A (Sigmoid hidden layer, SoftmaxCE) agrees with PyTorch",
                   "[pytorch][net]", float, double) {
  check_against_pytorch<TestType, ref::net_a, Dense<5, 7, Sigmoid>, Dense<7, 3>, SoftmaxCE>();
}

TEMPLATE_TEST_CASE("Net B (Tanh, ReLU, MSE) agrees with PyTorch", "[pytorch][net]", float,
                   double) {
  check_against_pytorch<TestType, ref::net_b, Dense<4, 6, Tanh>, Dense<6, 5, ReLU>, Dense<5, 2>,
                        MSE>();
}

TEMPLATE_TEST_CASE("Net C (Softplus, Sigmoid output, BCE) agrees with PyTorch", "[pytorch][net]",
                   float, double) {
  check_against_pytorch<TestType, ref::net_c, Dense<3, 4, Softplus>, Dense<4, 1, Sigmoid>, BCE>();
}

TEMPLATE_TEST_CASE("Net D (LeakyReLU, Logistic) agrees with PyTorch", "[pytorch][net]", float,
                   double) {
  check_against_pytorch<TestType, ref::net_d, Dense<3, 5, LeakyReLU>, Dense<5, 1>, Logistic>();
}

TEMPLATE_TEST_CASE("Net E (ReLU, Identity, SoftmaxCE, batch 1) agrees with PyTorch",
                   "[pytorch][net]", float, double) {
  check_against_pytorch<TestType, ref::net_e, Dense<6, 4, ReLU>, Dense<4, 4, Identity>,
                        Dense<4, 3>, SoftmaxCE>();
}
