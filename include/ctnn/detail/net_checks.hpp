#ifndef CTNN_DETAIL_NET_CHECKS_HPP
#define CTNN_DETAIL_NET_CHECKS_HPP

//! @file net_checks.hpp
//! The diagnostics of `Net<Elements...>`. Each check is a struct holding one static_assert, so
//! that the compiler's "in instantiation of ..." line names the problem with its numbers, e.g.
//!   layer_sizes_must_chain<layer_index<2>, expects_input_size<31>, gets_input_size<32>>
//! The checks run in order and stop at the first failure (one error, not forty).

#include <cstddef>
#include <tuple>
#include <utility>

#include <ctnn/concepts/layer.hpp>
#include <ctnn/concepts/loss.hpp>

namespace ctnn::detail {

// Tags that exist to be read in compiler output.
template <std::size_t I>
struct layer_index {};
template <std::size_t I>
struct element_index {};
template <std::size_t N>
struct expects_input_size {};
template <std::size_t N>
struct gets_input_size {};

template <class... Elements>
using last_element = std::tuple_element_t<sizeof...(Elements) - 1, std::tuple<Elements...>>;

template <std::size_t ElementCount>
struct net_needs_a_layer_and_a_loss {
  static_assert(ElementCount >= 2,
                "ctnn::Net: a net needs at least one layer followed by a loss, as in "
                "Net<Dense<2, 1, Sigmoid>, BCE>");
  static constexpr bool value = ElementCount >= 2;
};

template <class Last>
struct net_must_end_with_a_loss {
  static_assert(Loss<Last>,
                "ctnn::Net: the last element of a Net must be a loss (MSE, SoftmaxCE, BCE or "
                "Logistic); see the type named below");
  static constexpr bool value = Loss<Last>;
};

template <class Position, class Element>
struct loss_must_be_last;
template <std::size_t I, class Element>
struct loss_must_be_last<element_index<I>, Element> {
  static_assert(!Loss<Element>,
                "ctnn::Net: a loss may only be the last element of a Net; the element at "
                "element_index<I> below is a loss: move it to the end");
  static constexpr bool value = !Loss<Element>;
};

template <class Position, class Element>
struct element_must_be_a_layer;
template <std::size_t I, class Element>
struct element_must_be_a_layer<element_index<I>, Element> {
  static_assert(Layer<Element>,
                "ctnn::Net: every element but the last must be a layer such as Dense<In, Out, "
                "Act>; the element at element_index<I> below is not");
  static constexpr bool value = Layer<Element>;
};

template <class Position, class Expected, class Got>
struct layer_sizes_must_chain;
template <std::size_t I, std::size_t Expected, std::size_t Got>
struct layer_sizes_must_chain<layer_index<I>, expects_input_size<Expected>, gets_input_size<Got>> {
  static_assert(Expected == Got,
                "ctnn::Net: layer sizes do not chain: the layer at layer_index<I> (0-based) "
                "expects_input_size<Expected> but the layer before it gives it "
                "gets_input_size<Got> outputs; make the two sizes equal");
  static constexpr bool value = Expected == Got;
};

template <class Element, std::size_t I>
consteval bool check_element() {
  if constexpr (!loss_must_be_last<element_index<I>, Element>::value) {
    return false;
  } else {
    return element_must_be_a_layer<element_index<I>, Element>::value;
  }
}

template <class... Elements, std::size_t... I>
consteval bool check_layer_elements(std::index_sequence<I...>) {
  using all = std::tuple<Elements...>;
  return (check_element<std::tuple_element_t<I, all>, I>() && ...);
}

template <class... Elements, std::size_t... I>
consteval bool check_chain(std::index_sequence<I...>) {
  using all = std::tuple<Elements...>;
  return (layer_sizes_must_chain<layer_index<I + 1>,
                                 expects_input_size<std::tuple_element_t<I + 1, all>::in_size>,
                                 gets_input_size<std::tuple_element_t<I, all>::out_size>>::value &&
          ...);
}

//! True when `Net<Elements...>` is well-formed; otherwise false after exactly one of the
//! diagnostics above has fired.
template <class... Elements>
consteval bool is_valid_net() {
  constexpr std::size_t layers = sizeof...(Elements) - 1;
  if constexpr (!net_needs_a_layer_and_a_loss<sizeof...(Elements)>::value) {
    return false;
  } else if constexpr (!check_layer_elements<Elements...>(std::make_index_sequence<layers>{})) {
    return false;
  } else if constexpr (!net_must_end_with_a_loss<last_element<Elements...>>::value) {
    return false;
  } else if constexpr (!check_chain<Elements...>(std::make_index_sequence<layers - 1>{})) {
    return false;
  } else {
    using last_layer = std::tuple_element_t<layers - 1, std::tuple<Elements...>>;
    return last_element<Elements...>::template check_last_layer<last_layer>::value;
  }
}

template <class Position, class Act>
struct layer_must_be_trainable;
template <std::size_t I, class Act>
struct layer_must_be_trainable<layer_index<I>, Act> {
  static_assert(Act::trainable,
                "ctnn::Trainer: the layer at layer_index<I> has an activation that gradient "
                "descent cannot train through (Step's derivative is 0 almost everywhere); train "
                "with Sigmoid instead, or set a Step net's weights by hand");
  static constexpr bool value = Act::trainable;
};

//! True when gradient descent can train every layer of `Net`; otherwise false after a
//! diagnostic naming the first layer that cannot be trained.
template <class Net>
consteval bool check_trainable() {
  return []<std::size_t... I>(std::index_sequence<I...>) {
    return (layer_must_be_trainable<layer_index<I>,
                                    typename Net::template layer_type<I>::activation>::value &&
            ...);
  }(std::make_index_sequence<Net::layer_count>{});
}

}  // namespace ctnn::detail

#endif
