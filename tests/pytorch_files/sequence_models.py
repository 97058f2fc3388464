"""The PyTorch side of the sequence nets in sequence_layers.py, each a function that returns a
SequenceNet.

Read by tools/export_pytorch.py as "sequence_models.py:NAME". A SequenceNet is an nn.Sequential,
so its state_dict names element k "k.weight_ih_l0", "k.weight", ...: the names of the matching
ctnn net's tensors (sequence_side.cpp). Parameters are float32, drawn from a fixed seed and
scaled up so that gates saturate at times (with inputs 2 * randn). Sizes are not multiples of
8 or 16.
"""

import torch
import torch.nn.functional as F
from torch import nn


class SequenceNet(nn.Sequential):
    """An nn.Sequential over batch-first sequences [batch, steps, features]: a GRU or LSTM
    (batch_first=True, one layer) passes on its outputs h of every step; a Conv1d runs over
    time, causal as ctnn's Conv1D is (left-padded with (kernel - 1) * dilation zeros, so the
    sequence keeps its length); any other module runs on each step's features."""

    def forward(self, x):
        for module in self:
            if isinstance(module, (nn.GRU, nn.LSTM)):
                x = module(x)[0]
            elif isinstance(module, nn.Conv1d):
                padding = (module.kernel_size[0] - 1) * module.dilation[0]
                x = module(F.pad(x.transpose(1, 2), (padding, 0))).transpose(1, 2)
            else:
                x = module(x)
        return x

    def forward_truncated(self, x, chunk):
        """The outputs of forward(x), computed chunk by chunk, `chunk` steps at a time, each
        module's state carried from one chunk into the next but detached, so that the gradient
        does not flow from a chunk into the one before (truncated backpropagation through time):
        a GRU's h, an LSTM's (h, c), a Conv1d's latest (kernel - 1) * dilation inputs (zeros before
        the first step, as forward's padding). A list of the chunks' outputs."""
        states = [None] * len(self)
        outputs = []
        for first in range(0, x.shape[1], chunk):
            y = x[:, first:first + chunk]
            for k, module in enumerate(self):
                if isinstance(module, (nn.GRU, nn.LSTM)):
                    y, state = module(y, states[k])
                    states[k] = (tuple(s.detach() for s in state) if isinstance(state, tuple)
                                 else state.detach())
                elif isinstance(module, nn.Conv1d):
                    padding = (module.kernel_size[0] - 1) * module.dilation[0]
                    if states[k] is None:
                        states[k] = y.new_zeros(y.shape[0], y.shape[2], padding)
                    window = torch.cat([states[k], y.transpose(1, 2)], dim=2)
                    states[k] = window[:, :, window.shape[2] - padding:].detach()
                    y = module(window).transpose(1, 2)
                else:
                    y = module(y)
            outputs.append(y)
        return outputs


def _seeded(seed, scale, modules):
    """The SequenceNet of modules() built after seeding torch with seed, its parameters
    multiplied by scale."""
    torch.manual_seed(seed)
    model = SequenceNet(*modules())
    with torch.no_grad():
        for p in model.parameters():
            p.mul_(scale)
    return model


def gru():
    """ctnn: Net<GRU<1, 16>, Dense<16, 1>>."""
    return _seeded(201, 4, lambda: [nn.GRU(1, 16, batch_first=True), nn.Linear(16, 1)])


def lstm():
    """ctnn: Net<LSTM<3, 7>, LSTM<7, 5>, Dense<5, 2>>."""
    return _seeded(202, 4, lambda: [nn.LSTM(3, 7, batch_first=True),
                                    nn.LSTM(7, 5, batch_first=True), nn.Linear(5, 2)])


def tcn():
    """ctnn: Net<Conv1D<2, 8, 3>, Conv1D<8, 8, 3, 2>, Conv1D<8, 8, 3, 4>, GRU<8, 6>,
    Dense<6, 3>>; a smaller scale, as three convolutions already amplify."""
    return _seeded(203, 2, lambda: [nn.Conv1d(2, 8, 3), nn.Conv1d(8, 8, 3, dilation=2),
                                    nn.Conv1d(8, 8, 3, dilation=4),
                                    nn.GRU(8, 6, batch_first=True), nn.Linear(6, 3)])
