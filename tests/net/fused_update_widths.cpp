// The fused SGD update equals the separate one exactly on every sweep width: nets whose layers
// chain the widths (Dense<1, 2>, Dense<2, 3>, …), so that each width is a layer's input (the rows
// of dW that the fused update splits into pieces) and a layer's output (the columns), at every
// sweep batch size, on one and two threads, with and without L2. In float only, and in the main
// test executable only (not at every x86-64 level): the pieces follow the kernel's row blocks,
// whose sums tests/sweep/ proves at every level in both types, and a net of 21 layers per
// width range is costly to compile.

#include <catch2/catch.hpp>

#include <cstddef>
#include <utility>

#include <ctnn/core.hpp>
#include <ctnn/optim.hpp>
#include <ctnn/trainer.hpp>

#include "support/fused_update_check.hpp"
#include "sweep/widths.hpp"

namespace {

// BasicNet<T, Dense<W0, W1, Tanh>, Dense<W1, W2, Tanh>, …, SoftmaxCE> for the widths W0, W1, ….
template <class T, class Widths>
struct ChainNet;

template <class T, std::size_t... W>
struct ChainNet<T, std::index_sequence<W...>> {
  static constexpr std::size_t widths[] = {W...};
  template <std::size_t... I>
  static auto chain(std::index_sequence<I...>)
      -> ctnn::BasicNet<T, ctnn::Dense<widths[I], widths[I + 1], ctnn::Tanh>..., ctnn::SoftmaxCE>;
  using type = decltype(chain(std::make_index_sequence<sizeof...(W) - 1>{}));
};

template <class Widths>
void check_chain(Widths) {
  using NetType = typename ChainNet<float, Widths>::type;
  for (const std::size_t threads : {1, 2})
    for (const std::size_t batch : ctnn::test::sweep_batches)
      for (const double l2 : {0.0, 0.5})
        ctnn::test::check_fused_equals_separate<NetType>(batch, threads, l2);
}

}  // namespace

TEST_CASE("the fused SGD update equals the separate one on every sweep width",
          "[trainer][fused]") {
  check_chain(ctnn::test::sweep_widths_1_to_20{});
  check_chain(ctnn::test::sweep_widths_21_to_40{});
  check_chain(ctnn::test::sweep_widths_large{});
}
