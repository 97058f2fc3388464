#ifndef CTNN_DATA_HPP
#define CTNN_DATA_HPP

//! The data layer, `ctnn::data`: datasets and their checks, IDX (MNIST family) and CSV readers,
//! seeded shuffling, mini-batches, train/validation splits, standardization and one-hot labels.
//! Reading gzip-compressed IDX files needs zlib (the `ctnn::ctnn` CMake target links it).

#include <ctnn/data/batches.hpp>
#include <ctnn/data/csv.hpp>
#include <ctnn/data/dataset.hpp>
#include <ctnn/data/idx.hpp>
#include <ctnn/data/one_hot.hpp>
#include <ctnn/data/shuffle.hpp>
#include <ctnn/data/split.hpp>
#include <ctnn/data/standardize.hpp>

#endif
