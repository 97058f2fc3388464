#!/usr/bin/python3
"""Prints tests/pytorch/reference.inc: what PyTorch computes for five small nets, for ctnn's tests.

Run it with the Python that sees PyTorch (on Debian 12, python3-torch 1.13):

    /usr/bin/python3 tests/pytorch/reference.py > tests/pytorch/reference.inc

For every net below it draws parameters, inputs and targets from a seeded torch.Generator, builds
the same net from torch.nn modules, and records in float64: the last layer's outputs as ctnn's
`forward` defines them, `predict`'s values, the mean loss, and the gradient of the mean loss with
respect to every parameter, in ctnn's layout (per layer: W[in][out] row-major, i.e. nn.Linear's
weight TRANSPOSED, then the bias; layers in order).

Every drawn number is rounded to float32 first (and then held as float64), so that the C++ test
feeds exactly the same parameters and inputs to a float ctnn::Net as to a double one.
Pre-activations of ReLU and LeakyReLU layers are kept at least RELU_MARGIN away from 0, where the
derivative is ambiguous (draws that miss are redrawn); each such layer has both signs, and in a
batch every unit is active for at least one sample.

Exits with status 77 (and a message on stderr) when torch cannot be imported.
"""

import sys

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError as e:
    print(f"SKIPPED: {sys.executable} cannot import torch ({e}); on Debian: apt install "
          "python3-torch, and run this script with /usr/bin/python3", file=sys.stderr)
    sys.exit(77)

SEED = 20240612
RELU_MARGIN = 1e-3
TORCH_TO_CTNN = {nn.Sigmoid: "Sigmoid", nn.Tanh: "Tanh", nn.ReLU: "ReLU",
                 nn.LeakyReLU: "LeakyReLU", nn.Softplus: "Softplus", nn.Identity: "Identity"}


def f32(t):
    """t rounded to float32, held as float64."""
    return t.to(torch.float32).to(torch.float64)


class Layer:
    def __init__(self, n_in, n_out, activation):
        self.n_in, self.n_out = n_in, n_out
        self.activation = activation  # an nn module class, or None for ctnn's default Identity
        self.linear = nn.Linear(n_in, n_out).to(torch.float64)

    def ctnn(self):
        act = "" if self.activation is None else ", ctnn::" + TORCH_TO_CTNN[self.activation]
        return f"ctnn::Dense<{self.n_in}, {self.n_out}{act}>"

    def act_module(self):
        if self.activation is None:
            return nn.Identity()
        if self.activation is nn.LeakyReLU:
            return nn.LeakyReLU(0.01)  # ctnn::LeakyReLU: slope 1/100, PyTorch's default
        return self.activation()


def draw(gen, *shape, scale=1.0):
    return f32(scale * torch.randn(*shape, generator=gen, dtype=torch.float64))


def set_parameters(layers, gen):
    with torch.no_grad():
        for layer in layers:
            layer.linear.weight.copy_(draw(gen, layer.n_out, layer.n_in, scale=0.8))
            layer.linear.bias.copy_(draw(gen, layer.n_out, scale=0.5))


def forward_all(layers, x):
    """Every layer's pre-activation, and the last layer's output."""
    pre = []
    h = x
    for layer in layers:
        a = layer.linear(h)
        pre.append(a)
        h = layer.act_module()(a)
    return pre, h


def well_conditioned(layers, x):
    """No ReLU-family pre-activation within RELU_MARGIN of 0, and both signs present in each."""
    with torch.no_grad():
        pre, _ = forward_all(layers, x)
    for layer, a in zip(layers, pre):
        if layer.activation in (nn.ReLU, nn.LeakyReLU):
            if a.abs().min() < RELU_MARGIN or not (a > 0).any() or not (a < 0).any():
                return False
            # In a batch, every unit is active for some sample: no column of zero gradients.
            if a.shape[0] > 1 and not (a > 0).any(dim=0).all():
                return False
    return True


