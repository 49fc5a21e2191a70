"""The live chart in a real kernel (nbclient): what ends up in the notebook."""

from __future__ import annotations

import base64
import json

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient

SETUP = """\
from kernelkeras import *
import os, signal
(x, y), _ = dataset_mnist()
x = x[:1200].reshape(1200, 784) / 255
y = to_categorical(y[:1200], 10)
model = (keras_model_sequential()
         >> layer_dense(units=32, activation="relu", input_shape=(784,))
         >> layer_dense(units=10, activation="softmax"))
model >> compile(loss="categorical_crossentropy", optimizer="rmsprop", metrics=["accuracy"])
"""

TWO_FITS = """\
print("before")
first = model >> fit(x, y, epochs=2, batch_size=64, validation_split=0.2)
print("between")
second = model >> fit(x, y, epochs=4, initial_epoch=2, batch_size=64, validation_split=0.2,
                      verbose=1)
print("after")
"""

INTERRUPTED = """\
steps = []
def twice(batch, logs):
    steps.append(batch)
    if len(steps) == 25:  # in the second epoch (19 steps each)
        os.kill(os.getpid(), signal.SIGINT)
        os.kill(os.getpid(), signal.SIGINT)
model >> fit(x, y, epochs=3, batch_size=64, verbose=0,
             callbacks=[callback_lambda(on_train_batch_end=twice)])
"""

FAILING = """\
def boom(epoch, logs):
    if epoch == 1:
        raise RuntimeError("callback broke")
model >> fit(x, y, epochs=3, batch_size=64, verbose=0,
             callbacks=[callback_lambda(on_epoch_end=boom)])
"""


def run(tmp_path, *cells: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(SETUP), *map(nbformat.v4.new_code_cell, cells)]
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    path = tmp_path / "run.ipynb"
    nbformat.write(nb, path)
    return nbformat.read(path, as_version=4)


def values(array) -> list[float]:
    """A plotly JSON array: a list, or a typed array ``{"dtype", "bdata"}`` (base64)."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def figures(cell) -> list[dict]:
    return [
        out["data"]["application/vnd.plotly.v1+json"]
        for out in cell.outputs
        if "application/vnd.plotly.v1+json" in out.get("data", {})
    ]


@pytest.fixture(scope="module")
def notebook(tmp_path_factory):
    return run(tmp_path_factory.mktemp("live"), TWO_FITS, INTERRUPTED, FAILING)


def test_two_fits_in_one_cell_give_two_charts_in_place(notebook):
    cell = notebook.cells[1]
    charts = figures(cell)
    assert len(charts) == 2
    assert charts[0]["layout"]["title"]["text"] == "Trained 2/2 epochs"
    assert charts[1]["layout"]["title"]["text"] == "Trained 4/4 epochs"
    # the second run continues the epoch axis
    assert min(min(values(trace["x"])) for trace in charts[1]["data"]) == 3
    # nothing else in the cell was cleared: prints and the progress bar stay, in order
    text = "".join(out.get("text", "") for out in cell.outputs if out["output_type"] == "stream")
    assert text.index("before") < text.index("between") < text.index("after")
    assert "━" in text  # Keras' progress bar (verbose=1) is kept
    # with the chart on, Keras prints one line per epoch unless told otherwise (verbose=2)
    first_fit = text[text.index("before") : text.index("between")]
    assert first_fit.count("/step") == 2 and "━" not in first_fit
    plain = [out["data"]["text/plain"] for out in cell.outputs if "data" in out]
    assert all(p.startswith("Trained") for p in plain)
    # the live widgets were replaced; what widget state a saver keeps holds no data points
    assert not any(
        "application/vnd.jupyter.widget-view+json" in out.get("data", {}) for out in cell.outputs
    )
    state = notebook.metadata.get("widgets", {}).get(
        "application/vnd.jupyter.widget-state+json", {}
    )
    charts_state = [
        m for m in state.get("state", {}).values() if m["model_name"] == "LiveChartModel"
    ]
    assert all(not m["state"]["running"] for m in charts_state)
    assert all(len(json.dumps(m)) < 3000 for m in charts_state)


def test_an_interrupt_leaves_the_chart_labelled(notebook):
    cell = notebook.cells[2]
    assert any(
        out["output_type"] == "error" and out["ename"] == "KeyboardInterrupt"
        for out in cell.outputs
    )
    chart = figures(cell)
    assert chart and chart[0]["layout"]["title"]["text"] == "Interrupted during epoch 2/3"


def test_a_failing_callback_leaves_the_chart_labelled(notebook):
    cell = notebook.cells[3]
    errors = [out for out in cell.outputs if out["output_type"] == "error"]
    assert errors and errors[0]["ename"] == "RuntimeError"
    chart = figures(cell)
    assert chart[0]["layout"]["title"]["text"] == (
        "Failed during epoch 2/3: RuntimeError: callback broke"
    )
    assert len(json.dumps(notebook)) < 300_000
