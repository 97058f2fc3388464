#ifndef CTNN_TRAINING_PREFETCH_HPP
#define CTNN_TRAINING_PREFETCH_HPP

//! @file prefetch.hpp
//! A hint to start fetching a row of samples from memory, for code that gathers random rows
//! of a large dataset (188 MB for Fashion-MNIST in float), whose every row is a cache miss.

#include <algorithm>
#include <cstddef>

namespace ctnn::detail {

//! Starts fetching the row of `size` values at `row` into the cache. Only its first three cache
//! lines: the L2 streamer follows on with the rest, whereas prefetching all 49 lines of a
//! 784-float row stalled the caller until the requests were served.
template <class T>
void prefetch_row(const T* row, std::size_t size) {
#if defined(__GNUC__) || defined(__clang__)
  const char* bytes = reinterpret_cast<const char*>(row);
  const std::size_t end = std::min<std::size_t>(3 * 64, size * sizeof(T));
  for (std::size_t offset = 0; offset < end; offset += 64) __builtin_prefetch(bytes + offset, 0, 2);
#else
  (void)row;
  (void)size;
#endif
}

}  // namespace ctnn::detail

#endif
