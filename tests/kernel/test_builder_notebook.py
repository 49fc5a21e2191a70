"""notebooks/model_builder.ipynb runs headless, top to bottom, in a real Jupyter kernel.

Like tests/kernel/test_notebooks.py: the notebook runs through nbclient on the ``python3``
kernel of this interpreter, inside conftest's temporary folders, with ``epochs = 1``
injected after its ``parameters`` cell (training on the bundled MNIST then takes a few
seconds). The tests check what the notebook teaches: the builders show as widgets, the
shape mistake prints its hint, a bad value is refused, undo and redo, the exported code
builds the same model, the JSON round trip, the locked Lambda row and the test accuracy.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbformat import NotebookNode

from tests._notebooks import (
    LocalOutputWidget,
    assigned_names,
    cell_ending_with,
    check_kernel_environment,
    check_no_cell_errors,
    output_text,
    parameter_cells,
    result_text,
    run_small,
)

EPOCHS = 1
INJECTED = f"epochs = {EPOCHS}"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
#: The last line of each cell that shows a builder, and how many such cells there are.
BUILDER_CELLS = {
    "builder": 2,  # empty, then built
    "conv": 1,  # with the shape mistake
    "imported": 1,  # an existing model with a Lambda
    "model_builder(keras_model(inputs, outputs))": 1,  # a branching model, read-only
}
#: Dense(128) on 784 inputs and Dense(10) on 128: the parameters of the taught model.
PARAMS = (784 + 1) * 128 + (128 + 1) * 10


@pytest.fixture(scope="module")
def notebook_path(project: Path) -> Path:
    """notebooks/model_builder.ipynb."""
    return project / "notebooks" / "model_builder.ipynb"


@pytest.fixture(scope="module")
def committed(notebook_path: Path) -> NotebookNode:
    """The notebook as committed."""
    return nbformat.read(notebook_path, as_version=4)


@pytest.fixture(scope="module")
def executed(notebook_path: Path) -> NotebookNode:
    """The notebook run with ``epochs = 1``, plus a probe cell at the end."""
    return run_small(notebook_path, INJECTED, output_widget=LocalOutputWidget)


def cells_ending_with(nb: NotebookNode, line: str) -> list[NotebookNode]:
    """Every code cell whose last line is ``line``."""
    return [
        cell
        for cell in nb.cells
        if cell.cell_type == "code" and cell.source.strip().splitlines()[-1:] == [line]
    ]


def cell_containing(nb: NotebookNode, text: str) -> NotebookNode:
    """The one code cell whose source contains ``text``."""
    found = [cell for cell in nb.cells if cell.cell_type == "code" and text in cell.source]
    assert len(found) == 1, f"expected one code cell containing {text!r}, found {len(found)}"
    return found[0]


def widget_states(nb: NotebookNode) -> dict[str, Any]:
    """The widget models nbclient saved in the notebook's metadata, by model id."""
    saved = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {})
    return {model_id: entry["state"] for model_id, entry in saved.get("state", {}).items()}


def test_committed_notebook_is_clean(committed: NotebookNode) -> None:
    """Committed without outputs, execution counts or widget state; one parameters cell."""
    nbformat.validate(committed)
    assert committed.nbformat == 4
    assert committed.metadata.kernelspec.name == "python3"
    assert "widgets" not in committed.metadata, "widget state committed with the notebook"
    code = [cell for cell in committed.cells if cell.cell_type == "code"]
    assert code, "the notebook has no code cells"
    with_outputs = [cell.source[:40] for cell in code if cell.outputs]
    counted = [cell.source[:40] for cell in code if cell.execution_count is not None]
    assert not with_outputs, f"cells committed with outputs: {with_outputs}"
    assert not counted, f"cells committed with execution counts: {counted}"
    (index,) = parameter_cells(committed)
    source = committed.cells[index].source
    assert assigned_names(source) == assigned_names(INJECTED) == ["epochs"]
    assert ast.literal_eval(source.split("=", 1)[1].strip()) == 3, "commit the full-run default"