def ctnn_parameters(layers, take):
    """The parameters (take = lambda p: p) or their gradients (take = lambda p: p.grad) in
    ctnn's layout: W[in][out] row-major (nn.Linear's weight transposed), then the bias."""
    values = []
    for layer in layers:
        values += take(layer.linear.weight).detach().t().contiguous().reshape(-1).tolist()
        values += take(layer.linear.bias).detach().reshape(-1).tolist()
    return values


def fmt(v):
    return repr(float(v))


def emit_array(name, ctype, values, per_line=4):
    values = list(values)
    lines = []
    for i in range(0, len(values), per_line):
        lines.append("      " + ", ".join(fmt(v) if ctype == "double" else str(int(v))
                                          for v in values[i:i + per_line]) + ",")
    body = "\n".join(lines)
    return (f"  static constexpr std::array<{ctype}, {len(values)}> {name}{{\n{body}\n  }};\n")


def make_net(key, gen, layer_specs, loss_name, batch, n_in, make_targets):
    """Draws until well conditioned; returns (layers, x, targets)."""
    layers = [Layer(*spec) for spec in layer_specs]
    for attempt in range(1000):
        set_parameters(layers, gen)
        x = draw(gen, batch, n_in)
        if well_conditioned(layers, x):
            return layers, x, make_targets(gen)
    raise RuntimeError(f"net {key}: no well-conditioned draw in 1000 attempts")


def run_net(key, layers, x, targets, loss_name):
    for layer in layers:
        for p in layer.linear.parameters():
            p.grad = None
    pre, h = forward_all(layers, x)
    last_pre = pre[-1]
    batch = x.shape[0]

    if loss_name == "SoftmaxCE":
        forward = last_pre  # logits (the last layer is Identity)
        predict = torch.softmax(last_pre, dim=1)
        loss = nn.CrossEntropyLoss()(last_pre, targets)
    elif loss_name == "MSE":
        forward = h
        predict = h
        loss = nn.MSELoss()(h, targets)
    elif loss_name == "BCE":
        forward = h  # the Sigmoid's output
        predict = h
        loss = nn.BCELoss()(h, targets)
        with_logits = nn.BCEWithLogitsLoss()(last_pre, targets)
        assert torch.allclose(loss, with_logits, rtol=1e-13, atol=0), (loss, with_logits)
        # The same gradient from the logits form (ctnn computes BCE from the pre-activation).
        grads_bce = torch.autograd.grad(loss, [p for l in layers for p in l.linear.parameters()],
                                        retain_graph=True)
        grads_logits = torch.autograd.grad(with_logits,
                                           [p for l in layers for p in l.linear.parameters()],
                                           retain_graph=True)
        for a, b in zip(grads_bce, grads_logits):
            assert torch.allclose(a, b, rtol=1e-12, atol=1e-15), (a, b)
    elif loss_name == "Logistic":
        forward = last_pre  # f, real-valued
        predict = torch.sigmoid(last_pre)
        loss = nn.SoftMarginLoss()(last_pre, targets)
        # ctnn's definition, log(1 + e^(-y f)), and the K = 2 softmax with logits [0, f].
        direct = torch.log1p(torch.exp(-targets * last_pre)).mean()
        assert torch.allclose(loss, direct, rtol=1e-13, atol=0), (loss, direct)
        two_class = torch.cat([torch.zeros_like(last_pre), last_pre], dim=1)
        softmax_loss = F.cross_entropy(two_class, (targets.reshape(-1) > 0).long())
        assert torch.allclose(loss, softmax_loss, rtol=1e-13, atol=0), (loss, softmax_loss)
    else:
        raise ValueError(loss_name)

    loss.backward()
    return dict(forward=forward.detach().reshape(-1).tolist(),
                predict=predict.detach().reshape(-1).tolist(),
                loss=loss.item(),
                gradient=ctnn_parameters(layers, lambda p: p.grad))


