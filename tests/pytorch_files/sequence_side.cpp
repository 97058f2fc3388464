// The ctnn side of sequence_layers.py, which compares ctnn's sequence layers with PyTorch:
//
//   sequence_side NET MODEL.safetensors INPUTS.safetensors OUT.safetensors
//   sequence_side gradient NET MODEL.safetensors DATA.safetensors TRUNCATION GRADIENT.safetensors
//
// The first form (outputs):
// loads MODEL (written by tools/export_pytorch.py from sequence_models.py:NET) into the float
// and the double ctnn net NET, and runs both over the sequences "x" [batch, steps, in] of INPUTS
// (any float dtype, converted to the net's type) twice:
// - streamed: `step` one time step at a time, one state for all sequences, reset() before
//   each; then reset() once more and sequence 0 again, which must repeat its first run bit for
//   bit;
// - whole: `forward_sequence` over the batch, which must equal the streamed outputs bit for bit.
// OUT holds "float_step" and "float_sequence" (F32), "double_step" and "double_sequence" (F64),
// each [batch, steps, out], for the script to compare with PyTorch. Safetensors files, read and
// written with ctnn's io, keep the shapes and dtypes with the values.
//
// The second form (gradients, backpropagation through time): loads MODEL into the double net NET
// with an MSE loss, and computes with TrainingWorkspace::sequence_loss_and_gradient the mean
// squared error of its outputs for the sequences "x" [batch, steps, in] of DATA against the
// targets "y" [batch, steps, out] (both converted to double), and its gradient, truncated every
// TRUNCATION steps (0: through the whole sequences). It prints the loss (17 digits) and saves the
// gradient as the parameters of a net of the same type, so that GRADIENT has PyTorch's names
// and shapes ("0.weight_ih_l0" [48, 1], ...) for the script to compare with `param.grad`.
//
// The PyTorch side of every net is in sequence_models.py. Exits with status 1 and the message of
// any error or of a check that fails.

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <exception>
#include <functional>
#include <iomanip>
#include <limits>
#include <map>
#include <memory>
#include <span>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <ctnn/core.hpp>
#include <ctnn/io/load_net.hpp>
#include <ctnn/io/save_net.hpp>
#include <ctnn/training/workspace.hpp>

namespace {

using namespace ctnn;

// The nets of sequence_models.py, for T = float and double, followed by Loss (none, or the loss
// they are trained with).
template <class T, class... Loss>
using Gru = BasicNet<T, GRU<1, 16>, Dense<16, 1>, Loss...>;
template <class T, class... Loss>
using Lstm = BasicNet<T, LSTM<3, 7>, LSTM<7, 5>, Dense<5, 2>, Loss...>;
template <class T, class... Loss>
using Tcn = BasicNet<T, Conv1D<2, 8, 3>, Conv1D<8, 8, 3, 2>, Conv1D<8, 8, 3, 4>, GRU<8, 6>,
                     Dense<6, 3>, Loss...>;

// Throws unless a and b hold the same bits (not merely equal values: -0 and +0 differ).
template <class T>
void require_same_bits(std::span<const T> a, std::span<const T> b, const std::string& what) {
  if (a.size() != b.size()) throw error(what + ": the sizes differ");
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::memcmp(&a[i], &b[i], sizeof(T)) != 0) {
      std::ostringstream message;
      message << std::setprecision(std::numeric_limits<T>::max_digits10) << what << ": element "
              << i << " is " << a[i] << ", not " << b[i];
      throw error(message.str());
    }
  }
}

// Runs the net Net over `x` (batch x steps x input_size) both ways, checks them, and adds the
// outputs to `tensors` as PREFIX_step and PREFIX_sequence, their values kept in `storage`.
template <class Net>
void run(const std::string& model, const std::vector<double>& x_file, std::size_t batch,
         std::size_t steps, const std::string& prefix, std::vector<io::TensorToWrite>& tensors,
         std::vector<std::vector<typename Net::value_type>>& storage) {
  using T = typename Net::value_type;
  constexpr std::size_t in = Net::input_size;
  constexpr std::size_t out = Net::output_size;
  const auto net = std::make_unique<Net>();
  io::load_safetensors(*net, model);
  const std::vector<T> x(x_file.begin(), x_file.end());  // exact: the script draws floats

  const auto stream = [&](std::size_t b, typename Net::state_type& state, T* y) {
    for (std::size_t t = 0; t < steps; ++t) {
      const auto step = net->step(std::span<const T>(x.data() + (b * steps + t) * in, in), state);
      std::copy(step.begin(), step.end(), y + t * out);
    }
  };
  std::vector<T> streamed(batch * steps * out);
  auto state = net->make_state();
  for (std::size_t b = 0; b < batch; ++b) {
    if (b > 0) state.reset();
    stream(b, state, streamed.data() + b * steps * out);
  }
  std::vector<T> again(steps * out);
  state.reset();
  stream(0, state, again.data());
  require_same_bits<T>(again, std::span<const T>(streamed).first(steps * out),
                       prefix + ": sequence 0 streamed again after reset()");

  std::vector<T> whole(batch * steps * out);
  net->forward_sequence(x, steps, whole, batch);
  require_same_bits<T>(whole, streamed, prefix + ": forward_sequence against step");

  storage.push_back(std::move(streamed));
  tensors.push_back({prefix + "_step", {batch, steps, out}, std::span<const T>(storage.back())});
  storage.push_back(std::move(whole));
  tensors.push_back(
      {prefix + "_sequence", {batch, steps, out}, std::span<const T>(storage.back())});
}

