#ifndef CTNN_ERROR_HPP
#define CTNN_ERROR_HPP

#include <stdexcept>

namespace ctnn {

//! What ctnn throws for bad input at run time: a file that is missing, truncated or malformed, a
//! shape that does not match the net, NaN in data or in the loss. The message says what was
//! wrong and where (file, offset or line, layer index, expected and actual values).
class error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

}  // namespace ctnn

#endif
