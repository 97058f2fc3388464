// Nets with sequence layers: streaming and whole sequences agree to the last bit, LastStep,
// independent streams, reset, the per-step layers after a sequence layer, size errors, no
// allocation in a step, and files with PyTorch's names.

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <ctnn/core.hpp>
#include <ctnn/io/load_net.hpp>
#include <ctnn/io/save_net.hpp>

#include "support/allocation_counter.hpp"

namespace {

using ctnn::Conv1D;
using ctnn::Dense;
using ctnn::GRU;
using ctnn::LastStep;
using ctnn::LSTM;

std::vector<float> wave(std::size_t n, float frequency) {
  std::vector<float> values(n);
  for (std::size_t i = 0; i < n; ++i)
    values[i] = std::sin(frequency * static_cast<float>(i)) + 0.1f * static_cast<float>(i % 7);
  return values;
}

// forward_sequence over `batch` sequences equals `steps` calls of step on a new state for each.
template <class Net>
void check_whole_equals_streamed(std::size_t batch, std::size_t steps) {
  auto net = std::make_unique<Net>();
  net->init(11);
  const auto inputs = wave(batch * steps * Net::input_size, 0.37f);
  std::vector<float> whole(batch * steps * Net::output_size);
  net->forward_sequence(inputs, steps, whole, batch);
  std::size_t mismatches = 0;
  for (std::size_t b = 0; b < batch; ++b) {
    auto state = net->make_state();
    for (std::size_t t = 0; t < steps; ++t) {
      const float* x = inputs.data() + (b * steps + t) * Net::input_size;
      const auto y = net->step(std::span<const float, Net::input_size>(x, Net::input_size), state);
      const float* w = whole.data() + (b * steps + t) * Net::output_size;
      mismatches += std::memcmp(y.data(), w, sizeof(y)) != 0;
    }
  }
  CHECK(mismatches == 0);
}

}  // namespace

TEST_CASE("whole sequences equal their steps, to the last bit", "[sequence]") {
  check_whole_equals_streamed<ctnn::Net<GRU<1, 16>, Dense<16, 1>>>(3, 37);
  check_whole_equals_streamed<ctnn::Net<LSTM<3, 7>, LSTM<7, 5>, Dense<5, 2>>>(2, 41);
  check_whole_equals_streamed<ctnn::Net<Conv1D<2, 8, 3>, Conv1D<8, 8, 3, 2>, Conv1D<8, 8, 3, 4>,
                                        GRU<8, 6>, Dense<6, 3>>>(2, 53);
}

TEST_CASE("Dense and activations after a sequence layer apply to each step", "[sequence]") {
  ctnn::Net<GRU<2, 5>, ctnn::Tanh, Dense<5, 3>> net;
  ctnn::Net<GRU<2, 5>> recurrent;
  ctnn::Net<Dense<5, 3>> dense;
  net.init(4);
  const auto p = net.parameters();
  std::copy_n(p.begin(), recurrent.parameter_count, recurrent.parameters().begin());
  std::copy_n(p.begin() + recurrent.parameter_count, dense.parameter_count,
              dense.parameters().begin());
  auto state = net.make_state();
  auto recurrent_state = recurrent.make_state();
  for (int t = 0; t < 10; ++t) {
    const std::array x{std::sin(0.5f * t), std::cos(0.3f * t)};
    auto h = recurrent.step(x, recurrent_state);
    for (float& v : h) v = std::tanh(v);
    const auto want = dense.forward(h);
    const auto got = net.step(x, state);
    for (std::size_t o = 0; o < 3; ++o) CHECK(got[o] == Approx(want[o]).epsilon(1e-6));
  }
}

TEST_CASE("LastStep: one output per sequence, its last step's", "[sequence]") {
  using Classifier = ctnn::Net<LSTM<3, 6>, LastStep, Dense<6, 4>, ctnn::SoftmaxCE>;
  STATIC_REQUIRE(Classifier::has_last_step);
  Classifier net;
  net.init(5);
  constexpr std::size_t batch = 3;
  constexpr std::size_t steps = 9;
  const auto inputs = wave(batch * steps * 3, 0.71f);
  std::vector<float> outputs(batch * 4);
  net.forward_sequence(inputs, steps, outputs, batch);
  for (std::size_t b = 0; b < batch; ++b) {
    auto state = net.make_state();
    std::array<float, 4> last{};
    for (std::size_t t = 0; t < steps; ++t)
      last = net.step(std::span<const float, 3>(inputs.data() + (b * steps + t) * 3, 3), state);
    for (std::size_t o = 0; o < 4; ++o) CHECK(outputs[b * 4 + o] == last[o]);
  }
  // Steps 0 .. 7 of sequence 0 alone give another output: the last step is the one kept.
  std::vector<float> shorter(4);
  net.forward_sequence(std::span<const float>(inputs.data(), (steps - 1) * 3), steps - 1,
                       shorter);
  CHECK(shorter != std::vector<float>(outputs.begin(), outputs.begin() + 4));
}

