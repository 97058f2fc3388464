#ifndef CTNN_LAYERS_DROPOUT_HPP
#define CTNN_LAYERS_DROPOUT_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

#include <ctnn/concepts/layer.hpp>
#include <ctnn/detail/elementwise.hpp>
#include <ctnn/init.hpp>

namespace ctnn {

//! Inverted dropout over N values, a fraction Percent / 100 of them dropped while training:
//! during a training step each value is zeroed with probability p = Percent / 100 and otherwise
//! scaled by 1 / (1 - p), so that its expectation is unchanged; inference (`forward`,
//! `forward_scalar`, and so `Net::loss`) is the identity. No parameters. Percent = 0 is the
//! identity in training too.
//!
//! Whether a value is dropped is a hash (splitmix64) of the step's seed, the step's number, the
//! value's batch row and its unit, not a draw from a generator: a step is the same for a seed
//! whatever the number of threads. Training keeps each value's factor (0 or 1 / (1 - p)).
//! In a net, write `Dropout<Percent>`, which takes its width from the element before it.
template <std::size_t N, int Percent>
struct DropoutLayer {
  static_assert(Percent >= 0 && Percent < 100,
                "ctnn::Dropout<Percent>: Percent, the share of values dropped, must lie in "
                "[0, 100)");

  static constexpr std::size_t in_size = N;
  static constexpr std::size_t out_size = N;
  static constexpr std::size_t parameter_count = 0;
  static constexpr std::size_t weight_count = 0;

  //! "Dropout<20>", as the element is written (its width is the previous element's).
  static std::string name() { return "Dropout<" + std::to_string(Percent) + ">"; }

  //! 1 / (1 - p), the factor of a value kept, rounded once.
  template <class T>
  static constexpr T scale = T(100) / T(100 - Percent);

  template <class T>
  static constexpr void forward_scalar(const T*, const T* x, T* y) {
    for (std::size_t j = 0; j < N; ++j) y[j] = x[j];
  }
  template <class T>
  static void forward(const T*, const T* x, std::size_t rows, T* y) {
    std::copy_n(x, rows * N, y);
  }
  template <class T>
  static void init(T*, InitRandom&) {}

  //! splitmix64's output function, a bijection of 64-bit words.
  static constexpr std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
  }
  //! The state that batch row `row` of a training step starts splitmix64 from: a hash of
  //! (seed, step, row).
  static constexpr std::uint64_t stream(TrainingStep step, std::size_t row) {
    return mix(mix(mix(step.seed) ^ step.step) ^ row);
  }
  //! Whether the row whose stream is `row_stream` drops unit `unit`: the unit's value of
  //! splitmix64 (its (unit + 1)-th output from that state) falls below (about) p·2⁶⁴.
  static constexpr bool dropped(std::uint64_t row_stream, std::size_t unit) {
    constexpr std::uint64_t gamma = 0x9e3779b97f4a7c15u;  // splitmix64's increment
    constexpr std::uint64_t threshold =
        std::numeric_limits<std::uint64_t>::max() / 100 * static_cast<std::uint64_t>(Percent);
    return mix(row_stream + gamma * (unit + 1)) < threshold;
  }

  // Training: kept holds each value's factor, 0 or scale; dx = dy·kept.
  static constexpr std::size_t kept_size = N;
  static constexpr std::size_t scratch_size = 0;
  static constexpr std::size_t gradient_rows = 0;
  static constexpr std::size_t gradient_row_size = 0;

  //! y = x·kept, with kept from (step.seed, step.step, batch row step.first_row + r, unit).
  template <class T>
  static void train_forward(const T*, const T* x, std::size_t rows, T* y, T* kept,
                            TrainingStep step) {
    for (std::size_t r = 0; r < rows; ++r) {
      const std::uint64_t row_stream = stream(step, step.first_row + r);
      for (std::size_t j = 0; j < N; ++j)
        kept[r * N + j] = dropped(row_stream, j) ? T(0) : scale<T>;
    }
    multiply(rows * N, x, kept, y);
  }
  template <class T>
  static void backward(const T*, const T*, LayerActivity<T> activity, T* dy, T* dx) {
    if (dx != nullptr) multiply(activity.rows * N, static_cast<const T*>(dy), activity.kept, dx);
  }

private:
  // product[k] = a[k]·b[k] for k < n.
  template <class T>
  static void multiply(std::size_t n, const T* a, const T* b, T* product) {
    detail::elementwise::apply(
        n, [](auto& p, const auto& u, const auto& v) { p = u * v; }, product, a, b);
  }
};

//! Dropout as an element of a net: `Net<Dense<784, 100, ReLU>, Dropout<20>, Dense<100, 10>,
//! SoftmaxCE>` drops 20% of the hidden values in each training step (see DropoutLayer).
template <int Percent>
struct Dropout {
  static_assert(!has_invalid_arguments<Dropout>,
                "ctnn::Dropout<Percent>: Percent, the share of values dropped, must lie in "
                "[0, 100)");
  // For an invalid Percent, after the static_assert above, a quiet stand-in: one error, not two.
  template <std::size_t N>
  using layer_for = DropoutLayer<N, has_invalid_arguments<Dropout> ? 0 : Percent>;
};

template <int Percent>
inline constexpr bool has_invalid_arguments<Dropout<Percent>> = Percent < 0 || Percent >= 100;

}  // namespace ctnn

#endif
