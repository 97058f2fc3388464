#ifndef CTNN_DETAIL_NET_CHECKS_HPP
#define CTNN_DETAIL_NET_CHECKS_HPP

//! @file net_checks.hpp
//! The diagnostics of `Net<Elements...>`. Each check is a struct holding one static_assert, so
//! that the compiler's "in instantiation of ..." line names the problem with its numbers, e.g.
//!   layer_sizes_must_chain<layer_index<2>, expects_input_size<31>, gets_input_size<32>>
//! The checks run in order and stop at the first failure (one error, not forty): plain
//! constexpr bools find the first problem (diagnose_net), then only that check is instantiated
//! (is_valid_net); an invalid net goes on as a quiet stand-in (stand_in_net).

#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

#include <ctnn/concepts/activation.hpp>
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

// Finding the first problem uses plain constexpr bools and no static_assert, so that its answer
// is a constant whatever is wrong (clang 14 makes a failed check's `value` non-constant, and
// every expression using it an error of its own). Only then is the one failing check above
// instantiated, for its message.
enum class net_problem {
  none,                // or only that the loss does not fit the last layer: Loss::check_last_layer
  too_few_elements,    // net_needs_a_layer_and_a_loss
  loss_not_last,       // loss_must_be_last
  not_a_layer,         // element_must_be_a_layer
  layer_failed_itself, // no check: the layer's own static_assert reported it (Dense<0, 4>)
  no_loss_at_the_end,  // net_must_end_with_a_loss
  sizes_do_not_chain,  // layer_sizes_must_chain
};

struct net_diagnosis {
  net_problem problem = net_problem::none;
  std::size_t index = 0;  // the element (loss_not_last, not_a_layer) or layer (sizes) at fault
};

// A zero-sized specialization of a layer template shaped like Dense<In, Out, Act>, told without
// instantiating it. Dense<0, 4> reports itself with its own static_assert; clang 14 then no
// longer counts it as a Layer, and "is not a layer" would be a second, misleading error.
template <class L>
inline constexpr bool zero_sized_layer_template = false;
template <template <std::size_t, std::size_t, Activation> class L, std::size_t In,
          std::size_t Out, Activation Act>
inline constexpr bool zero_sized_layer_template<L<In, Out, Act>> = In == 0 || Out == 0;

// The first element from I on that is a loss or not a layer, all but the last element.
// Recursive, not a fold: a fold would instantiate every element, and with it report the
// problems of elements after the first bad one too.
template <std::size_t I, class... Elements>
consteval net_diagnosis find_misplaced_element() {
  if constexpr (I + 1 >= sizeof...(Elements)) {
    return {};
  } else {
    using element = std::tuple_element_t<I, std::tuple<Elements...>>;
    if constexpr (Loss<element>) {
      return {net_problem::loss_not_last, I};
    } else if constexpr (!Layer<element>) {
      if constexpr (zero_sized_layer_template<element>) {
        return {net_problem::layer_failed_itself, I};
      } else {
        return {net_problem::not_a_layer, I};
      }
    } else {
      return find_misplaced_element<I + 1, Elements...>();
    }
  }
}

// The first layer whose in_size differs from the out_size of the layer before it; all elements
// but the last are layers.
template <class... Elements, std::size_t... I>
consteval net_diagnosis find_broken_link(std::index_sequence<I...>) {
  using all = std::tuple<Elements...>;
  const std::array<bool, sizeof...(I)> chains{
      (std::tuple_element_t<I + 1, all>::in_size == std::tuple_element_t<I, all>::out_size)...};
  for (std::size_t i = 0; i < chains.size(); ++i)
    if (!chains[i]) return {net_problem::sizes_do_not_chain, i + 1};
  return {};
}

//! The first problem of `Net<Elements...>` (but whether the loss fits the last layer, which
//! only the loss's `check_last_layer` knows). Never an error itself.
template <class... Elements>
consteval net_diagnosis diagnose_net() {
  if constexpr (sizeof...(Elements) < 2) {
    return {net_problem::too_few_elements, 0};
  } else if constexpr (constexpr net_diagnosis misplaced = find_misplaced_element<0, Elements...>();
                       misplaced.problem != net_problem::none) {
    return misplaced;
  } else if constexpr (!Loss<last_element<Elements...>>) {
    return {net_problem::no_loss_at_the_end, sizeof...(Elements) - 1};
  } else {
    return find_broken_link<Elements...>(std::make_index_sequence<sizeof...(Elements) - 2>{});
  }
}

template <class... Elements>
inline constexpr net_diagnosis net_diagnosis_v = diagnose_net<Elements...>();

// The check to instantiate for a problem: one of the structs above, whose `value` is false after
// its static_assert, or for net_problem::none the loss's check of the last layer.
template <net_diagnosis D, class... Elements>
struct first_net_check;
template <net_diagnosis D, class... Elements>
  requires(D.problem == net_problem::none)
struct first_net_check<D, Elements...>
    : last_element<Elements...>::template check_last_layer<
          std::tuple_element_t<sizeof...(Elements) - 2, std::tuple<Elements...>>> {};
