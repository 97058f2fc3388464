// Threads: a Trainer with N threads is deterministic for N and computes the same gradient as one
// thread (up to rounding); the pool reports a failing step's exception on the caller's thread;
// const inference gives the same results from many threads at once.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <memory>
#include <span>
#include <thread>
#include <vector>

#include <ctnn/core.hpp>
#include <ctnn/optim.hpp>
#include <ctnn/trainer.hpp>
#include <ctnn/training/thread_pool.hpp>

#include "support/allocation_counter.hpp"
#include "support/gradient_check.hpp"

using ctnn::Dense;

namespace {

using Mlp = ctnn::Net<Dense<13, 33, ctnn::Sigmoid>, Dense<33, 7, ctnn::Tanh>, Dense<7, 3>,
                      ctnn::SoftmaxCE>;

struct Data {
  std::vector<float> inputs;
  std::vector<int> labels;
};

Data make_data(std::size_t rows, unsigned seed) {
  const auto values = ctnn::test::uniform_values(rows * Mlp::input_size, -1, 1, seed);
  Data data{std::vector<float>(values.begin(), values.end()), std::vector<int>(rows)};
  for (std::size_t r = 0; r < rows; ++r) data.labels[r] = static_cast<int>((r * 7 + seed) % 3);
  return data;
}

// The parameters after `steps` steps of SGD with `threads` threads on batches of `batch`.
std::vector<float> train(std::size_t threads, std::size_t batch, int steps,
                         std::vector<float>* losses = nullptr) {
  auto net = std::make_unique<Mlp>();
  net->init(3);
  ctnn::Trainer<Mlp, ctnn::SGD> trainer(*net, ctnn::SGD{.lr = 0.3f}, batch, threads);
  REQUIRE(trainer.threads() == threads);
  for (int s = 0; s < steps; ++s) {
    const Data data = make_data(batch, static_cast<unsigned>(s));
    const float loss = trainer.step(data.inputs, data.labels);
    if (losses != nullptr) losses->push_back(loss);
  }
  return {net->parameters().begin(), net->parameters().end()};
}

}  // namespace

TEST_CASE("a threaded trainer is deterministic for its thread count", "[threads][trainer]") {
  for (const std::size_t threads : {2, 3}) {
    for (const std::size_t batch : {1, 2, 7, 9, 33, 64}) {
      CAPTURE(threads, batch);
      std::vector<float> losses_a, losses_b;
      const auto a = train(threads, batch, 5, &losses_a);
      const auto b = train(threads, batch, 5, &losses_b);
      REQUIRE(a == b);  // bit for bit
      REQUIRE(losses_a == losses_b);
    }
  }
}

TEST_CASE("threads change a step's result only by rounding", "[threads][trainer]") {
  for (const std::size_t threads : {2, 3, 4}) {
    for (const std::size_t batch : {1, 2, 3, 5, 8, 9, 17, 33, 64}) {
      CAPTURE(threads, batch);
      std::vector<float> losses_one, losses_many;
      const auto one = train(1, batch, 4, &losses_one);
      const auto many = train(threads, batch, 4, &losses_many);
      for (std::size_t k = 0; k < one.size(); ++k) {
        CAPTURE(k);
        REQUIRE(many[k] == Approx(one[k]).epsilon(1e-4).margin(1e-6));
      }
      for (std::size_t s = 0; s < losses_one.size(); ++s)
        REQUIRE(losses_many[s] == Approx(losses_one[s]).epsilon(1e-5));
    }
  }
}

