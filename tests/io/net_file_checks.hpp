#ifndef CTNN_TESTS_IO_NET_FILE_CHECKS_HPP
#define CTNN_TESTS_IO_NET_FILE_CHECKS_HPP

// Checks shared by the tests of saving and loading nets.

#include <algorithm>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <ctnn/error.hpp>
#include <ctnn/io/load_net.hpp>

namespace ctnn_test {

//! Whether two nets' parameters have the same bits.
template <class Net>
bool same_parameters(const Net& a, const Net& b) {
  return std::ranges::equal(std::as_bytes(a.parameters()), std::as_bytes(b.parameters()));
}

//! The message of the ctnn::error that loading `file` (or a file at a path) into `net` throws,
//! checking that the net's parameters are unchanged; "no error" if it loads.
template <class Net, class Source>
std::string load_error(Net& net, const Source& file, const ctnn::io::NetFileOptions& options = {}) {
  const Net before = net;
  try {
    ctnn::io::load_safetensors(net, file, options);
  } catch (const ctnn::error& e) {
    CHECK(same_parameters(net, before));
    return e.what();
  }
  return "no error";
}

}  // namespace ctnn_test

#endif
