#ifndef CTNN_VERSION_HPP
#define CTNN_VERSION_HPP

//! @file version.hpp
//! The library's version; CMakeLists.txt reads these three lines.

#define CTNN_VERSION_MAJOR 0
#define CTNN_VERSION_MINOR 1
#define CTNN_VERSION_PATCH 0

#endif
