// ELU, CELU, SELU, Mish, Softsign, HardSigmoid and HardSwish, each written as a formula: values
// and derivatives against PyTorch's (formula_reference.inc), at its joins too, in double and
// float, by the scalar formula and in SIMD registers; and backprop against finite differences.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <vector>

#include <catch2/catch.hpp>

#include <ctnn/activations/celu.hpp>
#include <ctnn/activations/elu.hpp>
#include <ctnn/activations/hard_sigmoid.hpp>
#include <ctnn/activations/hard_swish.hpp>
#include <ctnn/activations/mish.hpp>
#include <ctnn/activations/selu.hpp>
#include <ctnn/activations/softsign.hpp>
#include <ctnn/concepts/named.hpp>
#include <ctnn/detail/simd.hpp>

#include "activations/formula_reference.inc"
#include "net/activation_gradient_check.hpp"

namespace {

namespace reference = ctnn::test::formula_reference;

// φ and φ' at the reference points in T: by the scalar formula, and in registers (padded).
template <class Act, class T>
void check_against_pytorch(const std::array<double, reference::points::x.size()>& torch_f,
                           const std::array<double, reference::points::x.size()>& torch_df,
                           double derivative_relative) {
  using V = ctnn::detail::simd<T>;
  const auto& x = reference::points::x;
  std::vector<T> points(x.begin(), x.end());  // float32 values: exact in T
  points.resize((points.size() + V::size - 1) / V::size * V::size, T(0));
  std::vector<T> f(points.size()), df(points.size());
  for (std::size_t i = 0; i < points.size(); i += V::size) {
    const V a = V::load_unaligned(points.data() + i);
    Act::f(a).store_unaligned(f.data() + i);
    Act::df_pre(a).store_unaligned(df.data() + i);
  }
  // A few ulp of the value, times 1 + |a|: the formulas multiply terms by a (Mish's derivative
  // is tanh(sp) + a (1 - tanh²(sp)) σ(a)), which scales their rounding errors; plus 1e-15 in
  // double (where PyTorch's e^a - 1 cancels, near a = 0) or 1e-7 in float (an ulp near 1).
  const double relative = sizeof(T) == 8 ? 1e-14 : 4e-7;
  const double absolute = sizeof(T) == 8 ? 1e-15 : 1e-7;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const T a = points[i];
    CAPTURE(ctnn::name_of<Act>(), x[i], torch_f[i], torch_df[i], Act::f(a), Act::df_pre(a), f[i],
            df[i]);
    const double scale = 1 + std::abs(x[i]);
    for (const double value : {static_cast<double>(Act::f(a)), static_cast<double>(f[i])}) {
      CHECK(std::abs(value - torch_f[i]) <= relative * scale * std::abs(torch_f[i]) + absolute);
    }
    for (const double slope : {static_cast<double>(Act::df_pre(a)), static_cast<double>(df[i])}) {
      CHECK(std::abs(slope - torch_df[i]) <=
            std::max(relative * scale, derivative_relative) * std::abs(torch_df[i]) + absolute);
    }
  }
}

// derivative_relative: a looser bound on φ' where PyTorch's own is less precise.
template <class Act, class Reference>
void check_activation(double derivative_relative = 0) {
  check_against_pytorch<Act, double>(Reference::torch_f, Reference::torch_df,
                                     derivative_relative);
  check_against_pytorch<Act, float>(Reference::torch_f, Reference::torch_df, derivative_relative);
}

TEST_CASE("formula activations agree with PyTorch, at their joins too", "[activation][expr]") {
  check_activation<ctnn::ELU<>, reference::elu>();
  check_activation<ctnn::ELU<0.5>, reference::elu_half>();
  check_activation<ctnn::CELU<0.5>, reference::celu_half>();
  check_activation<ctnn::SELU, reference::selu>();
  check_activation<ctnn::Mish, reference::mish>();
  check_activation<ctnn::Softsign, reference::softsign>();
  // PyTorch 1.13's Hardsigmoid backward multiplies by 1/6 rounded to float, even in double:
  // 0.16666667163, 3e-8 from 1/6.
  check_activation<ctnn::HardSigmoid, reference::hard_sigmoid>(4e-8);
  check_activation<ctnn::HardSwish, reference::hard_swish>();
}

TEST_CASE("formula activations are named as written", "[activation][expr]") {
  CHECK(ctnn::name_of<ctnn::ELU<>>() == "ELU");
  CHECK(ctnn::name_of<ctnn::ELU<0.5>>() == "ELU<0.5>");
  CHECK(ctnn::name_of<ctnn::CELU<1.5>>() == "CELU<1.5>");
  CHECK(ctnn::name_of<ctnn::SELU>() == "SELU");
  CHECK(ctnn::name_of<ctnn::HardSwish>() == "HardSwish");
}

TEMPLATE_TEST_CASE("formula activations: backprop matches finite differences",
                   "[activation][expr][gradient]", ctnn::ELU<>, ctnn::ELU<0.5>, ctnn::CELU<0.5>,
                   ctnn::SELU, ctnn::Mish, ctnn::Softsign, ctnn::HardSigmoid, ctnn::HardSwish) {
  ctnn::test::check_activation_gradients<TestType>();
}

}  // namespace
