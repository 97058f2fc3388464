#ifndef CTNN_DETAIL_NET_STRUCTURE_HPP
#define CTNN_DETAIL_NET_STRUCTURE_HPP

//! @file net_structure.hpp
//! How the elements of `Net<Elements...>` become its layers: a layer stays as written; a
//! standalone activation is fused into the layer before it when that layer's own activation is
//! Identity and it offers `with_activation`, else it becomes an `ActivationLayer`; an element
//! sized by the one before it (`Dropout<20>`) gets that width; a loss closes the net.

#include <array>
#include <concepts>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include <ctnn/activations/identity.hpp>
#include <ctnn/concepts/activation.hpp>
#include <ctnn/concepts/layer.hpp>
#include <ctnn/concepts/loss.hpp>
#include <ctnn/concepts/sequence_layer.hpp>
#include <ctnn/detail/no_loss.hpp>
#include <ctnn/layers/activation_layer.hpp>

namespace ctnn::detail {

//! An element whose layer takes its width from the element before it: `E::layer_for<N>`.
template <class E>
concept sized_by_previous = requires { typename E::template layer_for<1>; };

//! Whether layer L takes a standalone activation A that follows it as its own.
template <class L, class A>
concept absorbs_activation = NetLayer<L> && Activation<A> && requires {
  typename L::activation;
  typename L::template with_activation<A>;
} && std::same_as<typename L::activation, Identity>;

template <class... Layers>
struct layer_list {
  static constexpr std::size_t size = sizeof...(Layers);
  template <std::size_t I>
  using at = std::tuple_element_t<I, std::tuple<Layers...>>;
  template <class L>
  using append = layer_list<Layers..., L>;
};

template <class List>
inline constexpr std::size_t last_width = List::template at<List::size - 1>::out_size;

// The layers, the element each came from, and the loss (no_loss for none) of a valid net's
// elements, from element `Index` on.
template <std::size_t Index, class List, class Origins, class... Rest>
struct resolve_elements {
  using layers = List;
  using origins = Origins;
  using loss = no_loss;
};
template <std::size_t Index, class List, std::size_t... K, class E>
  requires Loss<E>
struct resolve_elements<Index, List, std::index_sequence<K...>, E> {
  using layers = List;
  using origins = std::index_sequence<K...>;
  using loss = E;
};
template <std::size_t Index, class List, std::size_t... K, class E, class... Rest>
  requires NetLayer<E>
struct resolve_elements<Index, List, std::index_sequence<K...>, E, Rest...>
    : resolve_elements<Index + 1, typename List::template append<E>,
                       std::index_sequence<K..., Index>, Rest...> {};
template <std::size_t Index, class List, std::size_t... K, class E, class A, class... Rest>
  requires absorbs_activation<E, A>
struct resolve_elements<Index, List, std::index_sequence<K...>, E, A, Rest...>
    : resolve_elements<Index + 2,
                       typename List::template append<typename E::template with_activation<A>>,
                       std::index_sequence<K..., Index>, Rest...> {};
template <std::size_t Index, class List, std::size_t... K, class E, class... Rest>
  requires(Activation<E> && !NetLayer<E>)
struct resolve_elements<Index, List, std::index_sequence<K...>, E, Rest...>
    : resolve_elements<Index + 1,
                       typename List::template append<ActivationLayer<last_width<List>, E>>,
                       std::index_sequence<K..., Index>, Rest...> {};
template <std::size_t Index, class List, std::size_t... K, class E, class... Rest>
  requires(sized_by_previous<E> && !NetLayer<E>)
struct resolve_elements<Index, List, std::index_sequence<K...>, E, Rest...>
    : resolve_elements<Index + 1,
                       typename List::template append<
                           typename E::template layer_for<last_width<List>>>,
                       std::index_sequence<K..., Index>, Rest...> {};

//! What a valid Net<Elements...> is made of: its layers, the element each layer came from, its
//! loss (no_loss for an inference-only net), and where each layer's parameters start.
template <class Layers, class Origins, class Loss>
struct net_structure {
  static constexpr std::size_t layer_count = Layers::size;
  template <std::size_t I>
  using layer = typename Layers::template at<I>;
  using loss = Loss;

  //! element_of[i]: the index among the net's elements of the element layer i came from.
  static constexpr auto element_of = []<std::size_t... K>(std::index_sequence<K...>) {
    return std::array<std::size_t, layer_count>{K...};
  }(Origins{});

  //! offsets[i]: the first parameter of layer i; offsets[layer_count]: the parameter count.
  static constexpr auto offsets = []<std::size_t... I>(std::index_sequence<I...>) {
    const std::array<std::size_t, layer_count> counts{layer<I>::parameter_count...};
    std::array<std::size_t, layer_count + 1> result{};
    for (std::size_t i = 0; i < layer_count; ++i) result[i + 1] = result[i] + counts[i];
    return result;
  }(std::make_index_sequence<layer_count>{});

  //! widths[0]: the input size; widths[i + 1]: the output size of layer i.
  static constexpr auto widths = []<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<std::size_t, layer_count + 1>{layer<0>::in_size, layer<I>::out_size...};
  }(std::make_index_sequence<layer_count>{});
};

//! L as the loss reads its outputs: without its activation (with_activation<Identity>) when
//! `StripActivation`.
template <class L, bool StripActivation>
struct loss_side_layer {
  using type = L;
};
template <class L>
struct loss_side_layer<L, true> {
  using type = typename L::template with_activation<Identity>;
};

template <class... Elements>
using resolved = resolve_elements<0, layer_list<>, std::index_sequence<>, Elements...>;

template <class... Elements>
using structure_of = net_structure<typename resolved<Elements...>::layers,
                                   typename resolved<Elements...>::origins,
                                   typename resolved<Elements...>::loss>;

}  // namespace ctnn::detail

#endif
