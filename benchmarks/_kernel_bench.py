"""Helpers for the benchmarks that run in a real Jupyter kernel (live chart, notebook, builder).

The live chart of ``fit`` streams comm messages over ZMQ to the front end. To measure
what that costs and what it sends, these helpers start a real ``python3`` kernel with
``nbclient.NotebookClient`` (the venv's ipykernel), execute cells one at a time, read
the numbers a cell prints back from its output, and record every custom comm message
of the chart widget as the client receives it from the kernel's IOPub socket. The
model builder benchmark times edits the same way and weighs every widget message
(``comm_open``, ``comm_msg``, ``comm_close``) its cells make the kernel send.
"""

from __future__ import annotations

import ast
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import nbformat
from jupyter_client.session import json_packer
from nbclient import NotebookClient
from nbformat import NotebookNode

#: Folders a kernel may write to, pointed at a temporary folder (nothing into ``$HOME``).
JUPYTER_DIRS = (
    "IPYTHONDIR",
    "JUPYTER_CONFIG_DIR",
    "JUPYTER_DATA_DIR",
    "JUPYTER_RUNTIME_DIR",
    "MPLCONFIGDIR",
    "XDG_CACHE_HOME",
)
#: Starts the line on which a benchmark cell prints its numbers (as JSON).
MARKER = "KERNELKERAS-BENCH "
#: The ``_model_name`` of kernelkeras' live chart widget.
CHART_MODEL = "LiveChartModel"
STARTUP_TIMEOUT = 120
CELL_TIMEOUT = 1800


def isolate_jupyter(root: Path) -> None:
    """Points Jupyter's, IPython's and Matplotlib's folders below ``root``.

    Must run before a kernel starts; kernels inherit the environment.

    Args:
        root: a temporary folder.
    """
    for var in JUPYTER_DIRS:
        folder = root / var.lower()
        folder.mkdir(parents=True, exist_ok=True)
        os.environ[var] = str(folder)
    os.environ["JUPYTER_PLATFORM_DIRS"] = "1"


class ChartMessage(NamedTuple):
    """One custom comm message of a live chart, as the client received it.

    Attributes:
        kind: the message's ``kind`` (``"update"`` or ``"done"``).
        data_bytes: bytes of the comm data's JSON, ``{"method": "custom", "content":
            {...}}``, packed as jupyter_client packs it (UTF-8, no ASCII escapes).
        wire_bytes: bytes of the whole Jupyter message's four JSON frames (header,
            parent header, metadata, content with the comm id), the same way packed.
        received: ``time.monotonic()`` in the client when it was processed.
    """

    kind: str
    data_bytes: int
    wire_bytes: int
    received: float


class CommMessage(NamedTuple):
    """One widget message (``comm_open``, ``comm_msg`` or ``comm_close``), as received.

    Attributes:
        msg_type: the Jupyter message type.
        method: its comm data's ``method`` (``"update"``, ``"custom"``, ...; ``""`` if none).
        data_bytes: bytes of its comm data's JSON, packed as jupyter_client packs it
            (UTF-8, no ASCII escapes), plus its binary buffers if any.
        wire_bytes: bytes of the whole Jupyter message's four JSON frames and buffers.
    """

    msg_type: str
    method: str
    data_bytes: int
    wire_bytes: int


