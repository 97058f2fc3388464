#ifndef CTNN_REPORT_HPP
#define CTNN_REPORT_HPP

//! @file report.hpp
//! Everything a person sees while and after training, independent of the network types:
//! `History` (what `ctnn::fit` returns), `write_history_csv`, `write_learning_curves_svg` and
//! the live `Progress` display.

#include <ctnn/report/history_csv.hpp>
#include <ctnn/report/format.hpp>
#include <ctnn/report/history.hpp>
#include <ctnn/report/progress.hpp>
#include <ctnn/report/svg.hpp>
#include <ctnn/report/ticks.hpp>

#endif
