#ifndef CTNN_OPTIM_HPP
#define CTNN_OPTIM_HPP

//! All of ctnn's optimizers, each a model of `ctnn::Optimizer` that follows the update rule and
//! defaults of its `torch.optim` namesake: `SGD` (with momentum and Nesterov), `Adam` (with
//! AMSGrad), `RMSProp` (centered, with momentum) and `Adagrad`.

#include <ctnn/optim/adagrad.hpp>
#include <ctnn/optim/adam.hpp>
#include <ctnn/optim/rmsprop.hpp>
#include <ctnn/optim/sgd.hpp>

#endif
