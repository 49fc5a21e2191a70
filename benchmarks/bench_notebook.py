"""The ``notebook`` benchmark: the size of the MNIST notebook, executed and saved.

``notebooks/mnist_mlp.ipynb`` executed in a real Jupyter kernel through nbclient
(``_kernel_bench``) with its committed parameters and ``store_widget_state=True``, then
saved: its size, its widget state and its largest outputs. The quick smoke check injects
fewer epochs and images (``_runner.QUICK_NOTEBOOK``); the goal is for the committed ones.
"""

from __future__ import annotations

import sys
from pathlib import Path

from _kernel_bench import execute_notebook, notebook_parameters, notebook_size
from _results import Measurement, Row
from _runner import REPO_ROOT

NOTEBOOK_PATH = REPO_ROOT / "notebooks" / "mnist_mlp.ipynb"
NOTEBOOK_BYTES_GOAL = 300_000


def _kb(value: float) -> str:
    return f"{value / 1000:,.1f} KB"


def bench_notebook(notebook: tuple[int, int] | None, folder: Path) -> Measurement:
    """Runs the MNIST notebook with widget state kept, saves it and measures the file.

    Args:
        notebook: ``(epochs, train_samples)`` to inject, or None for the committed ones.
        folder: where to save the executed notebook (a temporary folder).

    Returns:
        The benchmark's rows.
    """
    relative = NOTEBOOK_PATH.relative_to(REPO_ROOT)
    committed = notebook_parameters(NOTEBOOK_PATH)
    if notebook is None:
        injected = None
        samples = committed.get("train_samples")
        label = f"committed parameters: {committed.get('epochs')} epochs, " + (
            "all 60,000 images" if samples is None else f"{samples:,} images"
        )
    else:
        epochs, samples = notebook
        injected = f"epochs = {epochs}\ntrain_samples = {samples}"
        label = (
            f"quick: {epochs} epochs, {samples:,} images injected; the goal is for the "
            "committed parameters"
        )
    print(f"  notebook: executing {relative} ({label})", file=sys.stderr, flush=True)
    nb, seconds, messages = execute_notebook(NOTEBOOK_PATH, injected)
    size = notebook_size(nb, folder / NOTEBOOK_PATH.name)

    def share(part: int) -> str:
        return f"{_kb(part)} ({part / size.total:.0%})"

    models = ", ".join(f"{n} {name}" for name, n in sorted(size.widget_models.items()))
    top = size.largest[0] if size.largest else None
    name = f"`{relative}` executed ({label}), saved with widget state: file size"
    rows = [
        Row(
            name,
            _kb(size.total),
            "-",
            "-",
            f"≤ {NOTEBOOK_BYTES_GOAL / 1000:g} KB",
            size.total <= NOTEBOOK_BYTES_GOAL,
        ),
        Row(
            f"↳ widget state (`metadata.widgets`: {models or 'none'})",
            share(size.widgets),
            "-",
            "-",
            "(none)",
            None,
        ),
        Row("↳ all cell outputs", share(size.outputs), "-", "-", "(none)", None),
    ]
    if top is not None:
        rows.append(
            Row(
                f"↳ largest output: cell {top.cell} `{top.source}`, {top.kind}",
                share(top.size),
                "-",
                "-",
                "(none)",
                None,
            )
        )
    largest = "; ".join(
        f"cell {o.cell} `{o.source}` {o.kind}: {o.size:,} B" for o in size.largest[:6]
    )
    chart = [m.data_bytes for m in messages]
    return Measurement(
        name=name,
        rows=tuple(rows),
        details=(
            f"run time (kernel start-up included): {seconds:.1f} s; file: {size.total:,} B",
            f"largest outputs: {largest}",
            f"chart messages received: {len(chart)}"
            + (f", largest {max(chart):,} B" if chart else ""),
        ),
        how=(
            f"`{relative}` read with nbformat"
            + (
                ""
                if injected is None
                else f" (quick mode: `{injected.replace(chr(10), '; ')}` injected after its "
                "`parameters` cell, papermill style)"
            )
            + ', executed top to bottom by `nbclient.NotebookClient(kernel_name="python3", '
            "store_widget_state=True, record_timing=False)` in a new kernel in the notebook's "
            'folder (`fit` draws its live chart: `view_metrics="auto"` in a kernel), and '
            "saved with `nbformat.write` to a temporary file: its size in bytes. Widget "
            "state and outputs: how many bytes smaller the same serialisation is without "
            "`metadata.widgets`, without all outputs, or without one output. nbclient keeps "
            "the state of every widget model opened during the run, closed ones included."
        ),
    )
