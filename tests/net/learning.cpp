// The lectures' small learning problems, trained with ctnn::Trainer and SGD.

#include <catch2/catch.hpp>

#include <memory>
#include <vector>

#include <ctnn/core.hpp>
#include <ctnn/optim.hpp>
#include <ctnn/trainer.hpp>

using ctnn::Dense;

TEST_CASE("a 2-2-1 sigmoid network learns XOR with SGD", "[learning][worked]") {
  using XorNet = ctnn::Net<Dense<2, 2, ctnn::Sigmoid>, Dense<2, 1, ctnn::Sigmoid>, ctnn::BCE>;
  const std::vector<float> inputs{0, 0, 0, 1, 1, 0, 1, 1};
  const std::vector<float> targets{0, 1, 1, 0};
  XorNet net;
  net.init(1);
  ctnn::Trainer<XorNet, ctnn::SGD> trainer(net, ctnn::SGD{.lr = 2.0f}, 4);
  const float first_loss = trainer.step(inputs, targets);
  float loss = first_loss;
  for (int epoch = 0; epoch < 5000; ++epoch) loss = trainer.step(inputs, targets);
  CAPTURE(first_loss, loss);
  CHECK(loss < 0.1f * first_loss);
  for (std::size_t i = 0; i < 4; ++i) {
    const std::array<float, 2> x{inputs[2 * i], inputs[2 * i + 1]};
    CAPTURE(i);
    CHECK(net.classify(x) == static_cast<std::size_t>(targets[i]));
  }
}

TEST_CASE("logistic regression separates the lectures' 10-point dataset", "[learning][worked]") {
  using Logistic = ctnn::Net<Dense<2, 1, ctnn::Sigmoid>, ctnn::BCE>;
  const std::vector<float> inputs{1.0f, 1.0f, 9.4f, 6.4f, 2.5f, 2.1f, 8.0f, 7.7f, 0.5f, 2.2f,
                                  7.9f, 8.4f, 7.0f, 7.0f, 2.8f, 0.8f, 1.2f, 3.0f, 7.8f, 6.1f};
  const std::vector<float> labels{1, 0, 1, 0, 1, 0, 0, 1, 1, 0};
  Logistic net;
  net.init(3);
  ctnn::Trainer<Logistic, ctnn::SGD> trainer(net, ctnn::SGD{.lr = 0.1f}, 10);
  for (int epoch = 0; epoch < 2000; ++epoch) trainer.step(inputs, labels);
  std::size_t correct = 0;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const std::array<float, 2> x{inputs[2 * i], inputs[2 * i + 1]};
    correct += net.classify(x) == static_cast<std::size_t>(labels[i]) ? 1 : 0;
  }
  CHECK(correct == labels.size());  // training accuracy 1.0
}

TEST_CASE("one SGD step moves the parameters by -lr times the gradient of the mean loss",
          "[learning]") {
  using Net = ctnn::BasicNet<double, Dense<3, 4, ctnn::Tanh>, Dense<4, 3>, ctnn::SoftmaxCE>;
  Net net;
  net.init(5);
  const std::vector<double> inputs{0.1, -0.4, 0.9, 1.2, 0.3, -0.7};
  const std::vector<int> labels{2, 0};
  std::array<double, Net::parameter_count> gradient{};
  const double expected_loss = ctnn::loss_and_gradient(net, inputs, labels, 2, gradient);
  const Net before = net;

  ctnn::Trainer<Net, ctnn::SGD> trainer(net, ctnn::SGD{.lr = 0.5f}, 2);
  CHECK(trainer.step(inputs, labels) == Approx(expected_loss).epsilon(1e-12));
  for (std::size_t i = 0; i < Net::parameter_count; ++i) {
    CAPTURE(i);
    CHECK(net.parameters()[i] == Approx(before.parameters()[i] - 0.5 * gradient[i]).epsilon(1e-12));
  }
  CHECK(net.loss(inputs, labels, 2) < expected_loss);
}