template <net_diagnosis D, class... Elements>
  requires(D.problem == net_problem::too_few_elements)
struct first_net_check<D, Elements...> : net_needs_a_layer_and_a_loss<sizeof...(Elements)> {};
template <net_diagnosis D, class... Elements>
  requires(D.problem == net_problem::loss_not_last)
struct first_net_check<D, Elements...>
    : loss_must_be_last<element_index<D.index>,
                        std::tuple_element_t<D.index, std::tuple<Elements...>>> {};
template <net_diagnosis D, class... Elements>
  requires(D.problem == net_problem::not_a_layer)
struct first_net_check<D, Elements...>
    : element_must_be_a_layer<element_index<D.index>,
                              std::tuple_element_t<D.index, std::tuple<Elements...>>> {};
template <net_diagnosis D, class... Elements>
  requires(D.problem == net_problem::layer_failed_itself)
struct first_net_check<D, Elements...> {
  static constexpr bool value = false;
};
template <net_diagnosis D, class... Elements>
  requires(D.problem == net_problem::no_loss_at_the_end)
struct first_net_check<D, Elements...> : net_must_end_with_a_loss<last_element<Elements...>> {};
template <net_diagnosis D, class... Elements>
  requires(D.problem == net_problem::sizes_do_not_chain)
struct first_net_check<D, Elements...>
    : layer_sizes_must_chain<
          layer_index<D.index>,
          expects_input_size<std::tuple_element_t<D.index, std::tuple<Elements...>>::in_size>,
          gets_input_size<std::tuple_element_t<D.index - 1, std::tuple<Elements...>>::out_size>> {
};

//! True when `Net<Elements...>` is well-formed; otherwise false after exactly one diagnostic
//! (the first failing check's static_assert). Itself never an error: where a failed check
//! leaves its `value` unusable (clang 14), the requires-expression is simply false.
template <class... Elements>
inline constexpr bool is_valid_net =
    requires { requires first_net_check<net_diagnosis_v<Elements...>, Elements...>::value; };

//! Whether `Net<Elements...>` can be laid out from its own elements: when it is valid, and also
//! when its only problem is a loss that does not fit its last layer (sizes and types are all
//! known then, and the user's code sees the ones it declared). Instantiating this reports the
//! net's first problem.
template <class... Elements>
inline constexpr bool net_keeps_its_elements =
    is_valid_net<Elements...> || net_diagnosis_v<Elements...>.problem == net_problem::none;

//! The shape of the one-layer net that stands in for an ill-formed `Net<Elements...>` (after its
//! one diagnostic), so that the rest of the program type-checks quietly: the sizes the user
//! declared for the first layer's inputs and the last layer's outputs, where known (1
//! otherwise), and the first loss among the elements, else `Fallback`. Never an error itself.
template <class... Elements>
struct stand_in_net {
private:
  static constexpr std::size_t n = sizeof...(Elements);
  template <std::size_t I>
  using element = std::tuple_element_t<I, std::tuple<Elements...>>;

  template <std::size_t I>
  static consteval std::size_t in_size_of() {
    if constexpr (I < n) {
      if constexpr (Layer<element<I>>) return element<I>::in_size > 0 ? element<I>::in_size : 1;
    }
    return 1;
  }
  template <std::size_t I>
  static consteval std::size_t out_size_of() {
    if constexpr (I < n) {
      if constexpr (Layer<element<I>>) return element<I>::out_size > 0 ? element<I>::out_size : 1;
    }
    return 1;
  }
  // The last layer: the element before the loss, or the last element of a net missing its loss
  // (n, which has no size, for a net that is only a loss).
  static consteval std::size_t last_layer_index() {
    if constexpr (n == 0) {
      return 0;
    } else if constexpr (Loss<element<n - 1>>) {
      return n >= 2 ? n - 2 : n;
    } else {
      return n - 1;
    }
  }

  template <class Fallback, class... Rest>
  struct first_loss {
    using type = Fallback;
  };
  template <class Fallback, class E, class... Rest>
  struct first_loss<Fallback, E, Rest...>
      : std::conditional_t<Loss<E>, std::type_identity<E>, first_loss<Fallback, Rest...>> {};

public:
  static constexpr std::size_t input_size = in_size_of<0>();
  static constexpr std::size_t output_size = out_size_of<last_layer_index()>();
  template <class Fallback>
  using loss_or = typename first_loss<Fallback, Elements...>::type;
};

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
template <class Net, std::size_t... I>
consteval bool all_layers_trainable(std::index_sequence<I...>) {
  // In a requires-expression, so that the answer stays a constant after a failed check (clang
  // 14 would otherwise add "static_assert expression is not an integral constant expression").
  return requires {
    requires(layer_must_be_trainable<layer_index<I>,
                                     typename Net::template layer_type<I>::activation>::value &&
             ...);
  };
}
template <class Net>
consteval bool check_trainable() {
  return all_layers_trainable<Net>(std::make_index_sequence<Net::layer_count>{});
}

}  // namespace ctnn::detail

#endif