class RecordingClient(NotebookClient):
    """A ``NotebookClient`` that records the widgets' comm messages.

    nbclient hands every ``comm_*`` message of the cell being executed to
    :meth:`handle_comm_msg`. Each is weighed (:attr:`comm_messages`); besides, a
    ``comm_open`` whose state names ``LiveChartModel`` marks a chart, and each
    ``comm_msg`` with ``method == "custom"`` on it is measured (:attr:`chart_messages`).
    """

    def __init__(self, nb: NotebookNode, **kwargs: Any) -> None:
        super().__init__(nb, **kwargs)
        self.chart_comms: set[str] = set()
        self.chart_messages: list[ChartMessage] = []
        self.comm_messages: list[CommMessage] = []

    def handle_comm_msg(
        self, outs: list[NotebookNode], msg: dict[str, Any], cell_index: int
    ) -> None:
        super().handle_comm_msg(outs, msg, cell_index)
        content = msg["content"]
        data = content.get("data") or {}
        buffers = sum(len(memoryview(b).cast("B")) for b in msg.get("buffers") or ())
        frames = (msg["header"], msg["parent_header"], msg["metadata"], content)
        self.comm_messages.append(
            CommMessage(
                msg_type=msg["msg_type"],
                method=str(data.get("method", "")),
                data_bytes=len(json_packer(data)) + buffers,
                wire_bytes=sum(len(json_packer(frame)) for frame in frames) + buffers,
            )
        )
        if msg["msg_type"] == "comm_open":
            if (data.get("state") or {}).get("_model_name") == CHART_MODEL:
                self.chart_comms.add(content["comm_id"])
        elif (
            msg["msg_type"] == "comm_msg"
            and content.get("comm_id") in self.chart_comms
            and data.get("method") == "custom"
        ):
            self.chart_messages.append(
                ChartMessage(
                    kind=str((data.get("content") or {}).get("kind")),
                    data_bytes=len(json_packer(data)),
                    wire_bytes=sum(len(json_packer(frame)) for frame in frames),
                    received=time.monotonic(),
                )
            )


def _client(nb: NotebookNode, cwd: Path, **kwargs: Any) -> RecordingClient:
    return RecordingClient(
        nb,
        kernel_name="python3",
        timeout=CELL_TIMEOUT,
        startup_timeout=STARTUP_TIMEOUT,
        resources={"metadata": {"path": str(cwd)}},
        **kwargs,
    )


class CellRun(NamedTuple):
    """One executed benchmark cell.

    Attributes:
        numbers: what the cell printed after :data:`MARKER`, parsed (None if nothing).
        messages: the chart messages the client received while the cell ran.
        comms: every widget message the client received while the cell ran.
    """

    numbers: dict[str, Any] | None
    messages: list[ChartMessage]
    comms: list[CommMessage]


def cell_numbers(cell: CellRun, source: str) -> dict[str, Any]:
    """What a benchmark cell printed, or an error if it printed nothing.

    Args:
        cell: the executed cell.
        source: its code, for the error message.

    Returns:
        Its numbers.

    Raises:
        RuntimeError: the cell printed no line starting with :data:`MARKER`.
    """
    if cell.numbers is None:
        raise RuntimeError(f"the kernel cell {source!r} printed no benchmark numbers")
    return cell.numbers


class KernelSession:
    """One real kernel; cells are appended to a notebook and executed one at a time."""

    def __init__(self, cwd: Path) -> None:
        self.nb = nbformat.v4.new_notebook()
        self.client = _client(self.nb, cwd, store_widget_state=False)

    @classmethod
    @contextmanager
    def started(cls, cwd: Path) -> Iterator[KernelSession]:
        """A session whose kernel runs for the ``with`` block, then is shut down.

        Args:
            cwd: the kernel's working folder.

        Yields:
            The session.
        """
        session = cls(cwd)
        with session.client.setup_kernel():
            yield session

    def run(self, source: str) -> CellRun:
        """Executes ``source`` as the next cell; raises if the cell raises.

        Args:
            source: the cell's code.

        Returns:
            Its printed numbers, the chart messages and all widget messages received
            meanwhile. The cell's
            outputs are dropped afterwards (a live run leaves a static figure behind).
        """
        cell = nbformat.v4.new_code_cell(source)
        self.nb.cells.append(cell)
        seen = len(self.client.chart_messages)
        seen_comms = len(self.client.comm_messages)
        cell = self.client.execute_cell(cell, len(self.nb.cells) - 1)
        numbers = None
        for output in cell.outputs:
            if output.output_type == "stream" and output.name == "stdout":
                for line in output.text.splitlines():
                    if line.startswith(MARKER):
                        numbers = json.loads(line.removeprefix(MARKER))
        cell.outputs = []
        return CellRun(
            numbers, self.client.chart_messages[seen:], self.client.comm_messages[seen_comms:]
        )


def _parameters_cell(nb: NotebookNode) -> int:
    (index,) = [i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])]
    return index


def notebook_parameters(path: Path) -> dict[str, Any]:
    """The literal values assigned in a notebook's ``parameters``-tagged cell.

    Args:
        path: the ``.ipynb`` file.

    Returns:
        Name -> value, e.g. ``{"epochs": 30, "train_samples": None}``.
    """
    nb = nbformat.read(path, as_version=4)
    values = {}
    for node in ast.parse(nb.cells[_parameters_cell(nb)].source).body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    values[target.id] = ast.literal_eval(node.value)
    return values


