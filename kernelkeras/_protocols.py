"""The messages between the kernel and kernelkeras' JupyterLab extension, as types.

Two widgets talk to the front end (``labextension/``): the live training chart
(:class:`~kernelkeras.frontend.LiveChart`) and the cell writer
(:class:`~kernelkeras.frontend.CellWriter`). Everything they sync or send is declared
here; ``labextension/src/protocol.ts`` declares the same types for TypeScript. The
fixtures in ``tests/fixtures/messages/`` hold valid and invalid examples of each type,
and the tests of both sides check that each side accepts exactly the valid ones.

Live chart, kernel -> front end: the synced traits (:class:`LiveChartState`) and the
custom messages :class:`LiveChartUpdate` (new points) and :class:`LiveChartDone` (the
final status line). Front end -> kernel: :class:`LiveChartEvent` (the Stop button).

Cell writer, kernel -> front end: :class:`CellWriterRequest`; front end -> kernel: one
:class:`CellWriterReply` per request.

Example:

>>> update: LiveChartUpdate = {"kind": "update", "epoch": {"x": [1.0], "y": {"loss": [0.3]}}}
"""

from __future__ import annotations

from typing import Literal, TypedDict

from kernelkeras._version import __version__

#: The JupyterLab extension's widget module, as ``labextension/package.json`` names it.
MODULE_NAME = "kernelkeras"
#: The module versions the widgets ask for: the front end of this very release.
MODULE_VERSION = f"^{__version__}"

#: A metric value on the wire: NaN and infinities travel as ``None`` (JSON has no NaN).
Value = float | None


class Points(TypedDict):
    """Points of several series at the same x: ``y[name][i]`` belongs to ``x[i]``.

    x is in epochs: batches at fractions (2.25 = a quarter into epoch 3), epoch ends at
    whole numbers counted from 1. Validation series are named ``val_<metric>``.
    """

    x: list[float]
    y: dict[str, list[Value]]


class Nonfinite(TypedDict):
    """Points whose value was NaN or infinite: marked with a cross in panel ``metric``."""

    x: list[float]
    metric: list[str]


class _UpdateKind(TypedDict):
    kind: Literal["update"]


class LiveChartUpdate(_UpdateKind, total=False):
    """New points since the last update (only those), and the status line."""

    header: str
    batch: Points
    epoch: Points
    nonfinite: Nonfinite


class LiveChartDone(TypedDict):
    """Training ended: the final status line; the Stop button is disabled."""

    kind: Literal["done"]
    header: str


#: A custom message from the kernel to the live chart.
LiveChartMessage = LiveChartUpdate | LiveChartDone


class LiveChartEvent(TypedDict):
    """The Stop button was clicked (the front end also interrupts the kernel)."""

    event: Literal["stop"]


class SeriesStyle(TypedDict):
    """How the epoch values of training or validation are drawn (plotly names)."""

    color: str
    width: float
    dash: Literal["solid", "dash", "dot"]
    symbol: str
    marker_size: float


class LineStyle(TypedDict):
    """A plain line: the per-batch training values."""

    color: str
    width: float


class MarkerStyle(TypedDict):
    """A marker: the cross that flags a NaN or infinite value."""

    color: str
    symbol: str
    size: float


class ChartStyle(TypedDict):
    """The live chart's look; the static figures use the same (``kernelkeras.plot``)."""

    training: SeriesStyle
    validation: SeriesStyle
    batches: LineStyle
    nonfinite: MarkerStyle


class LiveChartState(TypedDict):
    """The live chart's synced traits (ipywidgets' own traits aside).

    ``epochs`` is at least 1 and ``initial_epoch`` at least 0 (the widget validates).
    """

    metrics: list[str]
    titles: dict[str, str]
    validation: bool
    epochs: int
    initial_epoch: int
    title: str
    running: bool
    header: str
    chart_style: ChartStyle


class CellWriterRequest(TypedDict):
    """Insert a code cell holding ``code`` below the widget's cell (and run it)."""

    method: Literal["insert_cell"]
    code: str
    run: bool


class CellWriterInserted(TypedDict):
    """The cell was inserted (and, with ``run``, its execution requested)."""

    event: Literal["inserted"]
    ok: Literal[True]


class CellWriterRefused(TypedDict):
    """Nothing was inserted, and why."""

    event: Literal["inserted"]
    ok: Literal[False]
    reason: str


#: The front end's one reply to each :class:`CellWriterRequest`.
CellWriterReply = CellWriterInserted | CellWriterRefused

#: Every top-level type of the contract by name: the fixture files are named after them.
CONTRACT: dict[str, object] = {
    "LiveChartUpdate": LiveChartUpdate,
    "LiveChartDone": LiveChartDone,
    "LiveChartEvent": LiveChartEvent,
    "LiveChartState": LiveChartState,
    "CellWriterRequest": CellWriterRequest,
    "CellWriterReply": CellWriterReply,
}
