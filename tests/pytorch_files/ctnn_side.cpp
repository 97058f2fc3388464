// The ctnn side of both_ways.py, which compares ctnn with PyTorch through files:
//
//   ctnn_side forward NET MODEL.safetensors INPUTS.safetensors OUT.safetensors
//     loads MODEL (exported from PyTorch by tools/export_pytorch.py) into the ctnn net NET and
//     writes its outputs "y" [n, out] for the inputs "x" [n, in] of INPUTS to OUT;
//   ctnn_side train DIR
//     trains the nets "trained" and "trained_fused" on data of its own and saves each as
//     DIR/NET.safetensors, with inputs "x" and the net's outputs "y" for them in
//     DIR/NET_io.safetensors, for PyTorch to load (tools/import_pytorch.py) and compare.
//
// The PyTorch side of every net is in models.py. Exits with status 1 and the message of any
// error.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <ctnn/core.hpp>
#include <ctnn/optim.hpp>
#include <ctnn/trainer.hpp>
#include <ctnn/io/load_net.hpp>
#include <ctnn/io/save_net.hpp>

namespace {

using namespace ctnn;

// The nets PyTorch exports (models.py), written with fused and with standalone activations.
using Sigmoid13 = Net<Dense<13, 21, Sigmoid>, Dense<21, 5>>;
using Tanh11 = Net<Dense<11, 19>, Tanh, Dense<19, 7>, Tanh, Dense<7, 3>>;
using Relu9 = Net<Dense<9, 30, ReLU>, Dense<30, 17>, ReLU, Dense<17, 4>>;
using Prelu10 = Net<Dense<10, 23>, PReLU<23>, Dense<23, 6>>;
using Gelu12 = BasicNet<double, Dense<12, 25, GELU>, Dense<25, 9>>;

// The nets ctnn trains: written as nn.Sequential is, and with fused activations (saved with
// an activation module after each Dense).
using Trained = Net<Dense<6, 13>, Tanh, Dense<13, 11>, PReLU<11>, Dense<11, 9>, ReLU, Dense<9, 3>,
                    SoftmaxCE>;
using TrainedFused = BasicNet<double, Dense<5, 7, Sigmoid>, Dense<7, 2>, MSE>;

template <class T>
void save_tensors(const std::filesystem::path& path, std::size_t rows, std::size_t in,
                  std::span<const T> x, std::size_t out, std::span<const T> y) {
  std::vector<io::TensorToWrite> tensors{{"y", {rows, out}, y}};
  if (!x.empty()) tensors.push_back({"x", {rows, in}, x});
  io::save_bytes_atomically(path, io::write_safetensors(tensors));
}

template <class Net>
void forward(const std::string& model, const std::string& inputs, const std::string& out) {
  using T = typename Net::value_type;
  const auto net = std::make_unique<Net>();
  io::load_safetensors(*net, model);
  const std::vector<std::byte> bytes = io::load_file_bytes(inputs);
  const io::SafetensorsView view(bytes, inputs);
  const io::TensorInfo& x = view.at("x");
  if (x.shape.size() != 2 || x.shape[1] != Net::input_size) {
    throw error(inputs + ": \"x\" must have shape [n, " + std::to_string(Net::input_size) + "]");
  }
  const std::vector<T> values = view.read_as<T>(x);
  std::vector<T> y(x.shape[0] * Net::output_size);
  net->forward(values, y, x.shape[0]);
  save_tensors<T>(out, x.shape[0], 0, {}, Net::output_size, y);
}

// `rows` inputs of `Net`, uniform in (-2, 2), from `random`.
template <class Net>
std::vector<typename Net::value_type> draw_inputs(InitRandom& random, std::size_t rows) {
  std::vector<typename Net::value_type> x(rows * Net::input_size);
  for (auto& v : x) v = static_cast<typename Net::value_type>(2 * random.symmetric_unit());
  return x;
}

// Trains `net` on `steps` full-batch steps of its data, saves it with `options`, and saves
// fresh inputs with the trained net's outputs.
template <class Net, class Optimizer, class Targets>
void train_and_save(Net& net, Optimizer optimizer, const std::vector<typename Net::value_type>& x,
                    const Targets& targets, int steps, const std::filesystem::path& dir,
                    const std::string& name, const io::NetFileOptions& options,
                    InitRandom& random) {
  using T = typename Net::value_type;
  const std::size_t rows = x.size() / Net::input_size;
  Trainer<Net, Optimizer> trainer(net, optimizer, rows);
  const T first = trainer.step(x, targets);
  T last = first;
  for (int s = 1; s < steps; ++s) last = trainer.step(x, targets);
  std::printf("%s: loss %g after one step, %g after %d\n", name.c_str(), double(first),
              double(last), steps);
  if (!(last < first)) throw error(name + ": training did not lower the loss");
  io::save_safetensors(net, dir / (name + ".safetensors"), options);

  constexpr std::size_t test_rows = 17;
  const std::vector<T> test = draw_inputs<Net>(random, test_rows);
  std::vector<T> y(test_rows * Net::output_size);
  net.forward(test, y, test_rows);
  save_tensors<T>(dir / (name + "_io.safetensors"), test_rows, Net::input_size, test,
                  Net::output_size, y);
}

void train(const std::filesystem::path& dir) {
  InitRandom random(2024);
  constexpr std::size_t rows = 60;

  // Three classes: the largest of three fixed linear functions of the inputs.
  const auto net = std::make_unique<Trained>();
  net->init(17);
  const std::vector<float> x = draw_inputs<Trained>(random, rows);
  std::vector<int> labels(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    const float* v = x.data() + r * Trained::input_size;
    const float scores[3] = {v[0] + v[1] - v[5], v[2] - v[3], v[4] - v[0] + 0.5f * v[1]};
    labels[r] = static_cast<int>(std::max_element(scores, scores + 3) - scores);
  }
  train_and_save(*net, Adam{.lr = 0.01f}, x, labels, 300, dir, "trained", {}, random);

  // A regression: sin and cos of the inputs' sum.
  const auto fused = std::make_unique<TrainedFused>();
  fused->init(18);
  const std::vector<double> u = draw_inputs<TrainedFused>(random, rows);
  std::vector<double> targets;
  for (std::size_t r = 0; r < rows; ++r) {
    double sum = 0;
    for (std::size_t j = 0; j < TrainedFused::input_size; ++j) sum += u[r * 5 + j];
    targets.push_back(std::sin(sum));
    targets.push_back(std::cos(sum));
  }
  train_and_save(*fused, SGD{.lr = 0.5f, .momentum = 0.9f}, u, targets, 300, dir,
                 "trained_fused",
                 {.numbering = io::TensorNumbering::separate_activations}, random);
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  const std::map<std::string, std::function<void(const std::string&, const std::string&,
                                                 const std::string&)>>
      nets{{"sigmoid", forward<Sigmoid13>}, {"sigmoid_bf16", forward<Sigmoid13>},
           {"tanh", forward<Tanh11>},       {"relu", forward<Relu9>},
           {"prelu", forward<Prelu10>},     {"gelu", forward<Gelu12>}};
  try {
    if (args.size() == 5 && args[0] == "forward" && nets.contains(args[1])) {
      nets.at(args[1])(args[2], args[3], args[4]);
    } else if (args.size() == 2 && args[0] == "train") {
      train(args[1]);
    } else {
      std::fprintf(stderr, "usage: ctnn_side forward NET MODEL INPUTS OUT | ctnn_side train DIR\n");
      return 2;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ctnn_side: %s\n", e.what());
    return 1;
  }
  return 0;
}
