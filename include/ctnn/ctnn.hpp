#ifndef CTNN_CTNN_HPP
#define CTNN_CTNN_HPP

//! @file ctnn.hpp
//! Everything ctnn offers, in one include:
//! @code
//! #include <ctnn/ctnn.hpp>
//! using Mlp = ctnn::Net<ctnn::Dense<784, 100, ctnn::Sigmoid>, ctnn::Dense<100, 10>, ctnn::SoftmaxCE>;
//! @endcode

#include <ctnn/version.hpp>
#include <ctnn/error.hpp>
#include <ctnn/init.hpp>

#include <ctnn/activations/identity.hpp>
#include <ctnn/activations/leaky_relu.hpp>
#include <ctnn/activations/relu.hpp>
#include <ctnn/activations/sigmoid.hpp>
#include <ctnn/activations/softplus.hpp>
#include <ctnn/activations/step.hpp>
#include <ctnn/activations/tanh.hpp>

#include <ctnn/layers/dense.hpp>

#include <ctnn/losses/bce.hpp>
#include <ctnn/losses/logistic.hpp>
#include <ctnn/losses/mse.hpp>
#include <ctnn/losses/softmax_ce.hpp>

#include <ctnn/optim.hpp>

#include <ctnn/net.hpp>
#include <ctnn/trainer.hpp>

#include <ctnn/data.hpp>
#include <ctnn/evaluate.hpp>
#include <ctnn/fit.hpp>
#include <ctnn/report.hpp>
#include <ctnn/schedules.hpp>

#endif
