#ifndef CTNN_DETAIL_ELEMENTWISE_HPP
#define CTNN_DETAIL_ELEMENTWISE_HPP

#include <cstddef>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include <ctnn/detail/simd.hpp>
#include <ctnn/error.hpp>

//! The loop shared by the optimizers' updates.
namespace ctnn::detail::elementwise {

//! Runs the element-wise update `f` once over `n` positions of several equally long arrays:
//! `f(a[i], b[i], ...)` for every `i < n`, in one pass.
//!
//! Full SIMD batches (`xsimd::batch<T, Arch>`) go first, then a scalar tail, so nothing is read
//! or written past `n`. `f` must be generic over the value type: write it once with `auto&`
//! parameters, `T` constants, and detail/simd.hpp's `sqrt` and `max`. It gets lvalues it may
//! modify for the arrays given as `T*`, and reads the ones given as `const T*`; modified batches
//! are stored back, `const` arrays are never written. Pointers need no particular alignment. It
//! allocates nothing.
template <class Arch = xsimd::default_arch, class F, class First, class... Rest>
void apply(std::size_t n, F&& f, First* first, Rest*... rest) {
  using T = std::remove_const_t<First>;
  static_assert((std::is_same_v<std::remove_const_t<Rest>, T> && ...),
                "ctnn::detail::elementwise::apply: all arrays must hold the same scalar type");
  using batch = xsimd::batch<T, Arch>;
  constexpr std::size_t width = batch::size;

  const std::size_t simd_end = n - n % width;
  std::size_t i = 0;
  for (; i < simd_end; i += width) {
    [&]<class... Ptrs>(Ptrs*... ptrs) {
      std::tuple lanes{batch::load_unaligned(ptrs + i)...};
      std::apply(f, lanes);
      [&]<std::size_t... K>(std::index_sequence<K...>) {
        const auto store = [&]<class P>(P* ptr, const batch& value) {
          if constexpr (!std::is_const_v<P>) value.store_unaligned(ptr + i);
        };
        (store(ptrs, std::get<K>(lanes)), ...);
      }(std::index_sequence_for<Ptrs...>{});
    }(first, rest...);
  }
  for (; i < n; ++i) f(first[i], rest[i]...);
}

//! Throws ctnn::error unless a step's spans and state fit. One check per step, not per value:
//! a state made before an option was switched on (momentum, amsgrad, centered) must fail
//! loudly, never write out of bounds.
inline void require_step_fits(bool fits, const char* optimizer_name, const char* what) {
  if (!fits)
    throw ctnn::error(std::string("ctnn::") + optimizer_name + "::step: " + what +
                      "; make a new state with make_state (a new Trainer) after changing options");
}

}  // namespace ctnn::detail::elementwise

#endif
