#!/usr/bin/python3
"""ctnn's sequence layers (GRU, LSTM, causal Conv1D) compute what PyTorch's do (a ctest test).

    /usr/bin/python3 tests/pytorch_files/sequence_layers.py SEQUENCE_SIDE WORK_DIR

For each net of sequence_models.py (gru, lstm, tcn): tools/export_pytorch.py writes its float32
parameters; 2 sequences of 1000 steps, 2 * randn drawn in float32 (so that float and double
hold them exactly), go to sequence_side, which loads the file into the float and the double
ctnn net, runs them with `step` and with `forward_sequence` (and checks that these agree bit
for bit, and that streaming again after reset() repeats the first run). Both runs must agree
with PyTorch's float64 outputs (the same parameters, converted exactly):
  float:  |ctnn - torch| <= 1e-5  * max(1, |torch|)
  double: |ctnn - torch| <= 1e-12 * max(1, |torch|)
PyTorch's own float32 outputs are compared the same way as the float net's, to show what float
rounding alone gives over 1000 steps.

Then the gradients of training (backpropagation through time), in double: 2 sequences of 12
steps (2 * randn, float64) and targets (randn) go to `sequence_side gradient`, which loads the
same parameters into the double ctnn net with an MSE loss and saves the gradient of the mean
squared error over (batch, steps, out) with PyTorch's parameter names. It must agree with
`param.grad` of the float64 PyTorch net after loss.backward(), MSELoss(reduction='mean'):
  gradient: |ctnn - torch| <= 1e-5 * max(1, |torch|), and the loss likewise;
once through the whole sequences and once truncated every 5 steps (ctnn's set_truncation(5)):
PyTorch runs the chunks of 5, 5 and 2 steps with each layer's state carried over but detached
(SequenceNet.forward_truncated) and sums the chunks' squared errors, divided by the one
denominator batch * steps * out. Truncation must change PyTorch's gradient (or the second case
would show nothing).

Exits with status 0 when everything agrees, 1 listing what does not, 77 (skipped) when
/usr/bin/python3 cannot import torch.
"""

import copy
import os
import sys

import torch_checks  # exits with status 77 when torch cannot be imported; sets up sys.path
from torch_checks import HERE, PYTHON, TOOLS
import torch  # noqa: E402

import safetensors_torch  # noqa: E402
import sequence_models  # noqa: E402

TOLERANCE = {"float": 1e-5, "double": 1e-12, "gradient": 1e-5}
MODELS = ["gru", "lstm", "tcn"]
BATCH, STEPS = 2, 1000
GRADIENT_BATCH, GRADIENT_STEPS, TRUNCATION = 2, 12, 5

failures = torch_checks.Failures()


def check(name, work, sequence_side):
    model = getattr(sequence_models, name)()
    model_file = os.path.join(work, f"{name}.safetensors")
    failures.run(PYTHON, os.path.join(TOOLS, "export_pytorch.py"),
                 f"{os.path.join(HERE, 'sequence_models.py')}:{name}", model_file)

    first = model[0]
    in_size = first.in_channels if isinstance(first, torch.nn.Conv1d) else first.input_size
    g = torch.Generator().manual_seed(301)
    x = 2 * torch.randn(BATCH, STEPS, in_size, generator=g)  # float32
    with torch.no_grad():
        y32 = model(x)
        y64 = copy.deepcopy(model).double()(x.double())
    print(f"{name}: outputs in [{y64.min().item():.3g}, {y64.max().item():.3g}]")
    failures.compare(f"{name}, PyTorch float32", y32, y64, TOLERANCE["float"])

    inputs, outputs = (os.path.join(work, f"{name}_{k}.safetensors") for k in ("x", "y"))
    safetensors_torch.write({"x": x.double()}, inputs)
    if failures.run(sequence_side, name, model_file, inputs, outputs).returncode != 0:
        return
    y = safetensors_torch.read(outputs)[0]
    for dtype in ("float", "double"):
        for how in ("step", "sequence"):
            failures.compare(f"{name}, ctnn {dtype} {how}", y[f"{dtype}_{how}"], y64,
                             TOLERANCE[dtype])

    check_gradients(name, copy.deepcopy(model).double(), in_size, y64.shape[2], model_file, work,
                    sequence_side)


def torch_gradients(model, x, y, truncation):
    """PyTorch's mean squared error of model over x against y and its gradient (a dict by
    parameter name), through the whole sequences (truncation 0) or truncated every truncation
    steps."""
    model.zero_grad()
    if truncation == 0:
        loss = torch.nn.functional.mse_loss(model(x), y)
    else:
        total, first = 0, 0
        for chunk in model.forward_truncated(x, truncation):
            total = total + ((chunk - y[:, first:first + chunk.shape[1]]) ** 2).sum()
            first += chunk.shape[1]
        loss = total / y.numel()
    loss.backward()
    return loss.item(), {k: p.grad.clone() for k, p in model.named_parameters()}


def check_gradients(name, model, in_size, out_size, model_file, work, sequence_side):
    """ctnn's BPTT gradients (sequence_side gradient) against PyTorch's autograd, in double."""
    g = torch.Generator().manual_seed(302)
    x = 2 * torch.randn(GRADIENT_BATCH, GRADIENT_STEPS, in_size, dtype=torch.float64,
                        generator=g)
    y = torch.randn(GRADIENT_BATCH, GRADIENT_STEPS, out_size, dtype=torch.float64, generator=g)
    data = os.path.join(work, f"{name}_gradient_data.safetensors")
    safetensors_torch.write({"x": x, "y": y}, data)
    tolerance = TOLERANCE["gradient"]
    whole = None
    for truncation in (0, TRUNCATION):
        how = f"truncated every {truncation} steps" if truncation else "whole sequences"
        what = f"{name}, gradient ({how})"
        loss, expected = torch_gradients(model, x, y, truncation)
        if truncation == 0:
            whole = expected
        else:
            change = max((expected[k] - whole[k]).abs().max().item() for k in expected)
            print(f"{what}: truncation changes PyTorch's gradient by up to {change:.3g}")
            if change <= 10 * tolerance:
                failures.append(f"{what}: PyTorch's truncated gradient is its whole one (to "
                                f"{change:.3g}), so this case would show nothing")
        out = os.path.join(work, f"{name}_gradient_{truncation}.safetensors")
        result = failures.run(sequence_side, "gradient", name, model_file, data, str(truncation),
                              out)
        if result.returncode != 0:
            continue
        loss_difference = failures.compare(f"{what}, loss",
                                           torch.tensor([float(result.stdout)]),
                                           torch.tensor([loss]), tolerance, quiet=True)
        got = safetensors_torch.read(out)[0]
        if sorted(got) != sorted(expected):
            failures.append(f"{what}: ctnn's tensors {sorted(got)}, PyTorch's "
                            f"{sorted(expected)}")
            continue
        largest, where, count = 0.0, None, 0
        for k, grad in expected.items():
            difference = failures.compare(f"{what}, d(loss)/d({k})", got[k], grad, tolerance,
                                          quiet=True)
            count += grad.numel()
            if difference is not None and difference >= largest:
                largest, where = difference, k
        print(f"{what}: loss {loss:.6g} (difference {loss_difference:.3g}); {count} values in "
              f"{len(expected)} tensors, largest |d(loss)/d(p)| "
              f"{max(v.abs().max().item() for v in expected.values()):.3g}, largest difference "
              f"{largest:.3g} (in {where})")


def main():
    sequence_side, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    for name in MODELS:
        check(name, work, sequence_side)
    return failures.finish()


if __name__ == "__main__":
    sys.exit(main())
