"""Geometry blobs: a few numpy arrays in one zlib-compressed byte string.

Layout: 4-byte little-endian header length, a JSON header {name: [dtype, shape]}, then the arrays' raw
bytes back to back, 16-byte aligned; the whole thing zlib-compressed. Decoding returns read-only
`np.frombuffer` views on the decompressed bytes: no per-array copies on the path to VTK.
"""

from __future__ import annotations

import json
import struct
import zlib

import numpy as np

_ALIGN = 16


def encode_arrays(arrays: dict[str, np.ndarray], level: int = 3) -> bytes:
    header: dict[str, list] = {}
    chunks: list[bytes] = []
    offset = 0
    for name, arr in arrays.items():
        arr = np.ascontiguousarray(arr)
        header[name] = [arr.dtype.str, list(arr.shape), offset]
        raw = arr.tobytes()
        pad = (-len(raw)) % _ALIGN
        chunks.append(raw + b"\0" * pad)
        offset += len(raw) + pad
    head = json.dumps(header, separators=(",", ":")).encode()
    pad = (-(4 + len(head))) % _ALIGN
    head += b" " * pad
    return zlib.compress(struct.pack("<I", len(head)) + head + b"".join(chunks), level)


def decode_arrays(blob: bytes) -> dict[str, np.ndarray]:
    raw = zlib.decompress(blob)
    (head_len,) = struct.unpack_from("<I", raw)
    header = json.loads(raw[4 : 4 + head_len])
    base = 4 + head_len
    out = {}
    for name, (dtype, shape, offset) in header.items():
        dt = np.dtype(dtype)
        count = int(np.prod(shape)) if shape else 1
        out[name] = np.frombuffer(raw, dtype=dt, count=count, offset=base + offset).reshape(shape)
    return out
