"""Helpers for the tests that run notebooks in real kernels (nbclient) and read them.

``run_small`` runs the MNIST notebook with small parameters, papermill style (a cell
injected after the ``parameters``-tagged one), plus a probe cell at the end; the
others find cells and read their outputs.
"""

from __future__ import annotations

import ast
import base64
import copy
import os
import sys
from pathlib import Path
from typing import Any

import nbformat
import numpy as np
from nbclient import NotebookClient
from nbclient.output_widget import OutputWidget
from nbformat import NotebookNode

from tests.conftest import ISOLATED

EPOCHS = 2
TRAIN_SAMPLES = 3000
VALIDATION_SPLIT = 0.2  # as in the notebook's fit() call
CELL_TIMEOUT = 300  # seconds per cell
INJECTED = f"epochs = {EPOCHS}\ntrain_samples = {TRAIN_SAMPLES}"
# Set by conftest to temporary folders; the kernel must see the same values.
ENV_VARS = ISOLATED
PROBE = (
    "import os as _os, sys as _sys\n"
    f"{{'cwd': _os.getcwd(), 'prefix': _sys.prefix, "
    f"'env': {{k: _os.environ.get(k) for k in {ENV_VARS!r}}}}}"
)


def parameter_cells(nb: NotebookNode) -> list[int]:
    """Indices of the cells tagged ``parameters``."""
    return [i for i, cell in enumerate(nb.cells) if "parameters" in cell.metadata.get("tags", [])]


def with_parameters(nb: NotebookNode, source: str) -> NotebookNode:
    """A copy of ``nb`` with a code cell of ``source`` right after the parameters cell."""
    (index,) = parameter_cells(nb)
    new = copy.deepcopy(nb)
    injected = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    new.cells.insert(index + 1, injected)
    return new


def output_text(cell: NotebookNode) -> str:
    """What a reader sees under a code cell: streams and text/plain results."""
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            parts.append(out.text)
        elif out.output_type in ("execute_result", "display_data"):
            parts.append(out.data.get("text/plain", ""))
    return "".join(parts)


def result_text(cell: NotebookNode) -> str:
    """The text/plain of the cell's execute_result (its last expression)."""
    results = [out for out in cell.outputs if out.output_type == "execute_result"]
    assert len(results) == 1, f"expected one result under {cell.source!r}, got {cell.outputs}"
    return results[0].data["text/plain"]


def cell_ending_with(nb: NotebookNode, line: str) -> NotebookNode:
    """The one code cell whose last line is ``line``."""
    found = [
        cell
        for cell in nb.cells
        if cell.cell_type == "code" and cell.source.strip().splitlines()[-1:] == [line]
    ]
    assert len(found) == 1, f"expected one code cell ending with {line!r}, found {len(found)}"
    return found[0]


class LocalOutputWidget(OutputWidget):
    """nbclient's stand-in for an Output widget, without echoing its outputs to the kernel.

    nbclient sends an Output widget's new outputs back to the kernel on the shell channel
    while it waits on that same socket for the cell's execute_reply. When the reply comes
    in during that send, the wait does not wake up until the cell's timeout: the training
    cell (``builder.train()`` shows its chart in an Output widget) then stalled for the
    full 300 s in about one run of three, and passed. The outputs are still recorded in
    the widget state saved with the notebook, which is what the tests read.
    """

    def sync_state(self) -> None:
        """Sends nothing (see the class docstring)."""


def run_small(
    notebook_path: Path, injected: str = INJECTED, output_widget: type | None = None
) -> NotebookNode:
    """The notebook run with small parameters, plus a probe cell at the end.

    conftest's session fixture ``executed_mnist_notebook`` calls this once for the MNIST
    notebook, so the notebook tests and the browser tests share one run.

    Args:
        notebook_path: the notebook.
        injected: the code of the cell injected after the ``parameters`` cell.
        output_widget: nbclient's stand-in for ``Output`` widgets, if not its own.
    """
    nb = with_parameters(nbformat.read(notebook_path, as_version=4), injected)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE, metadata={"tags": ["probe"]}))
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=CELL_TIMEOUT,
        startup_timeout=120,
        allow_errors=True,
        resources={"metadata": {"path": str(notebook_path.parent)}},
    )
    if output_widget is not None:
        client.widget_registry["@jupyter-widgets/output"]["OutputModel"] = output_widget
    client.execute()
    return nb


def assigned_names(source: str) -> list[str]:
    """Names assigned at the top level of ``source``."""
    return [
        target.id
        for node in ast.parse(source).body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    ]


def check_no_cell_errors(executed: NotebookNode) -> None:
    """Every code cell ran, and none raised."""
    errors = [
        f"cell {i} ({cell.source.splitlines()[0]!r}): {out.ename}: {out.evalue}"
        for i, cell in enumerate(executed.cells)
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.output_type == "error"
    ]
    assert not errors, "\n".join(errors)
    code = [cell for cell in executed.cells if cell.cell_type == "code"]
    assert all(cell.execution_count is not None for cell in code), "some cells did not run"


def check_kernel_environment(executed: NotebookNode, notebook_path: Path) -> None:
    """The kernel ran in notebooks/, on this interpreter, with conftest's temporary folders."""
    probe = ast.literal_eval(result_text(executed.cells[-1]))
    assert Path(probe["cwd"]).resolve() == notebook_path.parent.resolve()
    assert Path(probe["prefix"]).resolve() == Path(sys.prefix).resolve()
    assert probe["env"] == {name: os.environ[name] for name in ENV_VARS}
    home = Path.home().resolve()
    for name, value in probe["env"].items():
        assert home not in Path(value).resolve().parents, f"{name} points into $HOME"


PLOTLY = "application/vnd.plotly.v1+json"


def rich_output(cell: NotebookNode, output_type: str) -> NotebookNode:
    """The cell's only output, which must be of ``output_type``."""
    kinds = [out.output_type for out in cell.outputs]
    assert kinds == [output_type], f"expected one {output_type} under {cell.source!r}: {kinds}"
    return cell.outputs[0]


def plotly_figure(cell: NotebookNode) -> dict[str, Any]:
    """The plotly JSON stored under a plot cell (a display_data that also has text/plain)."""
    out = rich_output(cell, "display_data")
    assert set(out.data) == {PLOTLY, "text/plain"}, f"{cell.source!r} stored {sorted(out.data)}"
    assert out.data["text/plain"].strip(), f"{cell.source!r} has an empty text/plain"
    figure = out.data[PLOTLY]
    assert isinstance(figure, dict) and figure.get("data"), f"no traces under {cell.source!r}"
    return dict(figure)


def plotly_array(value: Any) -> np.ndarray:
    """A trace's data array: a plain list, or plotly's base64 typed array (``bdata``)."""
    if isinstance(value, dict):
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
    return np.asarray(value, dtype="float64")
