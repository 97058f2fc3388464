#ifndef CTNN_DETAIL_NO_LOSS_HPP
#define CTNN_DETAIL_NO_LOSS_HPP

#include <ctnn/detail/outputs_as_predictions.hpp>

namespace ctnn::detail {

//! The loss_type of an inference-only net (no loss among its elements): `predict` gives the
//! outputs unchanged, `classify` their argmax. Not a `Loss`: it cannot be an element, and a
//! Trainer refuses a net that has it.
struct no_loss : outputs_as_predictions {
  static constexpr bool is_loss = false;
};

}  // namespace ctnn::detail

#endif