def with_parameters(nb: NotebookNode, source: str) -> NotebookNode:
    """Injects a cell of ``source`` right after the ``parameters``-tagged cell (papermill style).

    Args:
        nb: the notebook; changed in place.
        source: the injected cell's code.

    Returns:
        ``nb``.
    """
    index = _parameters_cell(nb)
    injected = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    nb.cells.insert(index + 1, injected)
    return nb


def execute_notebook(
    path: Path, parameters: str | None
) -> tuple[NotebookNode, float, list[ChartMessage]]:
    """Runs a notebook top to bottom in a new kernel, keeping the widget state.

    ``record_timing=False``, as JupyterLab saves notebooks by default (no per-cell
    execution timestamps in the cells' metadata).

    Args:
        path: the ``.ipynb`` file; the kernel runs in its folder.
        parameters: if given, injected after the ``parameters`` cell.

    Returns:
        The executed notebook, the wall seconds of the whole run (kernel start-up
        included), and the chart messages received.
    """
    nb = nbformat.read(path, as_version=4)
    if parameters:
        with_parameters(nb, parameters)
    client = _client(nb, path.parent, store_widget_state=True, record_timing=False)
    start = time.perf_counter()
    client.execute()
    return nb, time.perf_counter() - start, client.chart_messages


class OutputSize(NamedTuple):
    """One cell output's share of a saved notebook.

    Attributes:
        cell: the cell's position, counted from 1 over all cells.
        source: the cell's last line of code.
        kind: the output's type and MIME types.
        size: how many bytes smaller the file is without it.
    """

    cell: int
    source: str
    kind: str
    size: int


class NotebookSize(NamedTuple):
    """What a saved notebook's bytes are.

    Attributes:
        total: bytes of the file as ``nbformat.write`` saves it.
        widgets: how many bytes smaller it is without ``metadata.widgets``.
        widget_models: ``_model_name`` -> how many such models the widget state holds.
        outputs: how many bytes smaller it is without any cell output.
        largest: the outputs, largest first.
    """

    total: int
    widgets: int
    widget_models: dict[str, int]
    outputs: int
    largest: list[OutputSize]


def _saved_size(nb: NotebookNode) -> int:
    return len((nbformat.writes(nb) + "\n").encode("utf-8"))


def notebook_size(nb: NotebookNode, path: Path) -> NotebookSize:
    """Saves ``nb`` to ``path`` and measures the file and its parts.

    Args:
        nb: an executed notebook (left as it was).
        path: where to write it.

    Returns:
        The sizes.
    """
    nbformat.write(nb, path)
    total = path.stat().st_size
    saved = _saved_size(nb)  # the same serialisation, so the differences below add up
    widgets = nb.metadata.get("widgets")
    models: dict[str, int] = {}
    widget_bytes = 0
    if widgets is not None:
        states = widgets.get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
        for model in states.values():
            name = str(model.get("model_name"))
            models[name] = models.get(name, 0) + 1
        del nb.metadata["widgets"]
        widget_bytes = saved - _saved_size(nb)
        nb.metadata["widgets"] = widgets
    largest = []
    all_outputs = {}
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code" or not cell.outputs:
            continue
        all_outputs[number] = cell.outputs
        for position, output in enumerate(list(cell.outputs)):
            cell.outputs.pop(position)
            size = saved - _saved_size(nb)
            cell.outputs.insert(position, output)
            mimes = ", ".join(sorted(output.get("data", {})))
            lines = cell.source.strip().splitlines() or [""]
            largest.append(
                OutputSize(
                    cell=number,
                    source=lines[-1][:60],
                    kind=f"{output.output_type}" + (f" ({mimes})" if mimes else ""),
                    size=size,
                )
            )
    for number in all_outputs:
        nb.cells[number - 1].outputs = []
    output_bytes = saved - _saved_size(nb)
    for number, outputs in all_outputs.items():
        nb.cells[number - 1].outputs = outputs
    largest.sort(key=lambda o: o.size, reverse=True)
    return NotebookSize(total, widget_bytes, models, output_bytes, largest)
