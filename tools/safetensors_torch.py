"""Safetensors files of torch tensors with struct and json alone, and the models the tools read.

Shared by tools/export_pytorch.py and tools/import_pytorch.py; needs Debian's python3-torch only
(the `safetensors` package is not packaged). The format
(https://github.com/huggingface/safetensors): an 8-byte little-endian header length N, N bytes
of JSON mapping each tensor's name to {"dtype", "shape", "data_offsets": [begin, end]} (offsets
into the data that follows) and an optional "__metadata__" of strings, then the data,
row-major and little-endian. `write` lays a file out as the reference implementation and ctnn's
writer do: tensors by decreasing element size and then by name, compact JSON with
"__metadata__" first, padded with spaces to a multiple of 8 bytes.

A model is named by a Python file and, optionally, a name in it: "net.py" uses the file's
`model` (an nn.Module) or else its `make_model()` (a function that returns one); "net.py:NAME"
uses NAME, a module or a function that returns one.
"""

import json
import runpy
import struct
import sys

import torch

# dtype name, torch dtype, element size; the order of the format's own list.
DTYPES = [("BOOL", torch.bool, 1), ("U8", torch.uint8, 1), ("I8", torch.int8, 1),
          ("I16", torch.int16, 2), ("F16", torch.float16, 2), ("BF16", torch.bfloat16, 2),
          ("I32", torch.int32, 4), ("F32", torch.float32, 4), ("F64", torch.float64, 8),
          ("I64", torch.int64, 8)]
NAME_OF = {dtype: name for name, dtype, _ in DTYPES}
DTYPE_OF = {name: dtype for name, dtype, _ in DTYPES}
SIZE_OF = {name: size for name, _, size in DTYPES}
MAX_HEADER = 100_000_000


class FormatError(Exception):
    """A file that is not a safetensors file this module reads, or tensors it cannot write."""


def _little_endian():
    if sys.byteorder != "little":
        raise FormatError("this tool reads and writes tensor bytes on little-endian hosts only")


def write(tensors, path, metadata=None):
    """Writes `tensors` (a mapping of names to torch tensors) and `metadata` (strings) as the
    safetensors file `path`."""
    _little_endian()
    entries = []
    for name, tensor in tensors.items():
        if not isinstance(tensor, torch.Tensor):
            raise FormatError(f"{name!r} is a {type(tensor).__name__}, not a tensor")
        if tensor.dtype not in NAME_OF:
            raise FormatError(f"tensor {name!r} has dtype {tensor.dtype}, which this tool does "
                              f"not write (it writes {', '.join(NAME_OF.values())})")
        entries.append((name, tensor.detach().cpu().contiguous()))
    entries.sort(key=lambda entry: (-entry[1].element_size(), entry[0]))

    header = {}
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in sorted(metadata.items())}
    data = []
    offset = 0
    for name, tensor in entries:
        raw = tensor.reshape(-1).view(torch.uint8).numpy().tobytes() if tensor.numel() else b""
        header[name] = {"dtype": NAME_OF[tensor.dtype], "shape": list(tensor.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        data.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(text)) + text + b"".join(data))


def read(path):
    """The tensors (name -> torch tensor) and the metadata (a dict) of the safetensors file
    `path`. Raises FormatError naming the file for anything malformed."""
    _little_endian()
    with open(path, "rb") as f:
        content = f.read()

    def fail(message):
        raise FormatError(f"{path}: {message}")

    if len(content) < 8:
        fail(f"{len(content)} bytes, too short for a safetensors file")
    (length,) = struct.unpack("<Q", content[:8])
    if length > MAX_HEADER or length > len(content) - 8:
        fail(f"header length {length} beyond the file ({len(content)} bytes) or over 100 MB")
    try:
        header = json.loads(content[8:8 + length].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        fail(f"the header is not UTF-8 JSON: {e}")
    if not isinstance(header, dict):
        fail("the header is not a JSON object")
    data = content[8 + length:]
    metadata = header.pop("__metadata__", None) or {}
    tensors = {}
    covered = []
    for name, entry in header.items():
        try:
            dtype, shape, (begin, end) = entry["dtype"], entry["shape"], entry["data_offsets"]
        except (TypeError, KeyError, ValueError):
            fail(f"tensor {name!r}: expected an object with dtype, shape and data_offsets")
        if dtype not in DTYPE_OF:
            fail(f"tensor {name!r} has dtype {dtype!r}, which this tool does not read")
        count = 1
        for extent in shape:
            count *= extent
        if not 0 <= begin <= end <= len(data) or end - begin != count * SIZE_OF[dtype]:
            fail(f"tensor {name!r} has data_offsets [{begin}, {end}], which do not hold "
                 f"shape {shape} of {dtype} inside the {len(data)} bytes of data")
        covered.append((begin, end))
        if count == 0:
            tensors[name] = torch.empty(shape, dtype=DTYPE_OF[dtype])
        else:
            raw = torch.frombuffer(bytearray(data[begin:end]), dtype=torch.uint8)
            tensors[name] = raw.view(DTYPE_OF[dtype]).reshape(shape)
    position = 0
    for begin, end in sorted(covered):
        if begin != position:
            fail(f"data bytes {min(begin, position)} to {max(begin, position)} overlap or "
                 "belong to no tensor")
        position = end
    if position != len(data):
        fail(f"data bytes {position} to {len(data)} belong to no tensor")
    return tensors, metadata


def load_model(spec):
    """The nn.Module that `spec` ("net.py" or "net.py:NAME") names, as the module docstring
    says."""
    path, name = spec.rsplit(":", 1) if ".py:" in spec else (spec, "")
    namespace = runpy.run_path(path, run_name="__ctnn_model__")
    if name:
        if name not in namespace:
            raise FormatError(f"{path} defines no {name!r}")
        found = namespace[name]
    elif "model" in namespace:
        found = namespace["model"]
    elif "make_model" in namespace:
        found = namespace["make_model"]
    else:
        raise FormatError(f"{path} defines neither `model` (an nn.Module) nor `make_model()`")
    if callable(found) and not isinstance(found, torch.nn.Module):
        found = found()
    if not isinstance(found, torch.nn.Module):
        raise FormatError(f"{spec} gives a {type(found).__name__}, not a torch.nn.Module")
    return found


def is_model_spec(source):
    """Whether `source` names a Python file (perhaps with ":NAME"), not a torch.save'd file."""
    return source.endswith(".py") or ".py:" in source
