"""``CellWriter``: the message it sends and the replies it keeps.

The tests replace ``comm.create_comm`` with a comm that records what it would send
(the ``comms`` fixture) and feed it the front end's replies. The real thing, in
JupyterLab and Notebook 7 with Chromium, is tested in tests/browser/test_cell_writer.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from kernelkeras.frontend import CellWriter
from tests._comms import RecordingComm


@pytest.fixture
def writer(comms) -> tuple[CellWriter, RecordingComm]:
    w = CellWriter()
    (wire,) = [c for c in comms if c.comm_id == w.comm.comm_id]
    return w, wire


def test_the_widget_names_its_front_end_module(writer):
    _, wire = writer
    opened = [data for kind, data, _ in wire.messages if kind == "comm_open"]
    assert len(opened) == 1
    state = opened[0]["state"]
    assert (state["_model_name"], state["_view_name"]) == ("CellWriterModel", "CellWriterView")
    assert state["_model_module"] == state["_view_module"] == "kernelkeras"
    assert state["_model_module_version"] == state["_view_module_version"] == "^0.1.0"
    assert "last_result" not in state  # Python-side only


def test_insert_sends_one_insert_cell_message(writer):
    w, wire = writer
    w.insert("print(6 * 7)", run=True)
    w.insert("x = 1\ny = 2")
    assert wire.custom() == [
        {"method": "insert_cell", "code": "print(6 * 7)", "run": True},
        {"method": "insert_cell", "code": "x = 1\ny = 2", "run": False},
    ]


@pytest.mark.parametrize(("code", "run"), [(b"print(1)", False), (None, False), ("1", 1)])
def test_insert_rejects_wrong_types(writer, code, run):
    w, wire = writer
    with pytest.raises(TypeError, match=r"CellWriter\.insert: (code|run) must be"):
        w.insert(code, run=run)
    assert wire.custom() == []


def test_replies_set_last_result_and_call_the_callbacks(writer):
    w, wire = writer
    seen: list[tuple[str, dict, Any]] = []
    first = lambda result: seen.append(("first", result, w.last_result))  # noqa: E731
    w.on_result(first)
    w.on_result(lambda result: seen.append(("second", result, w.last_result)))
    assert w.last_result is None

    wire.receive({"event": "inserted", "ok": True})
    assert w.last_result == {"event": "inserted", "ok": True}
    ok = {"event": "inserted", "ok": True}
    assert seen == [("first", ok, ok), ("second", ok, ok)]  # last_result is set first

    failed = {"event": "inserted", "ok": False, "reason": "not in a notebook"}
    w.on_result(first, remove=True)
    wire.receive(failed)
    assert w.last_result == failed
    assert seen[2:] == [("second", failed, failed)]

    wire.receive({"event": "something else"})  # not a reply: ignored
    assert w.last_result == failed and len(seen) == 3


def test_last_result_is_read_only(writer):
    w, _ = writer
    with pytest.raises(Exception, match="read-only"):
        w.last_result = {"event": "inserted", "ok": True}
