// Logistic regression (a one-unit perceptron with a sigmoid) on the lectures' 10-point dataset.

#include <array>
#include <cstdio>
#include <vector>

#include <ctnn/ctnn.hpp>

using Perceptron = ctnn::Net<ctnn::Dense<2, 1, ctnn::Sigmoid>, ctnn::BCE>;

int main() {
  const std::vector<float> points{1.0f, 1.0f, 9.4f, 6.4f, 2.5f, 2.1f, 8.0f, 7.7f, 0.5f, 2.2f,
                                  7.9f, 8.4f, 7.0f, 7.0f, 2.8f, 0.8f, 1.2f, 3.0f, 7.8f, 6.1f};
  const std::vector<float> labels{1, 0, 1, 0, 1, 0, 0, 1, 1, 0};

  Perceptron net;
  net.init(3);
  ctnn::Trainer<Perceptron, ctnn::SGD> trainer(net, ctnn::SGD{.lr = 0.1f}, labels.size());
  for (int epoch = 0; epoch <= 2000; ++epoch) {
    const float loss = trainer.step(points, labels);
    if (epoch % 500 == 0) std::printf("epoch %4d  loss %.4f\n", epoch, loss);
  }

  const auto unit = net.layer<0>();
  std::printf("p(class 1) = sigmoid(%.3f x1 + %.3f x2 + %.3f)\n", unit.weight(0, 0),
              unit.weight(1, 0), unit.bias[0]);
  std::size_t correct = 0;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const std::array<float, 2> x{points[2 * i], points[2 * i + 1]};
    const std::size_t predicted = net.classify(x);
    correct += predicted == static_cast<std::size_t>(labels[i]) ? 1 : 0;
    std::printf("(%.1f, %.1f) label %g  p = %.3f\n", x[0], x[1], labels[i], net.predict(x)[0]);
  }
  std::printf("training accuracy %zu/%zu\n", correct, labels.size());
  return correct == labels.size() ? 0 : 1;
}
