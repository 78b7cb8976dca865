"""corpus.columns.column builds the arrays pa.array builds, without importing pandas."""

from __future__ import annotations

import subprocess
import sys

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.columns import column
from corpus.snapshot import DATA_SCHEMA, DROPPED_SCHEMA, REMOVED_TYPE

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=8)
REMOVAL = st.fixed_dictionaries({"stage": TEXT, "reason": st.none() | TEXT, "text": TEXT})
VALUES = {
    pa.string(): st.none() | TEXT,
    pa.int64(): st.none() | st.integers(-(1 << 63), (1 << 63) - 1),
    pa.float64(): st.none() | st.floats(allow_nan=False),
    pa.list_(pa.string()): st.none() | st.lists(TEXT, max_size=3),
    REMOVED_TYPE: st.lists(REMOVAL, max_size=3),
}


def _same(a: pa.Array, b: pa.Array) -> None:
    a.validate(full=True)
    assert a.type == b.type and a.null_count == b.null_count
    assert a.equals(b) and a.to_pylist() == b.to_pylist()


@pytest.mark.parametrize("type_", list(VALUES), ids=str)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_same_array_as_pa_array(type_: pa.DataType, data) -> None:
    values = data.draw(st.lists(VALUES[type_], max_size=12))
    _same(column(values, type_), pa.array(values, type=type_))


@pytest.mark.parametrize("values,type_", [
    (["a", 1], pa.string()),  # rejected by pa.array: the same error
    ([1.0, 2], pa.float64()),  # converted by pa.array
    ([True, 2], pa.int64()),
    ([("x",)], pa.list_(pa.string())),
    (["\ud800"], pa.string()),  # lone surrogate
    ([[{"stage": "s", "reason": "r", "text": "t", "extra": 1}]], REMOVED_TYPE),
    ([1 << 64], pa.int64()),
])
def test_other_values_get_pa_arrays_answer(values, type_) -> None:
    try:
        expected, error = pa.array(values, type=type_), None
    except (pa.ArrowException, ValueError, TypeError, OverflowError) as e:
        expected, error = None, type(e)
    if error is not None:
        with pytest.raises(error):
            column(values, type_)
    else:
        _same(column(values, type_), expected)


def test_snapshot_columns_do_not_import_pandas() -> None:
    rows = {f.name: None for f in DATA_SCHEMA} | {"id": "a", "removed": [], "duplicates": ["b"],
                                                   "warc_offset": 3, "lang_confidence": 0.5}
    code = ("import sys; from corpus.snapshot import _table, DATA_SCHEMA, DROPPED_SCHEMA; "
            f"_table([{rows!r}], DATA_SCHEMA); _table([{{'id': 'x'}}], DROPPED_SCHEMA); "
            "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    assert DROPPED_SCHEMA.names[0] == "id"
