#ifndef CTNN_CTNN_HPP
#define CTNN_CTNN_HPP

//! @file ctnn.hpp
//! Everything ctnn offers, in one include:
//! @code
//! #include <ctnn/ctnn.hpp>
//! using Mlp = ctnn::Net<ctnn::Dense<784, 100, ctnn::Sigmoid>, ctnn::Dense<100, 10>, ctnn::SoftmaxCE>;
//! @endcode

#include <ctnn/core.hpp>
#include <ctnn/expr.hpp>

#include <ctnn/optim.hpp>

#include <ctnn/trainer.hpp>
#include <ctnn/training/workspace.hpp>

#include <ctnn/io/load_any.hpp>
#include <ctnn/io/embedded_header.hpp>
#include <ctnn/io/load_net.hpp>
#include <ctnn/io/save_net.hpp>

#include <ctnn/data.hpp>
#include <ctnn/evaluate.hpp>
#include <ctnn/fit.hpp>
#include <ctnn/report.hpp>
#include <ctnn/schedules.hpp>

#endif
