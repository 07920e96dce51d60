"""The grader's notebook reading (``read_graded``) says what a whole parse says.

``read_graded`` parses with simdjson and makes Python objects only of the outputs holding kit records and the
metadata; the reference is ``read_notebook`` (orjson, the whole file) followed by ``_graded_parts``. Both
routes must give the same parts for any notebook, and the same message for any file that is not one.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.grading import read
from helpers.grading.read import SubmissionError, _graded_parts, read_graded, read_notebook
from helpers.record.notebook import MIME_TYPE

pytestmark = pytest.mark.skipif(read.simdjson is None, reason="simdjson is not installed: there is one route only")


@pytest.fixture(autouse=True)
def _every_file_read_lazily(monkeypatch: pytest.MonkeyPatch) -> None:
    """The files made here are small, and ``read_graded`` hands only large ones to simdjson: here it takes them all."""
    monkeypatch.setattr(read, "_LAZY_FROM", 0)

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-(2**63), 2**64 - 1), st.floats(allow_nan=False,
                    allow_infinity=False), st.text(max_size=8))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                             max_size=3), max_leaves=8)
RECORDS = st.fixed_dictionaries({"activity": st.sampled_from(["claims", "devices", "checks", 3]),
                                 "items": st.lists(VALUES, max_size=3)}, optional={"schema_version": VALUES})
DATA = st.one_of(
    st.dictionaries(st.sampled_from(["text/plain", "image/png", "text/html"]), VALUES, max_size=3),
    st.builds(lambda extra, record: {**extra, MIME_TYPE: record},
              st.dictionaries(st.sampled_from(["text/plain", "image/png"]), VALUES, max_size=2),
              st.one_of(RECORDS, VALUES)),
    VALUES,
)
OUTPUTS = st.one_of(st.lists(st.one_of(st.fixed_dictionaries({"output_type": st.just("display_data"), "data": DATA}),
                                       VALUES), max_size=4), VALUES)
CELLS = st.one_of(st.fixed_dictionaries({"cell_type": st.just("code"), "source": st.text(max_size=20)},
                                        optional={"outputs": OUTPUTS}),
                  st.fixed_dictionaries({"cell_type": st.sampled_from(["markdown", "raw", 7]),
                                         "source": st.text(max_size=20)}, optional={"outputs": OUTPUTS}), VALUES)
NOTEBOOKS = st.fixed_dictionaries(
    {"cells": st.one_of(st.lists(CELLS, max_size=5), VALUES)},
    optional={"metadata": VALUES, "nbformat": st.sampled_from([4, 3]), "worksheets": st.one_of(st.lists(VALUES,
                                                                                                      max_size=1),
                                                                                             VALUES)},
)


def _both(path: Path) -> tuple[Any, Any]:
    """What each route gives for the file at ``path``: its parts, or the message it refused it with."""
    results = []
    for route in (lambda: read_graded(path), lambda: _graded_parts(read_notebook(path))):
        try:
            results.append(route())
        except SubmissionError as exc:
            results.append(("refused", str(exc)))
    return results[0], results[1]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notebook=st.one_of(NOTEBOOKS, VALUES), ascii_only=st.booleans())
def test_both_routes_read_the_same_parts(tmp_path: Path, notebook: Any, ascii_only: bool) -> None:
    path = tmp_path / "n.ipynb"
    # Jupyter writes with Python's json (non-ASCII kept, or escaped as \\uXXXX); both spellings must read alike.
    path.write_bytes(json.dumps(notebook, ensure_ascii=ascii_only).encode("utf-8"))
    fast, reference = _both(path)
    assert fast == reference
    if isinstance(notebook, dict) and isinstance(notebook.get("cells"), list) and not isinstance(
            notebook.get("worksheets"), list):  # a notebook: the fast route itself reads it, not the fallback
        assert read._graded_lazily(path.read_bytes()) == reference


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notebook=NOTEBOOKS, cut=st.integers(0, 400), junk=st.binary(max_size=4))
def test_damaged_files_are_refused_with_the_same_message(tmp_path: Path, notebook: Any, cut: int, junk: bytes) -> None:
    raw = orjson.dumps(notebook)
    path = tmp_path / "n.ipynb"
    path.write_bytes(raw[:cut] + junk + raw[cut:])
    fast, reference = _both(path)
    assert fast == reference


@pytest.mark.parametrize("raw", [
    b"\xef\xbb\xbf" + orjson.dumps({"cells": []}),  # a byte order mark: orjson refuses it, so must the grader
    b'{"cells": [], "metadata": {"n": 123456789012345678901234567890}}',  # a number simdjson will not take
    b'{"cells": [], "metadata": ' + b"[" * 1100 + b"]" * 1100 + b"}",  # nested beyond either parser's limit
    b'{"cells": [{"outputs": [{"data": {"' + MIME_TYPE.encode() + b'": ' + b"[" * 1000 + b"]" * 1000 + b"}}]}]}",
    b'{"cells": [], "worksheets": []}',  # nbformat 3
    b'{"cells": "none"}', b"[]", b"", b'{"cells": [{"outputs": [{"data": {"text/plain": "\\ud800"}}]}]}',
])
def test_odd_files_read_as_the_reference_reads_them(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "odd.ipynb"
    path.write_bytes(raw)
    fast, reference = _both(path)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(10_000)  # comparing a thousand nested lists recurses a thousand deep
    try:
        assert fast == reference
    finally:
        sys.setrecursionlimit(limit)


def test_a_failure_leaves_the_parser_usable(tmp_path: Path) -> None:
    """A file simdjson gives up on half-way (nesting too deep to make objects of) must not leave the parser
    holding objects of it: the next file is read by the fast route as ever."""
    deep = tmp_path / "deep.ipynb"
    deep.write_bytes(b'{"cells": [], "metadata": ' + b"[" * 1000 + b"]" * 1000 + b"}")
    good = tmp_path / "good.ipynb"
    record = {"activity": "claims", "items": []}
    good.write_bytes(orjson.dumps({"cells": [{"outputs": [{"data": {MIME_TYPE: record, "text/plain": "1"}}]}]}))
    _both(deep)
    assert read._graded_lazily(good.read_bytes()) == {"cells": [{"outputs": [{"data": {MIME_TYPE: record,
                                                                                          "text/plain": "1"}}]}]}


def test_only_the_parts_graded_are_kept(tmp_path: Path) -> None:
    """A saved chart and table are not kept; the record's output (with its summary line) and metadata are."""
    record = {"activity": "devices", "items": [1, 2]}
    notebook = {"cells": [{"cell_type": "markdown", "source": "x"},
                          {"cell_type": "code", "outputs": [{"data": {"image/png": "A" * 10_000}},
                                                            {"data": {MIME_TYPE: record, "text/plain": "2 tags"}}]}],
                "metadata": {"widgets": {}}, "nbformat": 4}
    path = tmp_path / "n.ipynb"
    path.write_bytes(orjson.dumps(notebook))
    assert read_graded(path) == {"cells": [{"outputs": [{"data": {MIME_TYPE: record, "text/plain": "2 tags"}}]}],
                                 "metadata": {"widgets": {}}}


def test_only_large_files_take_the_lazy_route(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A notebook without pictures is parsed whole by orjson (faster for it); one with a chart by simdjson."""
    monkeypatch.setattr(read, "_LAZY_FROM", 32_768)
    lazily: list[int] = []
    real = read._graded_lazily
    monkeypatch.setattr(read, "_graded_lazily", lambda raw: lazily.append(len(raw)) or real(raw))
    record = {"activity": "devices", "items": []}
    for picture in (100, 40_000):
        notebook = {"cells": [{"cell_type": "code", "outputs": [{"data": {"image/png": "A" * picture}},
                                                                {"data": {MIME_TYPE: record}}]}]}
        path = tmp_path / f"n{picture}.ipynb"
        path.write_bytes(orjson.dumps(notebook))
        assert read_graded(path) == {"cells": [{"outputs": [{"data": {MIME_TYPE: record}}]}]}
    assert len(lazily) == 1 and lazily[0] > 40_000
