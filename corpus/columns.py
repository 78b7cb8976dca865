"""Python values -> Arrow arrays for the snapshot's column types, from buffers.

``pa.array`` asks pyarrow's pandas shim whether its input is array-like, and the first such question
imports pandas (~0.5 s of CPU, once per process: a tenth of a millisecond per document of a 5,000-page
build, and most of a small build's writing). :func:`column` builds the same arrays (same values, same
nulls) for the types the snapshot uses (string, int64, float64, list of strings, list of structs of
strings) with ``pa.Array.from_buffers``, which asks nothing; any value of another Python type (which
``pa.array`` would convert or reject) sends the whole column to ``pa.array``, so every case keeps its
``pa.array`` answer. ``tests/test_snapshot_columns.py`` compares both.
"""

from __future__ import annotations

from array import array
from itertools import accumulate
from typing import Any

import pyarrow as pa

_INT64 = (-(1 << 63), (1 << 63) - 1)


class _Unplain(Exception):
    """A value this module does not build: the column goes to ``pa.array``."""


def column(values: list[Any], type_: pa.DataType) -> pa.Array:
    """``pa.array(values, type=type_)``."""
    try:
        return _build(values, type_)
    except _Unplain:
        return pa.array(values, type=type_)


def _build(values: list[Any], type_: pa.DataType) -> pa.Array:
    if type_ == pa.string():
        return _strings(values)
    if type_ == pa.int64():
        return _numbers(values, type_, int, "q", lambda v: _INT64[0] <= v <= _INT64[1])
    if type_ == pa.float64():
        return _numbers(values, type_, float, "d", lambda v: True)
    if pa.types.is_list(type_):
        return _lists(values, type_)
    raise _Unplain


def _validity(values: list[Any]) -> pa.Buffer | None:
    """The null bitmap (LSB first), or None when no value is None."""
    if all(v is not None for v in values):
        return None
    bits = bytearray((len(values) + 7) // 8)
    for i, v in enumerate(values):
        if v is not None:
            bits[i >> 3] |= 1 << (i & 7)
    return pa.py_buffer(bytes(bits))


def _strings(values: list[Any]) -> pa.Array:
    if not all(v is None or type(v) is str for v in values):
        raise _Unplain
    try:
        encoded = [b"" if v is None else v.encode("utf-8") for v in values]
    except UnicodeEncodeError:  # lone surrogates: pa.array's own error
        raise _Unplain from None
    data = b"".join(encoded)
    if len(data) >= 1 << 31:  # pa.array would chunk or fail: its call
        raise _Unplain
    offsets = array("i", accumulate(map(len, encoded), initial=0))
    return pa.Array.from_buffers(pa.string(), len(values),
                                 [_validity(values), pa.py_buffer(offsets), pa.py_buffer(data)])


def _numbers(values: list[Any], type_: pa.DataType, kind: type, code: str, fits: Any) -> pa.Array:
    if not all(v is None or (type(v) is kind and fits(v)) for v in values):
        raise _Unplain
    data = array(code, [kind(0) if v is None else v for v in values])
    return pa.Array.from_buffers(type_, len(values), [_validity(values), pa.py_buffer(data)])


def _lists(values: list[Any], type_: pa.DataType) -> pa.Array:
    if not all(v is None or type(v) is list for v in values):
        raise _Unplain
    items = [x for v in values if v is not None for x in v]
    if len(items) >= 1 << 31:  # int32 offsets: pa.array's call
        raise _Unplain
    offsets = array("i", accumulate((0 if v is None else len(v) for v in values), initial=0))
    child = _child(items, type_.value_type)
    return pa.Array.from_buffers(type_, len(values), [_validity(values), pa.py_buffer(offsets)],
                                 children=[child])


def _child(items: list[Any], type_: pa.DataType) -> pa.Array:
    if not pa.types.is_struct(type_):
        return _build(items, type_)
    if not all(type(x) is dict for x in items):
        raise _Unplain
    names = [type_.field(i).name for i in range(type_.num_fields)]
    if any(set(x) - set(names) for x in items):  # pa.array ignores extra keys: rare, left to it
        raise _Unplain
    fields = [_build([x.get(n) for x in items], type_.field(i).type) for i, n in enumerate(names)]
    return pa.StructArray.from_arrays(fields, fields=list(type_))
