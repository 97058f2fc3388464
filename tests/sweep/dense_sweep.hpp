#ifndef CTNN_TESTS_SWEEP_DENSE_SWEEP_HPP
#define CTNN_TESTS_SWEEP_DENSE_SWEEP_HPP

// The layer Dense<W, W, Tanh> through each of its SIMD paths, against plain loops in double:
// - forward of a batch, and of each of its rows alone (the single-row GEMV path);
// - the weight gradient dW = Xᵀ dA, whole and in two pieces of rows (the pieces a fused update
//   or a thread computes), and the bias gradient db = column sums of dA;
// - the input gradient (dA Wᵀ) ⊙ tanh'(X), through the transposed weights, with X taken as
//   the previous layer's tanh outputs, so tanh'(X) = 1 - X².
// Each value is checked against the bound on the error of a sum of k products in any order,
// (k + 1) u Σ|terms| with u = eps / 2, plus a few ulps of the vectorized tanh: with that
// margin, anything the kernels did wrong (a column skipped, a lane mixed up, a stale register)
// is far outside.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include <ctnn/activations/tanh.hpp>
#include <ctnn/detail/aligned_buffer.hpp>
#include <ctnn/layers/dense.hpp>

#include "support/gradient_check.hpp"
#include "support/reference_sum.hpp"
#include "sweep/widths.hpp"

namespace ctnn::test {

// |got - expected| within k + 8 unit roundoffs of the magnitude (Σ|terms|, at least 1).
template <class T>
void require_close(T got, double expected, double magnitude, std::size_t k) {
  const double u = std::numeric_limits<T>::epsilon() / 2;
  const double bound = static_cast<double>(k + 8) * u * std::max(magnitude, 1.0);
  CAPTURE(got, expected, bound);
  REQUIRE(std::abs(static_cast<double>(got) - expected) <= bound);
}

template <class T, std::size_t W>
void sweep_dense_width() {
  using Layer = ctnn::Dense<W, W, ctnn::Tanh>;
  // Aligned like a net's parameter block, which the single-row GEMV reads as whole registers.
  ctnn::detail::aligned_buffer<T> params(Layer::parameter_count);
  const auto values = random_values<T>(Layer::parameter_count, static_cast<unsigned>(W));
  std::copy(values.begin(), values.end(), params.data());
  const T* weights = params.data();
  const T* bias = params.data() + Layer::weight_count;
  for (const std::size_t batch : sweep_batches) {
    CAPTURE(W, batch, sizeof(T));
    const auto x = random_values<T>(batch * W, static_cast<unsigned>(W * 1000 + batch));
    const auto d_pre = random_values<T>(batch * W, static_cast<unsigned>(W * 1000 + batch + 1));

    std::vector<T> y(batch * W), single(W);
    Layer::forward(params.data(), x.data(), batch, y.data());
    for (std::size_t r = 0; r < batch; ++r) {
      Layer::forward(params.data(), x.data() + r * W, 1, single.data());
      for (std::size_t o = 0; o < W; ++o) {
        ReferenceSum sum;
        sum.add(bias[o]);
        for (std::size_t i = 0; i < W; ++i) sum.add(double(x[r * W + i]) * weights[i * W + o]);
        CAPTURE(r, o);
        require_close(y[r * W + o], std::tanh(sum.value), sum.magnitude, W + 1);
        require_close(single[o], std::tanh(sum.value), sum.magnitude, W + 1);
      }
    }

    const ctnn::LayerActivity<T> activity{x.data(), y.data(), nullptr, batch};
    std::vector<T> gradient(Layer::parameter_count), pieces(Layer::weight_count);
    Layer::gradient_of_rows(activity, d_pre.data(), 0, W, gradient.data());
    Layer::gradient_of_rest(activity, d_pre.data(), gradient.data() + Layer::weight_count);
    const std::size_t split = W / 2;
    Layer::gradient_of_rows(activity, d_pre.data(), 0, split, pieces.data());
    Layer::gradient_of_rows(activity, d_pre.data(), split, W - split, pieces.data() + split * W);
    for (std::size_t i = 0; i < W; ++i) {
      for (std::size_t o = 0; o < W; ++o) {
        ReferenceSum sum;
        for (std::size_t r = 0; r < batch; ++r) sum.add(double(x[r * W + i]) * d_pre[r * W + o]);
        CAPTURE(i, o);
        require_close(gradient[i * W + o], sum.value, sum.magnitude, batch);
        REQUIRE(pieces[i * W + o] == gradient[i * W + o]);  // the same sum, in the same order
      }
    }
    for (std::size_t o = 0; o < W; ++o) {
      ReferenceSum sum;
      for (std::size_t r = 0; r < batch; ++r) sum.add(d_pre[r * W + o]);
      CAPTURE(o);
      require_close(gradient[Layer::weight_count + o], sum.value, sum.magnitude, batch);
    }

    // The backward pass: dX = (dY ⊙ tanh'(A)) Wᵀ with tanh'(A) = 1 - Y², d_pre standing for dY.
    std::vector<T> transposed(Layer::scratch_size), d_out(d_pre), d_in(batch * W);
    Layer::prepare_backward(params.data(), transposed.data());
    Layer::backward(params.data(), transposed.data(), activity, d_out.data(), d_in.data());
    for (std::size_t r = 0; r < batch; ++r) {
      for (std::size_t i = 0; i < W; ++i) {
        ReferenceSum sum;
        double magnitude = 0;  // 1 - Y² is rounded with an error of the order of u (1 + Y²)
        for (std::size_t o = 0; o < W; ++o) {
          const double h = y[r * W + o];
          const double term = double(d_pre[r * W + o]) * weights[i * W + o];
          sum.add(term * (1 - h * h));
          magnitude += std::abs(term) * (1 + h * h);
        }
        CAPTURE(r, i);
        require_close(d_in[r * W + i], sum.value, std::max(sum.magnitude, magnitude), W + 4);
      }
    }
  }
}

template <class T, class Widths>
void sweep_dense(Widths widths) {
  for_each_width(widths, [](auto w) { sweep_dense_width<T, decltype(w)::value>(); });
}

}  // namespace ctnn::test

#endif
