#ifndef CTNN_DETAIL_NET_CHECKS_HPP
#define CTNN_DETAIL_NET_CHECKS_HPP

//! @file net_checks.hpp
//! The diagnostics of `Net<Elements...>`. Each check is a struct holding one static_assert, so
//! that the compiler's "in instantiation of ..." line names the problem with its numbers, e.g.
//!   layer_sizes_must_chain<element_index<2>, expects_input_size<31>, gets_input_size<32>>
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
#include <ctnn/concepts/sequence_layer.hpp>
#include <ctnn/detail/net_structure.hpp>
#include <ctnn/detail/no_loss.hpp>
#include <ctnn/init.hpp>

namespace ctnn::detail {

// Tags that exist to be read in compiler output.
template <std::size_t I>
struct element_index {};
template <std::size_t N>
struct expects_input_size {};
template <std::size_t N>
struct gets_input_size {};

template <class... Elements>
using last_element = std::tuple_element_t<sizeof...(Elements) - 1, std::tuple<Elements...>>;

//! Whether E may stand in a Net's element list at all: a layer, a standalone activation, an
//! element sized by the one before it, or a loss.
template <class E>
concept net_element = NetLayer<E> || Activation<E> || sized_by_previous<E> || Loss<E>;

template <std::size_t LayerCount>
struct net_needs_a_layer {
  static_assert(LayerCount > 0,
                "ctnn::Net: a net needs at least one layer, as in Net<Dense<4, 2>> (inference "
                "only) or Net<Dense<2, 1, Sigmoid>, BCE> (trainable: a loss closes it)");
  static constexpr bool value = LayerCount > 0;
};

template <class Position, class Element>
struct loss_must_be_last;
template <std::size_t I, class Element>
struct loss_must_be_last<element_index<I>, Element> {
  static_assert(!Loss<Element>,
                "ctnn::Net: a loss may only be the last element of a Net; move the loss this "
                "check names (by its 0-based element index) to the end");
  static constexpr bool value = !Loss<Element>;
};

template <class Position, class Element>
struct element_must_be_a_layer;
template <std::size_t I, class Element>
struct element_must_be_a_layer<element_index<I>, Element> {
  static_assert(net_element<Element>,
                "ctnn::Net: an element of a Net must be a layer (Dense<In, Out>, PReLU<N>, GRU<In, "
                "Hidden>, ...), an activation (ReLU, Sigmoid, ...), Dropout<Percent>, LastStep, "
                "or a loss at the end; the "
                "type this check names (with its 0-based element index) is none of these");
  static constexpr bool value = net_element<Element>;
};

template <class Position, class Element>
struct first_element_must_have_a_size;
template <std::size_t I, class Element>
struct first_element_must_have_a_size<element_index<I>, Element> {
  static_assert(NetLayer<Element>,
                "ctnn::Net: the first element must be a layer with an input size, such as "
                "Dense<4, 8>; an activation, Dropout or LastStep takes its size from the layer "
                "before it");
  static constexpr bool value = NetLayer<Element>;
};

template <class Position, class Expected, class Got>
struct layer_sizes_must_chain;
template <std::size_t I, std::size_t Expected, std::size_t Got>
struct layer_sizes_must_chain<element_index<I>, expects_input_size<Expected>,
                              gets_input_size<Got>> {
  static_assert(Expected == Got,
                "ctnn::Net: layer sizes do not chain: a layer's input size differs from the "
                "output size of the element before it; this check names the layer's 0-based "
                "element index, the input size it expects and the size it gets");
  static constexpr bool value = Expected == Got;
};

// Finding the first problem uses plain constexpr bools and no static_assert, so that its answer
// is a constant whatever is wrong (clang 14 makes a failed check's `value` non-constant, and
// every expression using it an error of its own). Only then is the one failing check above
// instantiated, for its message.
enum class net_problem {
  none,                   // or only that the loss does not fit the last layer: check_last_layer
  no_layer,               // net_needs_a_layer
  loss_not_last,          // loss_must_be_last
  not_an_element,         // element_must_be_a_layer
  layer_failed_itself,    // no check: the element's own static_assert reported it
  first_without_a_size,   // first_element_must_have_a_size
  sizes_do_not_chain,     // layer_sizes_must_chain
};

struct net_diagnosis {
  net_problem problem = net_problem::none;
  std::size_t index = 0;     // the element at fault
  std::size_t expected = 0;  // sizes_do_not_chain: the input size the element expects
  std::size_t got = 0;       // sizes_do_not_chain: the width before it
};

// The first problem among the elements from I on, given the width before element I (0 before
// the first). Recursive, not a fold: a fold would instantiate every element, and with it report
// the problems of elements after the first bad one too.
template <std::size_t I, std::size_t Width, class... Elements>
consteval net_diagnosis find_element_problem() {
  if constexpr (I >= sizeof...(Elements)) {
    return {};
  } else {
    using element = std::tuple_element_t<I, std::tuple<Elements...>>;
    if constexpr (has_invalid_arguments<element>) {
      return {net_problem::layer_failed_itself, I};
    } else if constexpr (Loss<element>) {
      if constexpr (I + 1 < sizeof...(Elements)) return {net_problem::loss_not_last, I};
      return {};
    } else if constexpr (!net_element<element>) {
      return {net_problem::not_an_element, I};
    } else if constexpr (NetLayer<element>) {
      if constexpr (I > 0 && element::in_size != Width)
        return {net_problem::sizes_do_not_chain, I, element::in_size, Width};
      return find_element_problem<I + 1, element::out_size, Elements...>();
    } else if constexpr (I == 0) {
      return {net_problem::first_without_a_size, I};
    } else if constexpr (Activation<element>) {
      return find_element_problem<I + 1, Width, Elements...>();
    } else {
      return find_element_problem<I + 1, element::template layer_for<Width>::out_size,
                                  Elements...>();
    }
  }
}

//! The first problem of `Net<Elements...>` (but whether the loss fits the last layer, which
//! only the loss's `check_last_layer` knows). Never an error itself.
template <class... Elements>
consteval net_diagnosis diagnose_net() {
  if constexpr (sizeof...(Elements) == 0) {
    return {net_problem::no_layer};
  } else if constexpr (sizeof...(Elements) == 1 && Loss<last_element<Elements...>>) {
    return {net_problem::no_layer};
  } else {
    return find_element_problem<0, 0, Elements...>();
  }
}

template <class... Elements>
inline constexpr net_diagnosis net_diagnosis_v = diagnose_net<Elements...>();

template <std::size_t I, class... Elements>
using element_at = std::tuple_element_t<I, std::tuple<Elements...>>;

// The check to instantiate for a problem: one of the structs above, whose `value` is false after
// its static_assert, or for net_problem::none the loss's check of the last layer.
template <net_diagnosis D, class... Elements>
struct first_net_check;
template <net_diagnosis D, class... Elements>
  requires(D.problem == net_problem::none)
struct first_net_check<D, Elements...>
    : structure_of<Elements...>::loss::template check_last_layer<
          typename structure_of<Elements...>::template layer<
              structure_of<Elements...>::layer_count - 1>> {};
template <net_diagnosis D, class... Elements>
  requires(D.problem == net_problem::no_layer)
struct first_net_check<D, Elements...> : net_needs_a_layer<D.index> {};
template <net_diagnosis D, class... Elements>
  requires(D.problem == net_problem::loss_not_last)
struct first_net_check<D, Elements...>
    : loss_must_be_last<element_index<D.index>, element_at<D.index, Elements...>> {};
template <net_diagnosis D, class... Elements>
  requires(D.problem == net_problem::not_an_element)
struct first_net_check<D, Elements...>
    : element_must_be_a_layer<element_index<D.index>, element_at<D.index, Elements...>> {};
template <net_diagnosis D, class... Elements>
  requires(D.problem == net_problem::layer_failed_itself)
struct first_net_check<D, Elements...> {
  static constexpr bool value = false;
};
template <net_diagnosis D, class... Elements>
  requires(D.problem == net_problem::first_without_a_size)
struct first_net_check<D, Elements...>
    : first_element_must_have_a_size<element_index<D.index>, element_at<D.index, Elements...>> {};
template <net_diagnosis D, class... Elements>
  requires(D.problem == net_problem::sizes_do_not_chain)
struct first_net_check<D, Elements...>
    : layer_sizes_must_chain<element_index<D.index>, expects_input_size<D.expected>,
                             gets_input_size<D.got>> {};

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

// A layer without parameters that only has sizes: the stand-in's.
template <std::size_t In, std::size_t Out>
struct stand_in_layer {
  static constexpr std::size_t in_size = In;
  static constexpr std::size_t out_size = Out;
  static constexpr std::size_t parameter_count = 0;
  static constexpr std::size_t weight_count = 0;
  template <class T>
  static constexpr void forward_scalar(const T*, const T*, T*) {}
  template <class T>
  static void forward(const T*, const T*, std::size_t, T*) {}
  template <class T>
  static void init(T*, InitRandom&) {}
};

//! The one-layer net that stands in for an ill-formed `Net<Elements...>` (after its one
//! diagnostic), so that the rest of the program type-checks quietly: the sizes the user declared
//! for the first layer's inputs and the last layer's outputs, where known (1 otherwise), and the
//! first loss among the elements. Never an error itself.
template <class... Elements>
struct stand_in_net {
private:
  template <class Fallback, class... Rest>
  struct first_loss {
    using type = Fallback;
  };
  template <class Fallback, class E, class... Rest>
  struct first_loss<Fallback, E, Rest...>
      : std::conditional_t<Loss<E>, std::type_identity<E>, first_loss<Fallback, Rest...>> {};

