#ifndef CTNN_LOSSES_LOGISTIC_HPP
#define CTNN_LOSSES_LOGISTIC_HPP

#include <cstddef>
#include <span>

#include <ctnn/activations/identity.hpp>
#include <ctnn/concepts/layer.hpp>
#include <ctnn/detail/simd.hpp>
#include <ctnn/detail/target_checks.hpp>

namespace ctnn {

//! The logistic loss of one real-valued output f with labels y in {-1, +1}:
//! log(1 + e^(-y f)) = softplus(-y f), mean over the batch; finite for any finite f.
//! Gradient: -y / (1 + e^(y f)) / batch. It equals the K = 2 softmax cross-entropy with logits
//! [0, f] (and PyTorch's `SoftMarginLoss`).
//! `predict` gives P(y = +1) = sigmoid(f); `classify` gives 1 when f > 0 (class +1), else 0.
struct Logistic {
  static constexpr bool is_loss = true;
  static constexpr bool class_targets = false;  //!< targets are class indices
  static constexpr bool is_classifier = true;
  static constexpr bool fuses_sigmoid = false;

  template <class Last>
  struct check_last_layer {
    static_assert(Last::out_size == 1,
                  "ctnn::Logistic: the last layer must have exactly one (real-valued) output; "
                  "for more classes use SoftmaxCE");
    static constexpr bool linear =
        !requires { typename Last::activation; } || LayerWithActivation<Last, Identity>;
    static_assert(linear,
                  "ctnn::Logistic: the last layer's activation must be Identity, since Logistic "
                  "applies the sigmoid itself to a real-valued output; for a Sigmoid output use "
                  "BCE");
    static constexpr bool value = Last::out_size == 1 && linear;
  };

  template <std::size_t N, class T>
  static T evaluate(const T* f, std::span<const T> labels, std::size_t rows, T* df) {
    static_assert(N == 1);
    const T inv_rows = T(1) / static_cast<T>(rows);
    T sum = 0;
    for (std::size_t r = 0; r < rows; ++r) {
      const T y = labels[r];
      if (y != T(1) && y != T(-1)) detail::bad_target("Logistic", r, static_cast<double>(y), "-1 or +1");
      const T margin = y * f[r];
      sum += detail::softplus(-margin);
      if (df != nullptr) df[r] = -y * detail::sigmoid(-margin) * inv_rows;
    }
    return sum * inv_rows;
  }

  template <std::size_t N, class T>
  static constexpr void predict(T* f) {
    f[0] = detail::sigmoid(f[0]);
  }

  template <std::size_t N, class T>
  static constexpr std::size_t classify(const T* f) {
    return f[0] > T(0) ? 1 : 0;
  }

  //! The class a label names: 1 for +1, 0 for -1.
  template <class T>
  static constexpr std::size_t true_class(T label) {
    return label > T(0) ? 1 : 0;
  }
  //! The class that one sample's output f predicts.
  template <std::size_t N, class T>
  static constexpr std::size_t predicted_class(const T* f) {
    return classify<N>(f);
  }
};

}  // namespace ctnn

#endif
