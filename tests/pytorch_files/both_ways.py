#!/usr/bin/python3
"""ctnn and PyTorch exchange nets through safetensors files, both ways (a ctest test).

    /usr/bin/python3 tests/pytorch_files/both_ways.py CTNN_SIDE WORK_DIR

1. PyTorch to ctnn: tools/export_pytorch.py writes each net of models.py (sigmoid, tanh, relu,
   prelu, gelu in float64, and sigmoid again converted to bfloat16); ctnn_side loads the file
   into the matching ctnn net and computes its outputs for 23 random inputs, which must equal
   PyTorch's within 1e-5 * max(1, |torch|). A torch.save'd state_dict exports to the same bytes
   as the module.
2. ctnn to PyTorch: ctnn_side trains two nets and saves them; tools/import_pytorch.py loads
   each into its nn.Sequential of models.py and saves the state_dict; PyTorch's outputs for
   ctnn's inputs must equal ctnn's within the same tolerance. Loading into a net of another
   shape must fail, with PyTorch's message.

Exits with status 0 when everything agrees, 1 listing what does not, 77 (skipped) when
/usr/bin/python3 cannot import torch.
"""

import copy
import os
import sys

import torch_checks  # exits with status 77 when torch cannot be imported; sets up sys.path
from torch_checks import HERE, PYTHON, TOOLS
import torch  # noqa: E402

import models  # noqa: E402
import safetensors_torch  # noqa: E402

TOLERANCE = 1e-5
EXPORTED = ["sigmoid", "tanh", "relu", "prelu", "gelu", "sigmoid_bf16"]
TRAINED = ["trained", "trained_fused"]

failures = torch_checks.Failures()


def pytorch_to_ctnn(ctnn_side, work):
    models_py = os.path.join(HERE, "models.py")
    for name in EXPORTED:
        base = name.removesuffix("_bf16")
        model = getattr(models, base)()
        model_file = os.path.join(work, f"{name}.safetensors")
        dtype = ["--dtype", "bfloat16"] if name.endswith("_bf16") else []
        failures.run(PYTHON, os.path.join(TOOLS, "export_pytorch.py"), f"{models_py}:{base}",
                     model_file, *dtype)
        if dtype:  # PyTorch computes with the parameters rounded as the file holds them
            model = copy.deepcopy(model)
            with torch.no_grad():
                for p in model.parameters():
                    p.copy_(p.to(torch.bfloat16).to(p.dtype))

        in_size = next(model.parameters()).shape[1]
        dtype_of_model = next(model.parameters()).dtype
        g = torch.Generator().manual_seed(7)
        x = 2 * torch.randn(23, in_size, generator=g, dtype=dtype_of_model)
        inputs, outputs = (os.path.join(work, f"{name}_{k}.safetensors") for k in ("x", "y"))
        safetensors_torch.write({"x": x}, inputs)
        if failures.run(ctnn_side, "forward", name, model_file, inputs, outputs).returncode == 0:
            with torch.no_grad():
                failures.compare(f"PyTorch to ctnn, {name}",
                                 safetensors_torch.read(outputs)[0]["y"], model(x), TOLERANCE)

    # A torch.save'd state_dict gives the same file as the module.
    state_dict = os.path.join(work, "prelu.pt")
    torch.save(models.prelu().state_dict(), state_dict)
    again = os.path.join(work, "prelu_from_state_dict.safetensors")
    failures.run(PYTHON, os.path.join(TOOLS, "export_pytorch.py"), state_dict, again)
    with open(again, "rb") as a, open(os.path.join(work, "prelu.safetensors"), "rb") as b:
        if a.read() != b.read():
            failures.append("the state_dict of prelu exports to other bytes than the module")


def ctnn_to_pytorch(ctnn_side, work):
    models_py = os.path.join(HERE, "models.py")
    print(failures.run(ctnn_side, "train", work).stdout, end="")
    for name in TRAINED:
        model_file = os.path.join(work, f"{name}.safetensors")
        state = os.path.join(work, f"{name}.pt")
        failures.run(PYTHON, os.path.join(TOOLS, "import_pytorch.py"), model_file,
                     f"{models_py}:{name}", "--out", state)
        if not os.path.exists(state):
            continue
        model = getattr(models, name)()
        model.load_state_dict(torch.load(state))
        io = safetensors_torch.read(os.path.join(work, f"{name}_io.safetensors"))[0]
        with torch.no_grad():
            failures.compare(f"ctnn to PyTorch, {name}", io["y"], model(io["x"]), TOLERANCE)

    wrong = failures.run(PYTHON, os.path.join(TOOLS, "import_pytorch.py"),
                         os.path.join(work, "trained.safetensors"), f"{models_py}:sigmoid",
                         expect_failure=True)
    if "import_pytorch.py: Error(s) in loading state_dict" not in wrong.stderr:
        failures.append(f"loading into another net: unexpected message {wrong.stderr!r}")


def main():
    ctnn_side, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    pytorch_to_ctnn(ctnn_side, work)
    ctnn_to_pytorch(ctnn_side, work)
    return failures.finish()


if __name__ == "__main__":
    sys.exit(main())