def test_no_cell_errors(executed: NotebookNode) -> None:
    """Every code cell ran, and none raised."""
    check_no_cell_errors(executed)


def test_kernel_inherits_environment(executed: NotebookNode, notebook_path: Path) -> None:
    """The kernel runs in notebooks/, on this interpreter, with conftest's temporary folders."""
    check_kernel_environment(executed, notebook_path)


def test_import_is_quiet(executed: NotebookNode) -> None:
    """Importing kernelkeras prints nothing (no TensorFlow start-up notices)."""
    assert output_text(cell_ending_with(executed, "from kernelkeras import *")) == ""


def test_builders_display_as_widgets(executed: NotebookNode) -> None:
    """Each cell ending with a builder shows its widget view, saved with its state."""
    states = widget_states(executed)
    read_only = []
    for line, count in BUILDER_CELLS.items():
        cells = cells_ending_with(executed, line)
        assert len(cells) == count, f"expected {count} cells ending with {line!r}"
        for cell in cells:
            views = [
                out.data[WIDGET_VIEW]
                for out in cell.outputs
                if out.output_type == "execute_result" and WIDGET_VIEW in out.data
            ]
            assert len(views) == 1, f"no widget view under {cell.source!r}: {cell.outputs}"
            state = states.get(views[0]["model_id"])
            assert state is not None, f"the widget under {cell.source!r} has no saved state"
            assert "kk-builder" in state["_dom_classes"], state
            title = states[state["children"][0].removeprefix("IPY_MODEL_")]["value"]
            assert "Model builder" in title, title
            read_only.append("Model builder (read-only)" in title)
    # Only the branching model is shown read-only.
    assert read_only == [False] * 4 + [True], read_only


def test_built_model_shapes(executed: NotebookNode) -> None:
    """Flatten -> Dense(128) -> Dropout -> Dense(10) on 28 x 28 images."""
    shapes = ast.literal_eval(result_text(cell_ending_with(executed, "builder.shapes")))
    assert shapes == [
        ((None, 28, 28), 0),
        ((None, 784), 0),
        ((None, 128), 100480),
        ((None, 128), 0),
        ((None, 10), 1290),
    ]
    assert sum(params for _, params in shapes) == PARAMS
    clicked = result_text(cell_ending_with(executed, "clicks.rows[1]"))
    assert "kind='dense'" in clicked and "params={'units': 64}" in clicked, clicked


def test_shape_mistake_prints_its_hint(executed: NotebookNode) -> None:
    """conv_2d on (784,) is reported with the reshape hint; inserting it clears the error."""
    text = output_text(cell_ending_with(executed, "    print(message)"))
    assert text.startswith("Row 1 (Conv2D) cannot take the output of the input.\n"), text
    assert "Add layer_reshape(target_shape=(28, 28, 1)) before it." in text, text
    assert "Rows 2-3 are not checked until this row is fixed." in text, text
    assert result_text(cell_ending_with(executed, "conv.errors")) == "[]"
    frame = result_text(cell_ending_with(executed, "conv.frame"))
    assert "(None, 28, 28, 1)" in frame and "(None, 26, 26, 16)" in frame, frame


def test_bad_value_is_refused(executed: NotebookNode) -> None:
    """set(2, units=-5) prints why and what to use; row 2 keeps its configuration."""
    text = output_text(cell_containing(executed, "builder.set(2, units=-5)"))
    assert text.startswith("Row 2 (Dense): cannot set units=-5:"), text
    assert "Use a positive integer, e.g. 128." in text, text
    assert "The row keeps its last good configuration." in text, text
    kept = result_text(cell_ending_with(executed, "builder.rows[2].params"))
    assert ast.literal_eval(kept) == {"units": 128, "activation": "relu"}


