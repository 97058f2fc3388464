#ifndef CTNN_DETAIL_OUTPUTS_AS_PREDICTIONS_HPP
#define CTNN_DETAIL_OUTPUTS_AS_PREDICTIONS_HPP

//! @file outputs_as_predictions.hpp
//! The inference side shared by MSE and by a net without a loss: the outputs are the prediction.

#include <cstddef>

#include <ctnn/detail/target_checks.hpp>

namespace ctnn::detail {

//! A loss's inference members for outputs that need no transformation: any last layer fits,
//! `predict` leaves the outputs as they are, `classify` is their argmax.
struct outputs_as_predictions {
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
