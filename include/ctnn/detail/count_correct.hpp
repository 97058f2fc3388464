#ifndef CTNN_DETAIL_COUNT_CORRECT_HPP
#define CTNN_DETAIL_COUNT_CORRECT_HPP

#include <cstddef>
#include <span>

namespace ctnn::detail {

//! How many of `rows` samples a classifier loss's outputs (as its `evaluate` reads them, N per
//! sample) classify as their targets say.
template <class Loss, std::size_t N, class T, class Target>
std::size_t count_correct(const T* z, std::span<const Target> targets, std::size_t rows) {
  std::size_t correct = 0;
  for (std::size_t r = 0; r < rows; ++r)
    correct += Loss::template predicted_class<N>(z + r * N) == Loss::true_class(targets[r]) ? 1 : 0;
  return correct;
}

}  // namespace ctnn::detail

#endif
