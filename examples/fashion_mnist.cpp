// Trains a multilayer perceptron on Fashion-MNIST (the Debian package dataset-fashion-mnist)
// and reports its accuracy on the 10,000 test images.
//
//   ctnn_example_fashion_mnist [--model small|deep] [--epochs N] [--batch N] [--seed N]
//                              [--threads N] [--data DIR] [--out DIR]
//   ctnn_example_fashion_mnist --load FILE [--data DIR]
//
// --out DIR writes the learning curves (history.csv, learning_curves.svg) and the trained
// model (model.safetensors, which PyTorch's nn.Sequential loads too: see tools/).
// --load FILE evaluates a saved model without training; the file says which model it is.
// small: the lectures' network 784-100(Sigmoid)-10 with softmax cross-entropy and SGD.
// deep:  784-256(ReLU)-128(ReLU)-10 with Adam, L2 regularization and early stopping on a
//        validation split of the training images.
// The last line printed is always `test_accuracy=0.XXXX train_seconds=S.SS epochs=N`.

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <type_traits>
#include <variant>

#include <ctnn/ctnn.hpp>

namespace {

using Small = ctnn::Net<ctnn::Dense<784, 100, ctnn::Sigmoid>, ctnn::Dense<100, 10>, ctnn::SoftmaxCE>;
using Deep = ctnn::Net<ctnn::Dense<784, 256, ctnn::ReLU>, ctnn::Dense<256, 128, ctnn::ReLU>,
                       ctnn::Dense<128, 10>, ctnn::SoftmaxCE>;
using Images = ctnn::data::Dataset<float, std::uint8_t>;

struct Options {
  std::string model = "small";
  std::size_t epochs = 0;  // 0: the model's default
  std::size_t batch = 32;
  std::uint64_t seed = 1;
  std::size_t threads = 1;  // worker threads per training step; results depend on the count
  std::filesystem::path data = ctnn::data::default_fashion_mnist_dir;
  std::filesystem::path out;   // empty: write no files
  std::filesystem::path load;  // empty: train
};

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) throw ctnn::error("option " + flag + " needs a value; see the comment at the top of fashion_mnist.cpp");
    const std::string value = argv[++i];
    if (flag == "--model") options.model = value;
    else if (flag == "--epochs") options.epochs = std::stoul(value);
    else if (flag == "--batch") options.batch = std::stoul(value);
    else if (flag == "--seed") options.seed = std::stoull(value);
    else if (flag == "--threads") options.threads = std::stoul(value);
    else if (flag == "--data") options.data = value;
    else if (flag == "--out") options.out = value;
    else if (flag == "--load") options.load = value;
    else throw ctnn::error("unknown option " + flag + " (expected --model, --epochs, --batch, --seed, --threads, --data, --out or --load)");
  }
  if (options.model != "small" && options.model != "deep")
    throw ctnn::error("--model must be small or deep, not " + options.model);
  return options;
}

// Writes the learning curves (CSV and SVG) and the model when --out was given.
template <class Net>
void write_outputs(const Options& options, const ctnn::History& history, const Net& net) {
  if (options.out.empty()) return;
  std::filesystem::create_directories(options.out);
  ctnn::write_history_csv(history, options.out / "history.csv");
  ctnn::write_learning_curves_svg(history, options.out / "learning_curves.svg",
                                  "Fashion-MNIST, " + options.model + " model");
  ctnn::io::save_safetensors(net, options.out / "model.safetensors");
  std::cout << "wrote " << (options.out / "history.csv").string() << ", "
            << (options.out / "learning_curves.svg").string() << " and "
            << (options.out / "model.safetensors").string() << "\n";
}

// The last lines every run prints.
void print_result(const ctnn::Evaluation& result, double seconds, std::size_t epochs) {
  std::printf("test_loss=%.4f\n", result.loss);
  std::printf("test_accuracy=%.4f train_seconds=%.2f epochs=%zu\n", result.accuracy, seconds,
              epochs);
}

// --load: the saved model, whichever of the two it is, evaluated on the test images.
void evaluate_saved(const std::filesystem::path& file, const Images& test) {
  using Either = std::variant<Small, Deep>;
  // new, not make_unique: the variant is built in place on the heap, never on the stack.
  const std::unique_ptr<Either> model(new Either(ctnn::io::load_any<Small, Deep>(file)));
  std::visit([&](const auto& net) {
    using Net = std::decay_t<decltype(net)>;
    std::cout << "loaded the " << (std::is_same_v<Net, Small> ? "small" : "deep") << " model ("
              << ctnn::io::architecture<Net>() << ") from " << file.string() << "\n";
    print_result(ctnn::evaluate(net, test), 0, 0);
  }, *model);
}

template <class Net, class Optimizer>
void train_and_test(const Options& options, Optimizer optimizer, const Images& train,
                    const Images* validation, ctnn::FitOptions fit_options, double l2,
                    const Images& test) {
  auto net = std::make_unique<Net>();  // 300 KB to 1 MB of parameters: keep them off the stack
  net->init(options.seed);
  ctnn::Trainer<Net, Optimizer> trainer(*net, optimizer, options.batch, options.threads);
  if (l2 > 0) trainer.set_l2(l2, train.size());
  fit_options.batch_size = options.batch;
  fit_options.seed = options.seed;
  fit_options.progress_stream = &std::cout;

  const ctnn::History history = validation != nullptr ? ctnn::fit(trainer, train, *validation, fit_options)
                                                      : ctnn::fit(trainer, train, fit_options);
  double seconds = 0;
  for (const auto& epoch : history.epochs) seconds += epoch.seconds;
  write_outputs(options, history, *net);
  print_result(ctnn::evaluate(*net, test), seconds, history.size());
}

}  // namespace

int main(int argc, char** argv) try {
  const Options options = parse(argc, argv);
  if (!std::filesystem::is_directory(options.data))
    throw ctnn::error("no data directory " + options.data.string() +
                      " (install the Debian package dataset-fashion-mnist, or pass --data DIR)");
  const Images test = ctnn::data::load_mnist(options.data, "t10k");
  if (!options.load.empty()) {
    evaluate_saved(options.load, test);
    return EXIT_SUCCESS;
  }
  const Images train = ctnn::data::load_mnist(options.data, "train");
  std::cout << "Fashion-MNIST: " << train.size() << " training and " << test.size()
            << " test images; model " << options.model << "\n";

  if (options.model == "small") {
    ctnn::FitOptions fit_options;
    fit_options.epochs = options.epochs > 0 ? options.epochs : 10;
    train_and_test<Small>(options, ctnn::SGD{.lr = 0.5f}, train, nullptr, fit_options, 0, test);
  } else {
    // Hold out 10% of the training images to decide when to stop.
    const auto parts = ctnn::data::split(train, 0.1, options.seed);
    // The learning rate follows a cosine from 1e-3 down to 0 over the epochs; L2 with lambda = 5
    // over the 54,000 training images (lambda / n ~ 1e-4, PyTorch's weight_decay scale) keeps the
    // validation loss falling longer.
    ctnn::FitOptions fit_options;
    fit_options.epochs = options.epochs > 0 ? options.epochs : 20;
    fit_options.patience = 5;
    fit_options.schedule = ctnn::CosineDecay{.epochs = fit_options.epochs, .min_lr = 0};
    train_and_test<Deep>(options, ctnn::Adam{.lr = 1e-3f}, parts.train, &parts.validation,
                         fit_options, 5.0, test);
  }
  return EXIT_SUCCESS;
} catch (const std::exception& e) {
  std::cerr << "fashion_mnist: " << e.what() << "\n";
  return EXIT_FAILURE;
}
