// libtorch on bench_sequence's nets, one thread, torch::NoGradGuard, linked in when libtorch
// builds. Each step is a call of the modules on one time step with the state carried over:
// nn::GRU / nn::LSTM on a [1, 1, In] input with the hidden state of the step before, then
// nn::Linear. For the Conv1d stack, each layer keeps its last (K - 1)·D + 1 inputs as a
// [1, C, (K - 1)·D + 1] tensor, appends the new step (torch::cat of the window's tail and the
// step) and runs its nn::Conv1d on that window, which gives the one new output step: the work
// of ctnn's ring, not a convolution over the whole receptive field of the input.

#include <benchmark/benchmark.h>

#include <torch/torch.h>

#include <cstddef>
#include <memory>
#include <tuple>
#include <type_traits>
#include <utility>

#include "sequence.hpp"

namespace seq = bench::sequence;

namespace {

torch::Tensor tensor(const std::vector<float>& values, torch::IntArrayRef shape) {
  return torch::from_blob(const_cast<float*>(values.data()), shape).clone();
}

void set(torch::nn::Module& module, const char* name, const torch::Tensor& values) {
  const torch::NoGradGuard no_grad;
  module.named_parameters()[name].copy_(values);
}

template <class Act>
void activate(torch::Tensor& a) {
  if constexpr (std::is_same_v<Act, ctnn::Tanh>) {
    a.tanh_();
  } else {
    static_assert(std::is_same_v<Act, ctnn::Identity>, "sequence_torch.cpp: no activation");
  }
}

template <class Layer>
struct TorchLayer;

template <std::size_t In, std::size_t H>
struct TorchLayer<ctnn::GRU<In, H>> {
  torch::nn::GRU gru{torch::nn::GRUOptions(In, H)};
  torch::Tensor h = torch::zeros({1, 1, static_cast<long>(H)});

  explicit TorchLayer(const seq::Tensors& t) {
    set(*gru, "weight_ih_l0", tensor(t.weight_ih, {3 * H, In}));
    set(*gru, "weight_hh_l0", tensor(t.weight_hh, {3 * H, H}));
    set(*gru, "bias_ih_l0", tensor(t.bias_ih, {3 * H}));
    set(*gru, "bias_hh_l0", tensor(t.bias_hh, {3 * H}));
    gru->eval();
  }

  torch::Tensor step(const torch::Tensor& x) {  // x [1, 1, In]
    auto [y, h_n] = gru->forward(x, h);
    h = h_n;
    return y;
  }
};

template <std::size_t In, std::size_t H>
struct TorchLayer<ctnn::LSTM<In, H>> {
  torch::nn::LSTM lstm{torch::nn::LSTMOptions(In, H)};
  std::tuple<torch::Tensor, torch::Tensor> hc{torch::zeros({1, 1, static_cast<long>(H)}),
                                              torch::zeros({1, 1, static_cast<long>(H)})};

  explicit TorchLayer(const seq::Tensors& t) {
    set(*lstm, "weight_ih_l0", tensor(t.weight_ih, {4 * H, In}));
    set(*lstm, "weight_hh_l0", tensor(t.weight_hh, {4 * H, H}));
    set(*lstm, "bias_ih_l0", tensor(t.bias_ih, {4 * H}));
    set(*lstm, "bias_hh_l0", tensor(t.bias_hh, {4 * H}));
    lstm->eval();
  }

  torch::Tensor step(const torch::Tensor& x) {  // x [1, 1, In]
    auto [y, state] = lstm->forward(x, hc);
    hc = state;
    return y;
  }
};

template <std::size_t In, std::size_t Out, std::size_t K, std::size_t D, class Act>
struct TorchLayer<ctnn::Conv1D<In, Out, K, D, Act>> {
  static constexpr long field = (K - 1) * D + 1;
  torch::nn::Conv1d conv{torch::nn::Conv1dOptions(In, Out, K).dilation(D)};
  torch::Tensor past = torch::zeros({1, static_cast<long>(In), field});

  explicit TorchLayer(const seq::Tensors& t) {
    set(*conv, "weight", tensor(t.weight, {Out, In, K}));
    set(*conv, "bias", tensor(t.bias, {Out}));
    conv->eval();
  }

  torch::Tensor step(const torch::Tensor& x) {  // x [1, In, 1]; returns [1, Out, 1]
    past = torch::cat({past.narrow(2, 1, field - 1), x}, 2);
    torch::Tensor y = conv->forward(past);
    activate<Act>(y);
    return y;
  }
};

template <std::size_t In, std::size_t Out, class Act>
struct TorchLayer<ctnn::Dense<In, Out, Act>> {
  torch::nn::Linear linear{In, Out};

  explicit TorchLayer(const seq::Tensors& t) {
    set(*linear, "weight", tensor(t.weight, {Out, In}));
    set(*linear, "bias", tensor(t.bias, {Out}));
    linear->eval();
  }

  // x [.., In] after a GRU or LSTM; [1, In, 1] after a Conv1d, viewed as [1, In].
  torch::Tensor step(const torch::Tensor& x) {
    torch::Tensor y = linear->forward(x.size(-1) == static_cast<long>(In)
                                          ? x : x.view({1, static_cast<long>(In)}));
    activate<Act>(y);
    return y;
  }
};

template <class Net, class Indices = std::make_index_sequence<Net::layer_count>>
struct TorchStream;

template <class Net, std::size_t... I>
struct TorchStream<Net, std::index_sequence<I...>> {
  std::tuple<TorchLayer<typename Net::template layer_type<I>>...> layers{
      TorchLayer<typename Net::template layer_type<I>>(seq::pytorch_tensors<Net, I>())...};
  torch::Tensor input = torch::zeros({1, 1, 1});

  // The new sample written into the input tensor; the output read from the last tensor.
  float operator()(float x) {
    const torch::NoGradGuard no_grad;
    input.data_ptr<float>()[0] = x;
    torch::Tensor values = input;
    ((values = std::get<I>(layers).step(values)), ...);
    return values.data_ptr<float>()[0];
  }
};

template <class Net>
void add_torch() {
  seq::add<Net>("libtorch", [] {
    torch::set_num_threads(1);
    return std::make_unique<TorchStream<Net>>();
  });
}

const bool registered = [] {
  add_torch<seq::Gru>();
  add_torch<seq::Lstm>();
  add_torch<seq::ConvStack>();
  return true;
}();

}  // namespace
