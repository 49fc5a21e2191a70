"""The kernel-front end contract: kernelkeras/_protocols.py against the shared fixtures.

``tests/fixtures/messages/<Type>.json`` holds valid and invalid examples of each type of
the contract; labextension/src/__tests__ checks the TypeScript guards against the same
files. Here: the Python types accept exactly the valid ones (typeguard, plus the rule
TypeScript has that a boolean is not a number), and what the widgets really send and
sync is of those types.
"""

from __future__ import annotations

import json
import types
import typing
from pathlib import Path
from typing import Any

import ipywidgets
import numpy as np
import pytest
from typeguard import CollectionCheckStrategy, TypeCheckError, check_type

from kernelkeras import callback_live_metrics
from kernelkeras._protocols import CONTRACT, LiveChartMessage, LiveChartState
from kernelkeras.frontend import CellWriter, LiveChart
from kernelkeras.plot import chart_style
from tests._models import compiled_mlp

ALL_ITEMS = CollectionCheckStrategy.ALL_ITEMS
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "messages"


def conforms(value: Any, kind: Any) -> bool:
    """Whether ``value`` is of type ``kind``, as strictly as the TypeScript guards check."""
    try:
        check_type(value, kind, collection_check_strategy=ALL_ITEMS)
    except TypeCheckError:
        return False
    return not _bool_for_number(value, kind)


def _bool_for_number(value: Any, kind: Any) -> bool:
    """A bool where ``kind`` wants an int or float (typeguard lets that pass, JSON does not)."""
    origin = typing.get_origin(kind)
    if kind in (int, float):
        return isinstance(value, bool)
    if origin in (typing.Union, types.UnionType):
        options = [k for k in typing.get_args(kind) if conforms_loosely(value, k)]
        return bool(options) and all(_bool_for_number(value, k) for k in options)
    if origin is list and isinstance(value, list):
        (item,) = typing.get_args(kind)
        return any(_bool_for_number(v, item) for v in value)
    if origin is dict and isinstance(value, dict):
        _, item = typing.get_args(kind)
        return any(_bool_for_number(v, item) for v in value.values())
    if typing.is_typeddict(kind) and isinstance(value, dict):
        hints = typing.get_type_hints(kind)
        return any(_bool_for_number(v, hints[k]) for k, v in value.items() if k in hints)
    return False


def conforms_loosely(value: Any, kind: Any) -> bool:
    try:
        check_type(value, kind, collection_check_strategy=ALL_ITEMS)
    except TypeCheckError:
        return False
    return True


def fixture_files() -> dict[str, dict[str, Any]]:
    return {path.stem: json.loads(path.read_text()) for path in sorted(FIXTURES.glob("*.json"))}


def test_every_type_has_a_fixture_file_and_every_file_a_type():
    files = fixture_files()
    assert sorted(files) == sorted(CONTRACT)
    for name, document in files.items():
        assert document["type"] == name
        assert document["from"] in ("kernel", "front end")
        assert document["valid"] and document["invalid"], f"{name}: needs examples of both"


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_python_accepts_the_valid_fixtures_and_refuses_the_invalid(name):
    document = fixture_files()[name]
    kind = CONTRACT[name]
    refused = [m for m in document["valid"] if not conforms(m, kind)]
    accepted = [m for m in document["invalid"] if conforms(m, kind)]
    assert not refused, f"valid {name} refused: {refused}"
    assert not accepted, f"invalid {name} accepted: {accepted}"


def test_the_front_end_tests_draw_with_the_style_python_sends():
    """labextension/src/__tests__/fixtures.ts takes its STYLE from this fixture entry."""
    first = fixture_files()["LiveChartState"]["valid"][0]
    assert first["chart_style"] == chart_style()


def test_the_checker_is_as_strict_as_the_front_end():
    update = {"kind": "update", "epoch": {"x": [1.0], "y": {"loss": [0.3, None]}}}
    assert conforms(update, CONTRACT["LiveChartUpdate"])
    assert not conforms({**update, "extra": 1}, CONTRACT["LiveChartUpdate"])
    assert not conforms({"kind": "update", "epoch": {"x": [True], "y": {}}}, LiveChartMessage)
    assert not conforms({"kind": "done"}, LiveChartMessage)


def test_the_live_chart_syncs_exactly_the_declared_state():
    chart = LiveChart(metrics=["loss", "mean_absolute_error"], validation=True, epochs=3)
    base = set(ipywidgets.DOMWidget.class_trait_names(sync=True))
    ours = set(LiveChart.class_trait_names(sync=True)) - base
    assert ours == set(typing.get_type_hints(LiveChartState))
    state = {name: getattr(chart, name) for name in ours}
    assert conforms(state, LiveChartState), state
    assert state["titles"] == {"loss": "Loss", "mean_absolute_error": "Mean absolute error"}


def test_a_real_fit_sends_only_declared_messages(mnist_small, comms):
    x, y, _, _ = mnist_small
    y = y.copy()
    y[:64] = np.nan  # a NaN loss on the first batches: nonfinite markers on the wire
    model = compiled_mlp()
    model.fit(x[:640], y[:640], epochs=2, batch_size=64, verbose=0, validation_split=0.2,
              callbacks=[callback_live_metrics()])  # fmt: skip
    (chart,) = [c for c in comms if "LiveChartModel" in json.dumps(c.messages[0][1])]
    messages = chart.custom()
    assert messages and all(conforms(m, LiveChartMessage) for m in messages), messages
    assert any("nonfinite" in m for m in messages)
    opened = chart.messages[0][1]["state"]
    state = {k: opened[k] for k in typing.get_type_hints(LiveChartState)}
    assert conforms(state, LiveChartState), state


def test_the_cell_writer_sends_declared_requests(comms):
    writer = CellWriter()
    writer.insert("print(1)", run=True)
    (wire,) = [c for c in comms if c.comm_id == writer.comm.comm_id]
    (request,) = wire.custom()
    assert conforms(request, CONTRACT["CellWriterRequest"])
