#ifndef CTNN_CONCEPTS_NAMED_HPP
#define CTNN_CONCEPTS_NAMED_HPP

//! @file named.hpp
//! What an element of a net is called in the net's description (the architecture that a saved
//! file records and a load checks). Optional for layers and activations.

#include <concepts>
#include <string>

namespace ctnn {

//! An element that gives its name: `static std::string name()`, the element spelled as a C++
//! program writes it, without the namespace and with ", " between template arguments:
//! "Sigmoid", "PReLU<100>", "Dense<784, 100, Sigmoid>" (a default argument left out:
//! "Dense<100, 10>"). Two elements that compute different functions must have different names;
//! the same text from every compiler (no __PRETTY_FUNCTION__).
template <class E>
concept NamedElement = requires {
  { E::name() } -> std::convertible_to<std::string>;
};

//! E's name: `E::name()`, or for an element without one a stand-in that says what the contract
//! tells of it: "unnamed layer<4, 8, 40 parameters>" for a layer (its sizes), "unnamed element"
//! for anything else (an activation). A stand-in tells fewer nets apart: give `name`.
template <class E>
[[nodiscard]] std::string name_of() {
  if constexpr (NamedElement<E>) {
    return E::name();
  } else if constexpr (requires {
                         E::in_size;
                         E::out_size;
                         E::parameter_count;
                       }) {
    return "unnamed layer<" + std::to_string(E::in_size) + ", " + std::to_string(E::out_size) +
           ", " + std::to_string(E::parameter_count) + " parameters>";
  } else {
    return "unnamed element";
  }
}

}  // namespace ctnn

#endif
