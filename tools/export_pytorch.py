#!/usr/bin/python3
"""Writes a PyTorch model's parameters as a safetensors file that ctnn loads.

    /usr/bin/python3 tools/export_pytorch.py MODULE_OR_STATE_DICT OUT.safetensors [--dtype D]

MODULE_OR_STATE_DICT is either
- a Python file that builds the model: it defines `model` (an nn.Module, typically an
  nn.Sequential) or `make_model()` returning one; "net.py:NAME" picks NAME, a module or a
  function returning one. The file must give the module its trained parameters itself (e.g.
  model.load_state_dict(torch.load(...)) or a seeded initialization);
- or a file written by torch.save: a state_dict (or a whole module, whose state_dict is taken).

Every tensor of the state_dict is written under its own name ("0.weight", "0.bias",
"2.weight", ... for an nn.Sequential: the names ctnn gives element k of a net), in its own dtype
unless --dtype converts the floating-point ones (float32, float64, float16 or bfloat16; ctnn
reads all four and converts them to the net's type). __metadata__ is {"format": "pt"}: no
architecture, so ctnn checks the names and shapes of the tensors only.

Uses Debian's python3-torch alone (run it with /usr/bin/python3). Exits with status 1 and a
message on stderr when the input cannot be read or holds something that is not a tensor.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

import safetensors_torch  # noqa: E402

FLOAT_DTYPES = {"float32": torch.float32, "float64": torch.float64, "float16": torch.float16,
                "bfloat16": torch.bfloat16}


def state_dict_of(source):
    """The tensors that `source` (a model file or a torch.save'd file) holds, by name."""
    if safetensors_torch.is_model_spec(source):
        return safetensors_torch.load_model(source).state_dict()
    loaded = torch.load(source, map_location="cpu")
    if isinstance(loaded, torch.nn.Module):
        return loaded.state_dict()
    if not isinstance(loaded, dict):
        raise safetensors_torch.FormatError(
            f"{source} holds a {type(loaded).__name__}, not a state_dict or a module")
    return loaded


def export(source, out, dtype=None):
    """Writes the tensors of `source` as the safetensors file `out`, the floating-point ones
    converted to `dtype` when given. Returns the tensors written."""
    tensors = {}
    for name, tensor in state_dict_of(source).items():
        if not isinstance(tensor, torch.Tensor):
            raise safetensors_torch.FormatError(
                f"{source}: {name!r} is a {type(tensor).__name__}, not a tensor")
        tensor = tensor.detach().cpu()
        if dtype is not None and tensor.is_floating_point():
            tensor = tensor.to(dtype)
        tensors[name] = tensor
    safetensors_torch.write(tensors, out, {"format": "pt"})
    return tensors


def main():
    parser = argparse.ArgumentParser(
        description="Write a PyTorch model's parameters as a safetensors file for ctnn.")
    parser.add_argument("source", metavar="MODULE_OR_STATE_DICT",
                        help="net.py[:NAME] (defines `model` or `make_model()`) or a torch.save "
                             "file of a state_dict")
    parser.add_argument("out", metavar="OUT.safetensors")
    parser.add_argument("--dtype", choices=sorted(FLOAT_DTYPES),
                        help="convert the floating-point tensors (default: keep their dtype)")
    args = parser.parse_args()
    try:
        tensors = export(args.source, args.out, FLOAT_DTYPES.get(args.dtype))
    except (OSError, safetensors_torch.FormatError, RuntimeError) as e:
        print(f"export_pytorch.py: {e}", file=sys.stderr)
        return 1
    shapes = ", ".join(f"{name} {list(t.shape)}" for name, t in tensors.items())
    print(f"wrote {args.out}: {len(tensors)} tensors ({shapes})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
