#ifndef CTNN_DETAIL_NET_INPUTS_HPP
#define CTNN_DETAIL_NET_INPUTS_HPP

//! @file net_inputs.hpp
//! What a net accepts as inputs, and the errors when they do not fit.

#include <array>
#include <concepts>
#include <cstddef>
#include <ranges>
#include <span>
#include <string>
#include <type_traits>

#include <ctnn/error.hpp>

namespace ctnn::detail {

//! One sample's inputs: any contiguous, sized range of T (std::array, std::vector, std::span).
template <class Input, class T>
concept net_input = std::ranges::contiguous_range<const Input&> &&
                    std::ranges::sized_range<const Input&> &&
                    std::same_as<std::remove_cv_t<std::ranges::range_value_t<const Input&>>, T>;

//! The size of a range known from its type (std::array, fixed-size span, C array), else
//! std::dynamic_extent.
template <class R>
inline constexpr std::size_t static_extent = std::dynamic_extent;
template <class T, std::size_t N>
inline constexpr std::size_t static_extent<std::array<T, N>> = N;
template <class T, std::size_t N>
inline constexpr std::size_t static_extent<std::span<T, N>> = N;
template <class T, std::size_t N>
inline constexpr std::size_t static_extent<T[N]> = N;

//! Whether an Input may hold InputSize values: its type fixes no size, or that one.
template <std::size_t InputSize, class Input>
inline constexpr bool input_size_can_fit =
    static_extent<std::remove_cvref_t<Input>> == std::dynamic_extent ||
    static_extent<std::remove_cvref_t<Input>> == InputSize;

template <std::size_t Expected, std::size_t Got>
struct input_size_must_match {
  static_assert(Expected == Got,
                "ctnn::Net: the input does not have input_size values; this check names the "
                "net's input_size and the size of the input's type");
};

//! A compile error when the input's type fixes a size other than InputSize, else a ctnn::error
//! (naming `what` and both sizes) when its size differs at run time.
template <std::size_t InputSize, class Input>
constexpr void require_input_size(const Input& x, const char* what) {
  constexpr std::size_t extent = static_extent<std::remove_cvref_t<Input>>;
  if constexpr (extent != std::dynamic_extent) {
    (void)input_size_must_match<InputSize, extent>{};
  } else if (std::ranges::size(x) != InputSize) {
    throw error(std::string("ctnn::Net::") + what + ": the input holds " +
                std::to_string(std::ranges::size(x)) + " values, but the net's input_size is " +
                std::to_string(InputSize));
  }
}

//! Throws ctnn::error (naming `what`) unless `inputs` holds exactly batch x InputSize values and
//! batch > 0.
template <std::size_t InputSize, class T>
void require_batch_inputs(const char* what, std::span<const T> inputs, std::size_t batch) {
  if (batch == 0) throw error(std::string(what) + ": the batch is empty");
  if (inputs.size() != batch * InputSize)
    throw error(std::string(what) + ": the inputs span holds " + std::to_string(inputs.size()) +
                " values, but a batch of " + std::to_string(batch) + " samples of input_size " +
                std::to_string(InputSize) + " needs " + std::to_string(batch * InputSize));
}

//! As require_batch_inputs, and the same for `outputs` (batch x OutputSize values).
template <std::size_t InputSize, std::size_t OutputSize, class T>
void require_batch(const char* what, std::span<const T> inputs, std::span<T> outputs,
                   std::size_t batch) {
  require_batch_inputs<InputSize>(what, inputs, batch);
  if (outputs.size() != batch * OutputSize)
    throw error(std::string(what) + ": the outputs span holds " + std::to_string(outputs.size()) +
                " values, but a batch of " + std::to_string(batch) + " needs " +
                std::to_string(batch * OutputSize) + " (batch x output_size " +
                std::to_string(OutputSize) + ")");
}

}  // namespace ctnn::detail

#endif
