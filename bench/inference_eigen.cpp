// Eigen's single-sample inference on the nets of inference.cpp, linked into bench_inference
// when Eigen is installed. Each layer is a fixed-size Eigen matrix, `out = W · in + b`, then its
// activation as an Eigen array expression: what RTNeural's ModelT computes with its Eigen
// backend, the inference reference of issue 3, which is not a Debian package (Eigen is). These
// are ctnn's benchmark code, written against Eigen's documented API, not RTNeural's source.
// Each Eigen net takes the parameters of the ctnn net it mirrors and must give its outputs
// before anything is timed, so that the reference cannot be fast by computing something else.

// The 784 x 100 weights are a fixed-size member (on the heap with the net); without this Eigen
// refuses fixed-size objects over 128 KB, in case they land on the stack.
#define EIGEN_STACK_ALLOCATION_LIMIT 0
#include <Eigen/Dense>

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "common.hpp"

namespace {

// One ctnn::Dense layer as Eigen matrices. Eigen's default column-major Out x In matrix has
// W(out, in) at [in * Out + out]: the layout of ctnn's input-major weights, so the parameters
// copy as they are.
template <class Layer>
struct EigenDense {
  static constexpr int in_size = static_cast<int>(Layer::in_size);
  static constexpr int out_size = static_cast<int>(Layer::out_size);
  using Activation = typename Layer::activation;

  Eigen::Matrix<float, out_size, in_size> weights;
  Eigen::Matrix<float, out_size, 1> bias;
  Eigen::Matrix<float, out_size, 1> outs;

  void set_parameters(const float* parameters) {
    weights = Eigen::Map<const Eigen::Matrix<float, out_size, in_size>>(parameters);
    bias = Eigen::Map<const Eigen::Matrix<float, out_size, 1>>(parameters + in_size * out_size);
  }

  template <class Input>
  void forward(const Input& ins) {
    outs.noalias() = weights * ins + bias;
    if constexpr (std::is_same_v<Activation, ctnn::Sigmoid>) {
      outs = 1.0f / ((-outs.array()).exp() + 1.0f);
    } else if constexpr (std::is_same_v<Activation, ctnn::Tanh>) {
      outs = outs.array().tanh();
    } else if constexpr (std::is_same_v<Activation, ctnn::ReLU>) {
      outs = outs.array().max(0.0f);
    } else {
      static_assert(std::is_same_v<Activation, ctnn::Identity>,
                    "inference_eigen.cpp: no Eigen expression for this activation");
    }
  }
};

template <class Net, class Indices = std::make_index_sequence<Net::layer_count>>
class EigenNet;

template <class Net, std::size_t... I>
class EigenNet<Net, std::index_sequence<I...>> {
public:
  explicit EigenNet(const Net& net) {
    (std::get<I>(layers_).set_parameters(net.parameters().data() + Net::parameter_offset(I)),
     ...);
  }

  // The outputs for one sample, with a softmax for a classifier (as ctnn's predict).
  const float* forward(const float* input) {
    forward_from<0>(Eigen::Map<const Eigen::Matrix<float, Net::input_size, 1>>(input));
    auto& outs = std::get<Net::layer_count - 1>(layers_).outs;
    if constexpr (Net::loss_type::is_classifier) {
      outs = (outs.array() - outs.maxCoeff()).exp();
      outs /= outs.sum();
    }
    return outs.data();
  }

private:
  template <std::size_t K, class Input>
  void forward_from(const Input& ins) {
    std::get<K>(layers_).forward(ins);
    if constexpr (K + 1 < Net::layer_count) forward_from<K + 1>(std::get<K>(layers_).outs);
  }

  std::tuple<EigenDense<typename Net::template layer_type<I>>...> layers_;
};

// Empty if the Eigen net gives the ctnn net's outputs (to float rounding) for `input`, else
// what differs.
template <class Net>
std::string output_difference(const Net& net, EigenNet<Net>& eigen,
                              const std::vector<float>& input) {
  const std::span<const float, Net::input_size> x(input.data(), Net::input_size);
  const auto expected = Net::loss_type::is_classifier ? net.predict(x) : net.forward(x);
  const float* actual = eigen.forward(input.data());
  for (std::size_t k = 0; k < Net::output_size; ++k) {
    if (!(std::abs(actual[k] - expected[k]) <= 1e-4f * (1 + std::abs(expected[k]))))
      return "the Eigen net's output " + std::to_string(k) + " is " + std::to_string(actual[k]) +
             ", ctnn's " + std::to_string(expected[k]);
  }
  return {};
}

template <class Net>
void eigen_inference(benchmark::State& state) {
  // Random parameters in [-0.5, 0.5), biases included (ctnn's init sets them to 0), so that
  // the check below covers every parameter and the activations work beyond their linear part.
  const auto net = std::make_unique<Net>();
  const auto parameters = bench::random_inputs(Net::parameter_count, 2);
  for (std::size_t k = 0; k < Net::parameter_count; ++k)
    net->parameters()[k] = parameters[k] - 0.5f;
  auto eigen = std::make_unique<EigenNet<Net>>(*net);
  const auto x = bench::random_inputs(Net::input_size, 1);
  if (const auto difference = output_difference<Net>(*net, *eigen, x); !difference.empty()) {
    state.SkipWithError(difference.c_str());
    return;
  }
  bench::time_inference<Net>(state, x, [&] { return eigen->forward(x.data()); });
}

}  // namespace

BENCHMARK(eigen_inference<bench::Small>)->Name("inference/784-100sigmoid-10-softmax/eigen");
BENCHMARK(eigen_inference<bench::TanhNet>)->Name("inference/16-32tanh-32tanh-1/eigen");
BENCHMARK(eigen_inference<bench::ReluNet>)->Name("inference/64-64relu-64relu-64relu-8/eigen");
