"""What the ctest scripts of tests/pytorch_files (both_ways.py, sequence_layers.py) share.

Importing this module exits with status 77 (ctest's SKIPPED, the tests' SKIP_RETURN_CODE) when
the interpreter cannot import torch, and otherwise puts tools/ (export_pytorch.py,
import_pytorch.py, safetensors_torch.py) and this folder (the models) in front of sys.path. So a
script imports it first:

    import torch_checks  # exits with status 77 without torch
    import torch  # noqa: E402
    import models  # noqa: E402

Failures collects what does not agree: run() a command, compare() ctnn's values with PyTorch's;
finish() prints them and gives the exit status, 0 when everything agrees, 1 otherwise.
"""

import os
import subprocess
import sys

try:
    import torch  # noqa: F401
except ImportError as e:
    print(f"SKIPPED: {sys.executable} cannot import torch ({e}); on Debian: apt install "
          "python3-torch", file=sys.stderr)
    sys.exit(77)

HERE = os.path.dirname(os.path.abspath(__file__))
TOOLS = os.path.join(HERE, "..", "..", "tools")
sys.path.insert(0, TOOLS)
sys.path.insert(0, HERE)

PYTHON = "/usr/bin/python3"


class Failures(list):
    """The messages of what does not agree, in order; append() one directly or let run() and
    compare() do it."""

    def run(self, *command, expect_failure=False):
        """Runs command, capturing its output; records a failure (with that output) unless it
        exits with status 0, or with expect_failure, with another status. Returns the
        subprocess.CompletedProcess."""
        result = subprocess.run(command, capture_output=True, text=True)
        if (result.returncode != 0) != expect_failure:
            self.append(f"{' '.join(command)} exited with {result.returncode}:\n"
                        f"{result.stdout}{result.stderr}")
        return result

    def compare(self, what, ctnn_values, torch_values, tolerance, quiet=False):
        """Records a failure unless |ctnn - torch| <= tolerance * max(1, |torch|) everywhere (a
        NaN fails); returns the largest |ctnn - torch| (None when the shapes differ). Prints a
        line when they agree, unless quiet."""
        if ctnn_values.shape != torch_values.shape:
            self.append(f"{what}: ctnn's shape {list(ctnn_values.shape)}, PyTorch's "
                        f"{list(torch_values.shape)}")
            return None
        ctnn_values, torch_values = ctnn_values.double(), torch_values.double()
        difference = (ctnn_values - torch_values).abs()
        excess = difference - tolerance * torch_values.abs().clamp(min=1)
        worst = int(excess.flatten().argmax())
        if not (excess <= 0).all():  # also a NaN
            self.append(f"{what}: element {worst} (of "
                        f"[{', '.join(map(str, torch_values.shape))}]) is "
                        f"{ctnn_values.flatten()[worst].item()!r}, PyTorch's "
                        f"{torch_values.flatten()[worst].item()!r}; tolerance {tolerance:g}")
        elif not quiet:
            print(f"{what}: {ctnn_values.numel()} outputs agree, largest difference "
                  f"{difference.max().item():.3g}")
        return difference.max().item()

    def finish(self):
        """Prints each failure to stderr; returns the exit status: 1 if any, else 0."""
        for failure in self:
            print(f"FAILED: {failure}", file=sys.stderr)
        return 1 if self else 0