def main():
    torch.set_default_dtype(torch.float64)
    torch.manual_seed(SEED)  # nn.Linear's own initialization, overwritten below anyway
    gen = torch.Generator().manual_seed(SEED)

    def class_labels(batch, classes):
        return lambda g: torch.randint(0, classes, (batch,), generator=g)

    nets = [
        ("a", "A", [(5, 7, nn.Sigmoid), (7, 3, None)], "SoftmaxCE", 4, 5, class_labels(4, 3)),
        ("b", "B", [(4, 6, nn.Tanh), (6, 5, nn.ReLU), (5, 2, None)], "MSE", 3, 4,
         lambda g: draw(g, 3, 2)),
        ("c", "C", [(3, 4, nn.Softplus), (4, 1, nn.Sigmoid)], "BCE", 5, 3,
         lambda g: torch.tensor([[1.0], [0.0], [0.3], [1.0], [0.0]]).to(torch.float32)
         .to(torch.float64)),
        ("d", "D", [(3, 5, nn.LeakyReLU), (5, 1, None)], "Logistic", 4, 3,
         lambda g: torch.tensor([[1.0], [-1.0], [-1.0], [1.0]])),
        ("e", "E", [(6, 4, nn.ReLU), (4, 4, nn.Identity), (4, 3, None)], "SoftmaxCE", 1, 6,
         class_labels(1, 3)),
    ]

    out = []
    out.append(
        f"// Generated by tests/pytorch/reference.py with PyTorch {torch.__version__} (float64 "
        "tensors); do not edit. To regenerate:\n"
        "//   /usr/bin/python3 tests/pytorch/reference.py > tests/pytorch/reference.inc\n"
        "// Each struct is one net: its parameters in ctnn's layout (per layer W[in][out] row-major,\n"
        "// i.e. nn.Linear's weight transposed, then the bias), inputs (batch x input_size,\n"
        "// row-major) and targets, and what PyTorch computed: the last layer's outputs as ctnn's\n"
        "// forward defines them, predict's values, the mean loss, and its gradient w.r.t. every\n"
        "// parameter in ctnn's layout. Parameters, inputs and targets are float32 values.\n"
        "// Needs <array> and <cstddef> included first.\n\n"
        "namespace ctnn::test::pytorch_nets {\n")

    for key, label, specs, loss_name, batch, n_in, make_targets in nets:
        layers, x, targets = make_net(key, gen, specs, loss_name, batch, n_in, make_targets)
        result = run_net(key, layers, x, targets, loss_name)
        ctnn_type = ", ".join([l.ctnn() for l in layers] + ["ctnn::" + loss_name])
        params = ctnn_parameters(layers, lambda p: p)
        # The printed parameters must reproduce the float32 values exactly.
        assert all(float(torch.tensor(v).to(torch.float32)) == v for v in params)

        out.append(f"//! Net {label}: {ctnn_type}, batch {batch}.")
        out.append(f"struct net_{key} {{")
        out.append(f"  static constexpr const char* name = \"{label}: {ctnn_type}\";")
        out.append(f"  static constexpr std::size_t batch = {batch};")
        out.append(emit_array("parameters", "double", params).rstrip("\n"))
        out.append(emit_array("inputs", "double", x.reshape(-1).tolist()).rstrip("\n"))
        if loss_name == "SoftmaxCE":
            out.append(emit_array("targets", "int", targets.tolist()).rstrip("\n"))
        else:
            out.append(emit_array("targets", "double", targets.reshape(-1).tolist()).rstrip("\n"))
        out.append(emit_array("forward", "double", result["forward"]).rstrip("\n"))
        out.append(emit_array("predict", "double", result["predict"]).rstrip("\n"))
        out.append(f"  static constexpr double loss = {fmt(result['loss'])};")
        out.append(emit_array("gradient", "double", result["gradient"]).rstrip("\n"))
        out.append("};\n")

    out.append("}  // namespace ctnn::test::pytorch_nets")
    print("\n".join(out))


if __name__ == "__main__":
    main()
