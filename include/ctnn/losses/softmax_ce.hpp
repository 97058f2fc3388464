#ifndef CTNN_LOSSES_SOFTMAX_CE_HPP
#define CTNN_LOSSES_SOFTMAX_CE_HPP

#include <algorithm>
#include <array>
#include <type_traits>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <limits>
#include <span>

#include <ctnn/detail/simd.hpp>
#include <ctnn/detail/target_checks.hpp>

namespace ctnn {

//! Softmax + cross-entropy on logits z, as PyTorch's `CrossEntropyLoss()` (mean over the batch).
//! Per sample with class y: log Σ_j e^(z_j) - z_y, computed as M + log Σ_j e^(z_j - M) with
//! M = max z so that any finite logits give a finite loss. Gradient: (softmax(z) - onehot(y)) /
//! batch. Targets: one class index in [0, outputs) per sample, of any integral type.
//! `predict` gives softmax(z); `classify` the argmax.
struct SoftmaxCE {
  static constexpr bool is_loss = true;
  static constexpr bool class_targets = true;  //!< targets are class indices
  static constexpr bool is_classifier = true;
  static constexpr bool fuses_sigmoid = false;

  template <class Last>
  struct check_last_layer {
    static_assert(Last::out_size >= 2,
                  "ctnn::SoftmaxCE: the last layer has 1 output, but a softmax over one class is "
                  "always 1; for two classes use Logistic (one real output) or BCE (a Sigmoid "
                  "output), or give the last layer one output per class");
    static constexpr bool value = Last::out_size >= 2;
  };

  template <std::size_t N, class T, std::integral Label>
  static T evaluate(const T* z, std::span<const Label> labels, std::size_t rows, T* dz) {
    const T inv_rows = T(1) / static_cast<T>(rows);
    T sum = 0;
    alignas(64) std::array<T, padded<N, T>> exps;
    for (std::size_t r = 0; r < rows; ++r) {
      const Label label = labels[r];
      if (label < 0 || static_cast<std::size_t>(label) >= N)
        detail::bad_target("SoftmaxCE", r, static_cast<double>(label),
                           ("a class index in [0, " + std::to_string(N) + ")").c_str());
      const T* row = z + r * N;
      const T max = row[detail::argmax<N>(row)];
      const T total = shifted_exps<N>(row, max, exps.data());
      sum += max + std::log(total) - row[label];
      if (dz != nullptr) {
        const T scale = inv_rows / total;
        for (std::size_t j = 0; j < N; ++j) dz[r * N + j] = exps[j] * scale;
        dz[r * N + static_cast<std::size_t>(label)] -= inv_rows;
      }
    }
    return sum * inv_rows;
  }

  template <std::size_t N, class T>
  static constexpr void predict(T* z) {
    if (std::is_constant_evaluated()) {  // the same, one scalar at a time (in a static_assert)
      const T max = z[detail::argmax<N>(z)];
      T total = 0;
      for (std::size_t j = 0; j < N; ++j) total += z[j] = detail::exp(z[j] - max);
      for (std::size_t j = 0; j < N; ++j) z[j] /= total;
      return;
    }
    alignas(64) std::array<T, padded<N, T>> exps;
    const T total = shifted_exps<N>(z, z[detail::argmax<N>(z)], exps.data());
    using V = detail::simd<T>;
    for (std::size_t j = 0; j < padded<N, T>; j += V::size)
      (V::load_aligned(exps.data() + j) / V(total)).store_aligned(exps.data() + j);
    std::copy_n(exps.data(), N, z);
  }

private:
  // N rounded up to whole SIMD registers.
  template <std::size_t N, class T>
  static constexpr std::size_t padded = (N + detail::simd<T>::size - 1) / detail::simd<T>::size *
                                        detail::simd<T>::size;

  // exps[j] = e^(z[j] - max) for j < N, in SIMD registers (xsimd's exp: see detail/simd.hpp),
  // and 0 in the padding lanes (e^-inf); returns the sum. 784-100-10's softmax took 37 ns with
  // one std::exp a class.
  template <std::size_t N, class T>
  static T shifted_exps(const T* z, T max, T* exps) {
    using V = detail::simd<T>;
    std::copy_n(z, N, exps);
    std::fill(exps + N, exps + padded<N, T>, -std::numeric_limits<T>::infinity());
    V total(T(0));
    for (std::size_t j = 0; j < padded<N, T>; j += V::size) {
      const V e = detail::exp(V::load_aligned(exps + j) - V(max));
      e.store_aligned(exps + j);
      total += e;
    }
    return detail::sum_lanes(total);
  }

public:
  template <std::size_t N, class T>
  static constexpr std::size_t classify(const T* z) {
    return detail::argmax<N>(z);
  }

  //! The class a target names.
  template <std::integral Label>
  static constexpr std::size_t true_class(Label label) {
    return static_cast<std::size_t>(label);
  }
  //! The class that one sample's outputs, as `evaluate` reads them (the logits), predict.
  template <std::size_t N, class T>
  static constexpr std::size_t predicted_class(const T* z) {
    return classify<N>(z);
  }
};

}  // namespace ctnn

#endif
