#ifndef CTNN_EXPR_HPP
#define CTNN_EXPR_HPP

//! Activations written as formulas: the variable x, the functions, derivative, to_string and
//! ctnn::ActivationOf.
//! #include <ctnn/expr.hpp>
#include <ctnn/activations/activation_of.hpp>
#include <ctnn/expr/derivative.hpp>
#include <ctnn/expr/evaluate.hpp>
#include <ctnn/expr/formula.hpp>
#include <ctnn/expr/to_string.hpp>

#endif