def test_undo_and_redo(executed: NotebookNode) -> None:
    """The dropout rate goes 0.3 (set), 0.2 (undo), 0.3 (redo)."""
    cells = cells_ending_with(executed, "builder.rows[3].params")
    rates = [ast.literal_eval(result_text(cell))["rate"] for cell in cells]
    assert rates == [0.3, 0.2, 0.3]


def test_exported_code_builds_the_same_model(executed: NotebookNode) -> None:
    """Both code styles print the layers, and running them rebuilds builder.model."""
    pipe = output_text(cell_ending_with(executed, 'print(builder.code("pipe"))'))
    assert "keras_model_sequential(input_shape=(28, 28))" in pipe, pipe
    assert '>> layer_dense(units=128, activation="relu")' in pipe, pipe
    assert ">> layer_dropout(rate=0.3)" in pipe, pipe
    plain = output_text(cell_ending_with(executed, 'print(builder.code("keras"))'))
    assert "keras.Input(shape=(28, 28))," in plain, plain
    assert 'keras.layers.Dense(units=10, activation="softmax"),' in plain, plain
    text = output_text(cell_containing(executed, "def layer_configs(model):"))
    assert text.splitlines() == [
        f"pipe code: same layers True, {PARAMS:,} parameters",
        f"keras code: same layers True, {PARAMS:,} parameters",
        f"builder.model: {PARAMS:,} parameters",
    ], text


def test_json_round_trip(executed: NotebookNode) -> None:
    """to_json() is JSON naming the rows; from_json() gives the same rows and code."""
    saved = output_text(cell_ending_with(executed, "print(saved)"))
    assert '"format": "kernelkeras.builder"' in saved, saved
    reopened = cell_ending_with(
        executed, "reopened.rows == builder.rows, reopened.code() == builder.code()"
    )
    assert result_text(reopened) == "(True, True)"


def test_imported_model_keeps_the_lambda_locked(executed: NotebookNode) -> None:
    """The Lambda layer is a locked row; editing it is refused, the others change."""
    rows = cell_ending_with(
        executed, "[(row.index, row.keras_class, row.locked) for row in imported.rows]"
    )
    assert ast.literal_eval(result_text(rows)) == [
        (0, "InputLayer", False),
        (1, "Lambda", True),
        (2, "Flatten", False),
        (3, "Dense", False),
        (4, "Dense", False),
    ]
    edited = cell_ending_with(executed, "imported.frame")
    assert "Row 1 (Lambda) is locked" in output_text(edited), output_text(edited)
    units = cell_ending_with(executed, "existing.layers[2].units, imported.model.layers[2].units")
    assert result_text(units) == "(64, 32)"


def test_training_reports_test_accuracy(executed: NotebookNode) -> None:
    """train() ran the injected epochs on MNIST; the notebook prints a test accuracy."""
    history = result_text(cell_ending_with(executed, "history"))
    assert f"Trained on 48,000 samples (batch_size=256, epochs={EPOCHS})" in history, history
    assert "Validated on 12,000 samples" in history, history
    text = output_text(cell_containing(executed, "Test accuracy"))
    match = re.fullmatch(r"Test accuracy: ([0-9.]+)\n", text)
    assert match, text
    # One epoch of this network on MNIST gets over 90%; the test allows some slack.
    assert 0.8 < float(match.group(1)) <= 1.0, text

    # The builder's train panel: its status line and, in its output area, the chart.
    states = widget_states(executed).values()
    statuses = [s["value"] for s in states if "kk-train-status" in s.get("_dom_classes", [])]
    assert any(f"Trained {EPOCHS} epoch(s) on MNIST; test set:" in s for s in statuses), statuses
    charts = [
        out
        for state in states
        if "kk-train-output" in state.get("_dom_classes", [])
        for out in state.get("outputs", [])
        if "application/vnd.plotly.v1+json" in out.get("data", {})
    ]
    assert len(charts) == 1, "no training chart in the builder's output area"