TEST_CASE("streams are independent; reset starts one again", "[sequence]") {
  ctnn::Net<GRU<1, 8>, Conv1D<8, 4, 3, 2>, Dense<4, 1>> net;
  net.init(6);
  auto a = net.make_state();
  auto b = net.make_state();
  std::vector<float> first;
  for (int t = 0; t < 30; ++t) {
    first.push_back(net.step(std::array{std::sin(0.2f * t)}, a)[0]);
    (void)net.step(std::array{5.0f}, b);  // another stream in between changes nothing in a
  }
  a.reset();
  for (int t = 0; t < 30; ++t) CHECK(net.step(std::array{std::sin(0.2f * t)}, a)[0] == first[t]);
}

TEST_CASE("forward_sequence names the sizes it expected", "[sequence]") {
  ctnn::Net<GRU<2, 4>, Dense<4, 1>> net;
  std::vector<float> inputs(2 * 5 * 2);
  std::vector<float> outputs(2 * 5);
  CHECK_NOTHROW(net.forward_sequence(inputs, 5, outputs, 2));
  CHECK_THROWS_WITH(net.forward_sequence(inputs, 4, outputs, 2),
                    "ctnn::Net::forward_sequence: the inputs span holds 20 values, but 2 "
                    "sequences of 4 steps need 16 (8 rows of 2)");
  CHECK_THROWS_WITH(net.forward_sequence(inputs, 5, std::span<float>(outputs).first(9), 2),
                    "ctnn::Net::forward_sequence: the outputs span holds 9 values, but 2 "
                    "sequences of 5 steps give 10 (10 rows of 1)");
  CHECK_THROWS_WITH(net.forward_sequence({}, 0, {}, 1),
                    "ctnn::Net::forward_sequence: the sequences have no steps");
  ctnn::Net<GRU<2, 4>, LastStep, Dense<4, 1>> classifier;
  CHECK_THROWS_WITH(classifier.forward_sequence(inputs, 5, outputs, 2),
                    Catch::Contains("give 2 (2 rows of 1), the last step's of each (LastStep)"));
  const std::vector<float> wrong(3);
  auto state = net.make_state();
  CHECK_THROWS_WITH(net.step(wrong, state), Catch::Contains("step"));
}

TEST_CASE("a step allocates nothing", "[sequence][allocation]") {
  using Effect = ctnn::Net<Conv1D<1, 8, 3, 1, ctnn::Tanh>, Conv1D<8, 8, 3, 64, ctnn::Tanh>,
                           GRU<8, 16>, LSTM<16, 12>, Dense<12, 1>>;
  auto net = std::make_unique<Effect>();
  auto state = net->make_state();
  std::vector<float> inputs(64), outputs(64);
  const std::size_t before = ctnn::test::process_allocation_count();
  float sum = 0;
  for (int t = 0; t < 256; ++t) sum += net->step(std::array{std::sin(0.1f * t)}, state)[0];
  net->forward_sequence(inputs, 64, outputs);
  state.reset();
  const std::size_t allocations = ctnn::test::process_allocation_count() - before;
  CHECK(allocations == 0);
  CHECK(std::isfinite(sum));
}

TEST_CASE("sequence nets in files: PyTorch's names, and back unchanged", "[sequence][io]") {
  using Model = ctnn::Net<Conv1D<2, 4, 3, 2>, GRU<4, 5>, LSTM<5, 3>, Dense<3, 1>>;
  Model saved;
  saved.init(8);
  const auto bytes = ctnn::io::save_safetensors(saved);
  const std::string header(reinterpret_cast<const char*>(bytes.data()) + 8,
                           std::min<std::size_t>(bytes.size() - 8, 4096));
  // nn.Conv1d(2, 4, 3).weight is [4, 2, 3]; nn.GRU(4, 5).weight_ih_l0 [15, 4], weight_hh_l0
  // [15, 5]; nn.LSTM(5, 3).weight_ih_l0 [12, 5], bias_hh_l0 [12].
  CHECK_THAT(header, Catch::Contains(R"("0.weight":{"dtype":"F32","shape":[4,2,3])"));
  CHECK_THAT(header, Catch::Contains(R"("1.weight_ih_l0":{"dtype":"F32","shape":[15,4])"));
  CHECK_THAT(header, Catch::Contains(R"("1.weight_hh_l0":{"dtype":"F32","shape":[15,5])"));
  CHECK_THAT(header, Catch::Contains(R"("2.weight_ih_l0":{"dtype":"F32","shape":[12,5])"));
  CHECK_THAT(header, Catch::Contains(R"("2.bias_hh_l0":{"dtype":"F32","shape":[12])"));
  CHECK_THAT(header, Catch::Contains("Conv1D<2, 4, 3, 2>, GRU<4, 5>, LSTM<5, 3>, Dense<3, 1>"));
  Model loaded;
  ctnn::io::load_safetensors(loaded, bytes);
  CHECK(std::equal(saved.parameters().begin(), saved.parameters().end(),
                   loaded.parameters().begin()));
}
