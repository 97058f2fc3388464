#!/usr/bin/python3
"""Loads a safetensors file that ctnn saved into a PyTorch model.

    /usr/bin/python3 tools/import_pytorch.py MODEL.safetensors MODULE [--out STATE_DICT.pt]

MODULE is a Python file that builds the model, as for tools/export_pytorch.py: it defines
`model` (an nn.Module) or `make_model()` returning one, or "net.py:NAME" picks NAME. The file's
tensors go into the model with load_state_dict(strict=True), converted to the model's dtypes: a
name missing, extra or of another shape is an error (PyTorch's message). For ctnn's names to be
the model's, write the ctnn net as the nn.Sequential is written (`Dense<4, 8>, ReLU, ...` for
Linear(4, 8), ReLU(), ...) or save it with TensorNumbering::separate_activations.
--out saves the model's state_dict with torch.save, for programs that load it with torch.load.

From Python: `import_pytorch.load_into(model, path)` does the same and returns the metadata.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

import safetensors_torch  # noqa: E402


def load_into(model, path):
    """Loads the tensors of the safetensors file `path` into `model` (strict load_state_dict)
    and returns the file's metadata."""
    tensors, metadata = safetensors_torch.read(path)
    model.load_state_dict(tensors, strict=True)
    return metadata


def main():
    parser = argparse.ArgumentParser(description="Load a ctnn safetensors file into a PyTorch "
                                                 "model.")
    parser.add_argument("file", metavar="MODEL.safetensors")
    parser.add_argument("module", metavar="MODULE",
                        help="net.py[:NAME], defining `model` or `make_model()`")
    parser.add_argument("--out", metavar="STATE_DICT.pt",
                        help="save the loaded model's state_dict here with torch.save")
    args = parser.parse_args()
    try:
        model = safetensors_torch.load_model(args.module)
        metadata = load_into(model, args.file)
        if args.out:
            torch.save(model.state_dict(), args.out)
    except (OSError, safetensors_torch.FormatError, RuntimeError) as e:
        print(f"import_pytorch.py: {e}", file=sys.stderr)
        return 1
    architecture = metadata.get("ctnn.architecture")
    print(f"loaded {args.file} into {type(model).__name__}"
          + (f" (saved by ctnn from {architecture})" if architecture else "")
          + (f"; wrote {args.out}" if args.out else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