template <template <class, class...> class NetOf>
void compare(const std::string& model, const std::string& inputs, const std::string& out) {
  const std::vector<std::byte> bytes = io::load_file_bytes(inputs);
  const io::SafetensorsView view(bytes, inputs);
  const io::TensorInfo& x = view.at("x");
  constexpr std::size_t in = NetOf<float>::input_size;
  if (x.shape.size() != 3 || x.shape[0] == 0 || x.shape[1] == 0 || x.shape[2] != in) {
    throw error(inputs + ": \"x\" must have shape [batch, steps, " + std::to_string(in) + "]");
  }
  const std::vector<double> values = view.read_as<double>(x);
  std::vector<io::TensorToWrite> tensors;
  // Reserved, so that the spans in `tensors` stay valid as the vectors are added.
  std::vector<std::vector<float>> floats;
  std::vector<std::vector<double>> doubles;
  floats.reserve(2);
  doubles.reserve(2);
  run<NetOf<float>>(model, values, x.shape[0], x.shape[1], "float", tensors, floats);
  run<NetOf<double>>(model, values, x.shape[0], x.shape[1], "double", tensors, doubles);
  io::save_bytes_atomically(out, io::write_safetensors(tensors));
}

// The values of the tensor `name` of `view` (a file `file`), which must have shape
// [batch, steps, size] with batch and steps as given (0: any, not 0), converted to double.
std::vector<double> sequences(const io::SafetensorsView& view, const std::string& file,
                              const std::string& name, std::size_t& batch, std::size_t& steps,
                              std::size_t size) {
  const io::TensorInfo& tensor = view.at(name);
  const auto fits = [](std::size_t have, std::size_t want) {
    return have != 0 && (want == 0 || have == want);
  };
  if (tensor.shape.size() != 3 || !fits(tensor.shape[0], batch) ||
      !fits(tensor.shape[1], steps) || tensor.shape[2] != size) {
    throw error(file + ": \"" + name + "\" must have shape [" +
                (batch == 0 ? "batch" : std::to_string(batch)) + ", " +
                (steps == 0 ? "steps" : std::to_string(steps)) + ", " + std::to_string(size) +
                "]");
  }
  batch = tensor.shape[0];
  steps = tensor.shape[1];
  return view.read_as<double>(tensor);
}

template <template <class, class...> class NetOf>
void gradient(const std::string& model, const std::string& data, std::size_t truncation,
              const std::string& out) {
  using Net = NetOf<double, MSE>;
  const std::vector<std::byte> bytes = io::load_file_bytes(data);
  const io::SafetensorsView view(bytes, data);
  std::size_t batch = 0, steps = 0;
  const std::vector<double> x = sequences(view, data, "x", batch, steps, Net::input_size);
  const std::vector<double> y = sequences(view, data, "y", batch, steps, Net::output_size);

  const auto net = std::make_unique<Net>();
  io::load_safetensors(*net, model);
  TrainingWorkspace<Net> workspace(batch, 1, false, steps);
  workspace.set_truncation(truncation);
  std::vector<double> g(Net::parameter_count);
  const double loss = workspace.sequence_loss_and_gradient(*net, std::span<const double>(x), y,
                                                           batch, steps, g.data());
  const auto holder = std::make_unique<Net>();
  std::copy(g.begin(), g.end(), holder->parameters().begin());
  io::save_safetensors(*holder, out);
  std::printf("%.17g\n", loss);
}

// TRUNCATION as a number of steps.
std::size_t steps_of(const std::string& text) {
  std::size_t used = 0;
  unsigned long long value = 0;
  try {
    value = std::stoull(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || text[0] == '-')
    throw error("TRUNCATION must be a number of steps, not \"" + text + "\"");
  return static_cast<std::size_t>(value);
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  const std::map<std::string, std::function<void(const std::string&, const std::string&,
                                                 const std::string&)>>
      nets{{"gru", compare<Gru>}, {"lstm", compare<Lstm>}, {"tcn", compare<Tcn>}};
  const std::map<std::string, std::function<void(const std::string&, const std::string&,
                                                 std::size_t, const std::string&)>>
      gradients{{"gru", gradient<Gru>}, {"lstm", gradient<Lstm>}, {"tcn", gradient<Tcn>}};
  try {
    if (args.size() == 4 && nets.contains(args[0])) {
      nets.at(args[0])(args[1], args[2], args[3]);
    } else if (args.size() == 6 && args[0] == "gradient" && gradients.contains(args[1])) {
      gradients.at(args[1])(args[2], args[3], steps_of(args[4]), args[5]);
    } else {
      std::fprintf(stderr,
                   "usage: sequence_side gru|lstm|tcn MODEL INPUTS OUT\n"
                   "       sequence_side gradient gru|lstm|tcn MODEL DATA TRUNCATION GRADIENT\n");
      return 2;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sequence_side: %s\n", e.what());
    return 1;
  }
  return 0;
}
