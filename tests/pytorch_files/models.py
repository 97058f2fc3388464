"""The PyTorch side of the nets in both_ways.py, each a function that returns an nn.Sequential.

Read by tools/export_pytorch.py and tools/import_pytorch.py as "models.py:NAME". The nets that
PyTorch exports draw their parameters from a fixed seed, with PReLU slopes drawn too (not all
0.25); ctnn_side.cpp holds the matching ctnn nets. Sizes are not multiples of 8 or 16.
"""

import torch
from torch import nn


def _seeded(seed, modules):
    """The nn.Sequential of modules() built after seeding torch with seed."""
    torch.manual_seed(seed)
    model = nn.Sequential(*modules())
    with torch.no_grad():
        for module in model:
            if isinstance(module, nn.PReLU):
                module.weight.uniform_(-0.5, 1.0)
    return model


def sigmoid():
    return _seeded(101, lambda: [nn.Linear(13, 21), nn.Sigmoid(), nn.Linear(21, 5)])


def tanh():
    return _seeded(102, lambda: [nn.Linear(11, 19), nn.Tanh(), nn.Linear(19, 7), nn.Tanh(),
                                 nn.Linear(7, 3)])


def relu():
    return _seeded(103, lambda: [nn.Linear(9, 30), nn.ReLU(), nn.Linear(30, 17), nn.ReLU(),
                                 nn.Linear(17, 4)])


def prelu():
    return _seeded(104, lambda: [nn.Linear(10, 23), nn.PReLU(23), nn.Linear(23, 6)])


def gelu():
    """In float64: exported as F64, loaded into a double net."""
    return _seeded(105, lambda: [nn.Linear(12, 25), nn.GELU(), nn.Linear(25, 9)]).double()


# The nets that ctnn trains, with PyTorch's default parameters, which the file replaces.
def trained():
    return nn.Sequential(nn.Linear(6, 13), nn.Tanh(), nn.Linear(13, 11), nn.PReLU(11),
                         nn.Linear(11, 9), nn.ReLU(), nn.Linear(9, 3))


def trained_fused():
    return nn.Sequential(nn.Linear(5, 7), nn.Sigmoid(), nn.Linear(7, 2)).double()