  // The input size of the first layer and the output size of the last one, where known.
  static consteval std::array<std::size_t, 2> sizes() {
    std::array<std::size_t, 2> result{1, 1};
    bool first_layer = true;
    const auto visit = [&]<class E>(std::type_identity<E>) {
      if constexpr (NetLayer<E>) {
        if (first_layer && E::in_size > 0) result[0] = E::in_size;
        if (E::out_size > 0) result[1] = E::out_size;
        first_layer = false;
      }
    };
    (visit(std::type_identity<Elements>{}), ...);
    return result;
  }

public:
  using type = net_structure<layer_list<stand_in_layer<sizes()[0], sizes()[1]>>,
                                  std::index_sequence<0>,
                                  typename first_loss<no_loss, Elements...>::type>;
};

// The structure of a valid net, formed only when chosen.
template <class... Elements>
struct lazy_structure {
  using type = structure_of<Elements...>;
};

//! The structure of `Net<Elements...>`, or after its one diagnostic, the stand-in's.
template <class... Elements>
using checked_net_structure =
    typename std::conditional_t<net_keeps_its_elements<Elements...>, lazy_structure<Elements...>,
                                stand_in_net<Elements...>>::type;

template <class Position, class Layer>
struct layer_must_be_trainable;
template <std::size_t I, class L>
struct layer_must_be_trainable<element_index<I>, L> {
  static_assert(TrainableLayer<L>,
                "ctnn::Trainer: gradient descent cannot train through the layer this check "
                "names (by its 0-based element index): Step's derivative is 0 almost everywhere "
                "(train with Sigmoid instead, or set a Step net's weights by hand), and a layer "
                "without the members of TrainableLayer has no backward pass");
  static constexpr bool value = TrainableLayer<L>;
};

template <bool HasLoss>
struct trainer_needs_a_loss {
  static_assert(HasLoss,
                "ctnn::Trainer: the net has no loss, so there is nothing to minimize; end its "
                "elements with one (MSE, SoftmaxCE, BCE or Logistic), as in "
                "Net<Dense<4, 8, ReLU>, Dense<8, 2>, SoftmaxCE>");
  static constexpr bool value = HasLoss;
};

//! True when gradient descent can train every layer of `Net`; otherwise false after a
//! diagnostic naming the first layer that cannot be trained.
template <class Net, std::size_t... I>
consteval bool all_layers_trainable(std::index_sequence<I...>) {
  // In a requires-expression, so that the answer stays a constant after a failed check (clang
  // 14 would otherwise add "static_assert expression is not an integral constant expression").
  return requires {
    requires(layer_must_be_trainable<element_index<Net::element_index(I)>,
                                     typename Net::template layer_type<I>>::value &&
             ...);
  };
}
//! True when a Trainer can train `Net`: it has a loss, and every layer is trainable; otherwise
//! false after one diagnostic.
template <class Net>
consteval bool check_trainable() {
  if constexpr (!requires { requires trainer_needs_a_loss<Net::has_loss>::value; })
    return false;
  else
    return all_layers_trainable<Net>(std::make_index_sequence<Net::layer_count>{});
}

//! Reports the first reason a Trainer cannot train `Net`, if any, by its diagnostic; always
//! true, so that the diagnostic is the only error.
template <class Net>
consteval bool report_if_untrainable() {
  (void)check_trainable<Net>();
  return true;
}

}  // namespace ctnn::detail

#endif
