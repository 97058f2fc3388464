#ifndef CTNN_DETAIL_NO_LOSS_HPP
#define CTNN_DETAIL_NO_LOSS_HPP

#include <cstddef>

#include <ctnn/detail/target_checks.hpp>

namespace ctnn::detail {

//! The loss_type of an inference-only net (no loss among its elements): `predict` gives the
//! outputs unchanged, `classify` their argmax. Not a `Loss`: it cannot be an element, and a
//! Trainer refuses a net that has it.
struct no_loss {
  static constexpr bool is_loss = false;
  static constexpr bool fuses_sigmoid = false;

  template <class Last>
  struct check_last_layer {
    static constexpr bool value = true;
  };

  template <std::size_t N, class T>
  static constexpr void predict(T*) {}

  template <std::size_t N, class T>
  static constexpr std::size_t classify(const T* out) {
    return argmax<N>(out);
  }
};

}  // namespace ctnn::detail

#endif
