#ifndef CTNN_CORE_HPP
#define CTNN_CORE_HPP

//! @file core.hpp
//! Nets, layers, activations and losses: what a program that only runs a net needs, without
//! training, data loading, reports or file I/O (see ctnn.hpp for everything).
//! @code
//! #include <ctnn/core.hpp>
//! using Mlp = ctnn::Net<ctnn::Dense<784, 100, ctnn::Sigmoid>, ctnn::Dense<100, 10>, ctnn::SoftmaxCE>;
//! @endcode

#include <ctnn/error.hpp>
#include <ctnn/init.hpp>
#include <ctnn/version.hpp>

#include <ctnn/activations/gelu.hpp>
#include <ctnn/activations/identity.hpp>
#include <ctnn/activations/leaky_relu.hpp>
#include <ctnn/activations/relu.hpp>
#include <ctnn/activations/sigmoid.hpp>
#include <ctnn/activations/silu.hpp>
#include <ctnn/activations/softplus.hpp>
#include <ctnn/activations/step.hpp>
#include <ctnn/activations/tanh.hpp>

#include <ctnn/layers/activation_layer.hpp>
#include <ctnn/layers/conv1d.hpp>
#include <ctnn/layers/dense.hpp>
#include <ctnn/layers/dropout.hpp>
#include <ctnn/layers/gru.hpp>
#include <ctnn/layers/last_step.hpp>
#include <ctnn/layers/lstm.hpp>
#include <ctnn/layers/prelu.hpp>

#include <ctnn/losses/bce.hpp>
#include <ctnn/losses/logistic.hpp>
#include <ctnn/losses/mse.hpp>
#include <ctnn/losses/softmax_ce.hpp>

#include <ctnn/net.hpp>

#endif
