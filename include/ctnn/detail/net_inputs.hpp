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

//! Throws ctnn::error unless forward_sequence's spans fit: `inputs` batch x steps x input_size
//! values, `outputs` batch x steps x output_size (batch x output_size when `last_step_only`),
//! batch and steps not 0.
inline void require_sequences(std::size_t inputs, std::size_t outputs, std::size_t batch,
                              std::size_t steps, std::size_t input_size, std::size_t output_size,
                              bool last_step_only) {
  // Strings only on the error paths: the check runs on the hot path.
  const auto fail = [](const std::string& why) {
    throw error("ctnn::Net::forward_sequence: " + why);
  };
  if (batch == 0) fail("the batch is empty");
  if (steps == 0) fail("the sequences have no steps");
  const auto shape = [&](std::size_t rows, std::size_t width) {
    return std::to_string(rows * width) + " (" + std::to_string(rows) + " rows of " +
           std::to_string(width) + ")";
  };
  if (inputs != batch * steps * input_size)
    fail("the inputs span holds " + std::to_string(inputs) + " values, but " +
         std::to_string(batch) + " sequences of " + std::to_string(steps) + " steps need " +
         shape(batch * steps, input_size));
  const std::size_t output_rows = last_step_only ? batch : batch * steps;
  if (outputs != output_rows * output_size)
    fail("the outputs span holds " + std::to_string(outputs) + " values, but " +
         std::to_string(batch) + " sequences of " + std::to_string(steps) + " steps give " +
         shape(output_rows, output_size) +
         (last_step_only ? ", the last step's of each (LastStep)" : ""));
}

//! The check behind Net::forward, predict, classify and loss: a net with sequence layers has no
//! output for a sample on its own.
template <bool HasSequenceLayers>
struct runs_per_sample {
  static_assert(!HasSequenceLayers,
                "ctnn::Net: this net has sequence layers (GRU, LSTM, Conv1D), whose outputs "
                "depend on the steps before: run it one time step at a time with "
                "step(x, state) (the state from make_state()), or over whole sequences with "
                "forward_sequence; forward, predict, classify and loss take samples on their "
                "own");
  static constexpr bool value = !HasSequenceLayers;
};

//! Instantiates runs_per_sample (its static_assert is the one error) and is true either way:
//! asked in a requires-expression, the answer stays a constant after a failed check.
template <bool HasSequenceLayers>
consteval bool report_if_sequence_net() {
  (void)requires { requires runs_per_sample<HasSequenceLayers>::value; };
  return true;
}

}  // namespace ctnn::detail

#endif