TEST_CASE("a threaded step computes the net's gradient in double precision", "[threads][trainer]") {
  using Wide = ctnn::BasicNet<double, Dense<16, 100, ctnn::ReLU>, Dense<100, 13, ctnn::Tanh>,
                              Dense<13, 4>, ctnn::MSE>;
  auto net = std::make_unique<Wide>();
  net->init(8);
  const std::size_t batch = 37;
  const auto inputs = ctnn::test::uniform_values(batch * Wide::input_size, -1, 1, 1);
  const auto targets = ctnn::test::uniform_values(batch * Wide::output_size, -1, 1, 2);
  std::vector<double> reference(Wide::parameter_count);
  const double reference_loss = ctnn::loss_and_gradient(*net, 
      inputs, targets, batch, std::span<double, Wide::parameter_count>(reference));
  for (const std::size_t threads : {2, 3}) {
    ctnn::Trainer<Wide, ctnn::SGD> trainer(*net, ctnn::SGD{.lr = 0}, batch, threads);
    trainer.set_fused_update(false);  // a fused update keeps no gradient to compare
    const double loss = trainer.step(inputs, targets);
    CHECK(loss == Approx(reference_loss).epsilon(1e-13));
    const auto gradient = trainer.gradient();
    for (std::size_t k = 0; k < reference.size(); ++k) {
      CAPTURE(threads, k);
      REQUIRE(gradient[k] == Approx(reference[k]).epsilon(1e-12).margin(1e-15));
    }
  }
}

TEST_CASE("a failing threaded step throws on the caller's thread and changes nothing",
          "[threads][trainer]") {
  auto net = std::make_unique<Mlp>();
  ctnn::Trainer<Mlp, ctnn::SGD> trainer(*net, ctnn::SGD{.lr = 0.1f}, 32, 2);
  Data data = make_data(32, 1);
  data.labels[30] = 7;  // in the second thread's rows: not a class of 3
  const std::vector<float> before(net->parameters().begin(), net->parameters().end());
  REQUIRE_THROWS_AS(trainer.step(data.inputs, data.labels), ctnn::error);
  CHECK(std::vector<float>(net->parameters().begin(), net->parameters().end()) == before);
  data.labels[30] = 2;  // and the pool still works afterwards
  CHECK(std::isfinite(trainer.step(data.inputs, data.labels)));
  REQUIRE_THROWS_WITH((ctnn::Trainer<Mlp, ctnn::SGD>(*net, {}, 8, 0)),
                      Catch::Contains("threads must be at least 1"));
}

TEST_CASE("the thread pool runs every index once per run and allocates nothing per run",
          "[threads]") {
  ctnn::detail::ThreadPool pool(3);
  REQUIRE(pool.size() == 3);
  std::vector<int> calls(3, 0);
  std::vector<std::size_t> allocations_at_start(3, 0), allocations_at_end(3, 0);
  // Each thread writes only its own index's counters.
  std::vector<std::size_t> allocations_between_runs(3, 0);
  auto task = [&](std::size_t i) {
    const std::size_t now = ctnn::test::allocation_count();  // this thread's count
    if (calls[i] > 0) allocations_between_runs[i] += now - allocations_at_end[i];
    ++calls[i];
    allocations_at_start[i] = now;
    allocations_at_end[i] = ctnn::test::allocation_count();
  };
  pool.run(task);  // the first run may allocate (e.g. a thread's first use of the pool)
  const std::size_t before = ctnn::test::allocation_count();
  for (int k = 0; k < 100; ++k) pool.run(task);
  const std::size_t caller_allocations = ctnn::test::allocation_count() - before;
  CHECK(calls == std::vector<int>{101, 101, 101});
  CHECK(caller_allocations == 0);
  // The workers' loop between tasks allocates nothing.
  CHECK(allocations_between_runs == std::vector<std::size_t>{0, 0, 0});
}

