#ifndef CTNN_EXPR_HPP
#define CTNN_EXPR_HPP

//! Activations written as formulas: the variable x, the functions, derivative, to_string,
//! ctnn::ActivationOf, and the activations made of formulas (ELU, CELU, SELU, Mish, Softsign,
//! HardSigmoid, HardSwish). Apart from <ctnn/core.hpp>, whose compile cost it would raise.
//! #include <ctnn/expr.hpp>
#include <ctnn/activations/activation_of.hpp>
#include <ctnn/activations/celu.hpp>
#include <ctnn/activations/elu.hpp>
#include <ctnn/activations/hard_sigmoid.hpp>
#include <ctnn/activations/hard_swish.hpp>
#include <ctnn/activations/mish.hpp>
#include <ctnn/activations/selu.hpp>
#include <ctnn/activations/softsign.hpp>
#include <ctnn/expr/derivative.hpp>
#include <ctnn/expr/evaluate.hpp>
#include <ctnn/expr/formula.hpp>
#include <ctnn/expr/to_string.hpp>

#endif
