#ifndef CTNN_DETAIL_TARGET_SPAN_HPP
#define CTNN_DETAIL_TARGET_SPAN_HPP

#include <concepts>
#include <cstddef>
#include <ranges>
#include <span>
#include <string>

#include <ctnn/error.hpp>

namespace ctnn::detail {

//! How many targets one sample has under Loss, for a net of Outputs outputs: one class index, or
//! one number per output.
template <class Loss, std::size_t Outputs>
inline constexpr std::size_t targets_per_sample = Loss::class_targets ? 1 : Outputs;

//! The targets of a batch as the loss reads them: a span of class indices for a loss with
//! class targets (one per sample), else a span of T (batch x Outputs). Throws when the count
//! does not fit the batch.
template <class Loss, class T, std::size_t Outputs, std::ranges::contiguous_range Targets>
auto target_span(const Targets& targets, std::size_t batch) {
  using value = std::remove_cv_t<std::ranges::range_value_t<Targets>>;
  const std::size_t count = std::ranges::size(targets);
  constexpr std::size_t per_sample = targets_per_sample<Loss, Outputs>;
  if (count != batch * per_sample)
    throw error("ctnn::Net: " + std::to_string(count) + " targets for a batch of " +
                std::to_string(batch) + " samples; expected " + std::to_string(batch * per_sample) +
                (Loss::class_targets ? " class indices (one per sample)"
                                     : " numbers (batch x output_size " + std::to_string(Outputs) +
                                           ")"));
  if constexpr (Loss::class_targets) {
    static_assert(std::integral<value>,
                  "ctnn::SoftmaxCE: targets are class indices: pass a contiguous range of an "
                  "integral type, e.g. std::vector<int>");
    return std::span<const value>(std::ranges::data(targets), count);
  } else {
    static_assert(std::same_as<value, T>,
                  "ctnn::Net: the targets of this loss are numbers of the net's scalar type T, "
                  "batch x output_size, row-major (e.g. std::vector<float> for a Net)");
    return std::span<const T>(std::ranges::data(targets), count);
  }
}

}  // namespace ctnn::detail

#endif
