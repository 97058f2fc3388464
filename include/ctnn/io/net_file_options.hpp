#ifndef CTNN_IO_NET_FILE_OPTIONS_HPP
#define CTNN_IO_NET_FILE_OPTIONS_HPP

//! @file net_file_options.hpp
//! The choices of saving and loading a net (io/save_net.hpp, io/load_net.hpp).

namespace ctnn::io {

//! How a file numbers the net's elements in its tensor names ("0.weight", "2.bias"), as
//! PyTorch's nn.Sequential numbers its modules.
enum class TensorNumbering {
  //! Element k of the net as written is k: `Net<Dense<4, 8>, ReLU, Dense<8, 2>>` and
  //! `Net<Dense<4, 8, ReLU>, Dense<8, 2>>` give 0.* and 2.*, 0.* and 1.* respectively.
  as_written,
  //! As if each layer with parameters and a fused activation were followed by its activation
  //! module: `Net<Dense<4, 8, ReLU>, Dense<8, 2>>` gives 0.* and 2.*, the names of
  //! nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2)). The same as `as_written` for a
  //! net written without fused activations.
  separate_activations,
};

struct NetFileOptions {
  //! Whether NaN and infinite parameters are accepted: when false, saving a net that holds one
  //! and loading a file that holds one (or a finite F64 value beyond a float net's range) throw
  //! ctnn::error naming the tensor and the element.
  bool allow_non_finite = false;
  //! Loading: whether a file's recorded architecture (`__metadata__`, see
  //! io/net_architecture.hpp), when it has one, must be the net's. Tensor names and shapes are
  //! always checked.
  bool check_architecture = true;
  //! Saving: the tensor names' numbering. Loading accepts either.
  TensorNumbering numbering = TensorNumbering::as_written;
};

}  // namespace ctnn::io

#endif