TEST_CASE("const inference is safe from many threads at once", "[threads][inference]") {
  using Small = ctnn::Net<Dense<784, 100, ctnn::Sigmoid>, Dense<100, 10>, ctnn::SoftmaxCE>;
  auto net = std::make_unique<Small>();
  net->init(5);
  const std::size_t batch = 50;
  const auto values = ctnn::test::uniform_values(batch * 784, 0, 1, 4);
  const std::vector<float> inputs(values.begin(), values.end());
  std::vector<int> labels(batch);
  for (std::size_t r = 0; r < batch; ++r) labels[r] = static_cast<int>(r % 10);

  // Sequential results first.
  std::vector<float> expected_batch(batch * 10);
  net->forward(inputs, expected_batch, batch);
  std::vector<Small::output_array> expected_single(batch);
  for (std::size_t r = 0; r < batch; ++r)
    expected_single[r] = net->predict(std::span<const float, 784>(inputs.data() + r * 784, 784));
  const float expected_loss = net->loss(inputs, labels, batch);

  const Small& shared = *net;
  constexpr int thread_count = 6;
  std::vector<int> mismatches(thread_count, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < thread_count; ++t) {
    threads.emplace_back([&, t] {
      std::vector<float> outputs(batch * 10);
      for (int round = 0; round < 20; ++round) {
        shared.forward(inputs, outputs, batch);
        if (outputs != expected_batch) ++mismatches[t];
        for (std::size_t r = static_cast<std::size_t>(t); r < batch; r += thread_count)
          if (shared.predict(std::span<const float, 784>(inputs.data() + r * 784, 784)) !=
              expected_single[r])
            ++mismatches[t];
        if (shared.loss(inputs, labels, batch) != expected_loss) ++mismatches[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(mismatches == std::vector<int>(thread_count, 0));
}

TEST_CASE("a step on feature rows is the step on the same rows copied", "[threads][trainer]") {
  // Trainer::step(feature_rows, targets) gathers the rows itself, on the threads that use
  // them: the results must be bit-identical to a step on the caller's contiguous copy.
  const Data data = make_data(64, 11);
  std::vector<const float*> rows(37);
  std::vector<float> copied;
  std::vector<int> labels;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::size_t row = (r * 29 + 5) % 64;  // scattered, as a shuffled batch is
    rows[r] = data.inputs.data() + row * Mlp::input_size;
    copied.insert(copied.end(), rows[r], rows[r] + Mlp::input_size);
    labels.push_back(data.labels[row]);
  }
  for (const std::size_t threads : {1, 2, 3}) {
    CAPTURE(threads);
    auto by_rows = std::make_unique<Mlp>();
    auto by_copy = std::make_unique<Mlp>();
    by_rows->init(4);
    by_copy->init(4);
    ctnn::Trainer<Mlp, ctnn::SGD> rows_trainer(*by_rows, ctnn::SGD{.lr = 0.3f}, 40, threads);
    ctnn::Trainer<Mlp, ctnn::SGD> copy_trainer(*by_copy, ctnn::SGD{.lr = 0.3f}, 40, threads);
    for (int s = 0; s < 3; ++s) {
      const float a = rows_trainer.step(std::span<const float* const>(rows), labels);
      const float b = copy_trainer.step(copied, labels);
      CHECK(a == b);
    }
    CHECK(std::equal(by_rows->parameters().begin(), by_rows->parameters().end(),
                     by_copy->parameters().begin()));
  }
}

TEST_CASE("a step on feature rows rejects a null row and a mismatch", "[threads][trainer]") {
  const Data data = make_data(4, 1);
  auto net = std::make_unique<Mlp>();
  ctnn::Trainer<Mlp, ctnn::SGD> trainer(*net, ctnn::SGD{.lr = 0.3f}, 4, 2);
  std::vector<const float*> rows{data.inputs.data(), nullptr, data.inputs.data()};
  const std::vector<int> three_labels{0, 1, 2};
  REQUIRE_THROWS_WITH(trainer.step(std::span<const float* const>(rows), three_labels),
                      Catch::Contains("feature row 1 of 3 is a null pointer"));
  rows[1] = data.inputs.data();
  REQUIRE_THROWS_WITH(trainer.step(std::span<const float* const>(rows), std::vector<int>{0, 1}),
                      Catch::Contains("2 targets for a batch of 3 samples"));
  rows.resize(5, data.inputs.data());
  REQUIRE_THROWS_WITH(
      trainer.step(std::span<const float* const>(rows), std::vector<int>{0, 1, 2, 0, 1}),
      Catch::Contains("a batch of 5 samples is larger than the max_batch of 4"));
}
