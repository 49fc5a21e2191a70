"""The teaching notebooks run headless, top to bottom, in a real Jupyter kernel.

The MNIST notebook runs with its parameters overridden (papermill style: a cell
injected after the ``parameters``-tagged one) so it trains on a few thousand
images for two epochs, in seconds.
"""

from __future__ import annotations

import ast
import itertools
import json
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbformat import NotebookNode

from tests._notebooks import (
    EPOCHS,
    INJECTED,
    PLOTLY,
    TRAIN_SAMPLES,
    VALIDATION_SPLIT,
    assigned_names,
    cell_ending_with,
    check_kernel_environment,
    check_no_cell_errors,
    output_text,
    parameter_cells,
    plotly_array,
    plotly_figure,
    result_text,
    rich_output,
)


@pytest.fixture(scope="module")
def notebook_path(project: Path) -> Path:
    """notebooks/mnist_mlp.ipynb."""
    return project / "notebooks" / "mnist_mlp.ipynb"


@pytest.fixture(scope="module")
def committed(notebook_path: Path) -> NotebookNode:
    """The notebook as committed."""
    return nbformat.read(notebook_path, as_version=4)


@pytest.fixture(scope="module")
def executed(executed_mnist_notebook: NotebookNode) -> NotebookNode:
    """The notebook run with small parameters, plus a probe cell at the end (shared run)."""
    return executed_mnist_notebook


def test_committed_notebook_is_clean(committed: NotebookNode) -> None:
    """Committed without outputs or execution counts, one parameters cell, valid nbformat 4."""
    nbformat.validate(committed)
    assert committed.nbformat == 4
    assert committed.metadata.kernelspec.name == "python3"
    code = [cell for cell in committed.cells if cell.cell_type == "code"]
    assert code, "the notebook has no code cells"
    with_outputs = [cell.source[:40] for cell in code if cell.outputs]
    counted = [cell.source[:40] for cell in code if cell.execution_count is not None]
    assert not with_outputs, f"cells committed with outputs: {with_outputs}"
    assert not counted, f"cells committed with execution counts: {counted}"
    assert len(parameter_cells(committed)) == 1


def test_parameters_cell_defines_what_tests_override(committed: NotebookNode) -> None:
    """The parameters cell assigns exactly the names the injected cell overrides."""
    (index,) = parameter_cells(committed)
    cell = committed.cells[index]
    assert cell.cell_type == "code"
    assert sorted(assigned_names(cell.source)) == sorted(assigned_names(INJECTED))
    defaults = {
        target.id: ast.literal_eval(node.value)
        for node in ast.parse(cell.source).body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    assert defaults == {"epochs": 30, "train_samples": None}, "commit the full-run defaults"


def test_no_cell_errors(executed: NotebookNode) -> None:
    """Every code cell ran, and none raised."""
    check_no_cell_errors(executed)


def test_kernel_inherits_environment(executed: NotebookNode, notebook_path: Path) -> None:
    """The kernel runs in notebooks/, on this interpreter, with conftest's temporary folders."""
    check_kernel_environment(executed, notebook_path)


def test_import_is_quiet(executed: NotebookNode) -> None:
    """Importing kernelkeras prints nothing (no TensorFlow start-up notices)."""
    cell = cell_ending_with(executed, "from kernelkeras import *")
    assert output_text(cell) == ""


def test_parameters_were_injected(executed: NotebookNode) -> None:
    """The injected cell follows the parameters cell and limits the training images."""
    (index,) = parameter_cells(executed)
    assert executed.cells[index + 1].source == INJECTED
    shapes = ast.literal_eval(
        result_text(cell_ending_with(executed, "x_train.shape, x_test.shape"))
    )
    assert shapes == ((TRAIN_SAMPLES, 28, 28), (10000, 28, 28))


def test_parameter_counts(executed: NotebookNode) -> None:
    """Dense layers have (inputs + 1) * units parameters, dropout none: 235,146 in all."""
    sizes = [784, 256, 128, 10]
    dense = [(n_in + 1) * n_out for n_in, n_out in itertools.pairwise(sizes)]
    expected = [dense[0], 0, dense[1], 0, dense[2]]
    per_layer = cell_ending_with(executed, "[layer.count_params() for layer in model.layers]")
    assert ast.literal_eval(result_text(per_layer)) == expected
    total = result_text(cell_ending_with(executed, "model.count_params()"))
    assert int(total.replace(",", "")) == sum(expected) == 235146


def test_history_reports_the_run(executed: NotebookNode) -> None:
    """The printed history shows the split, the settings and the final metrics."""
    text = result_text(cell_ending_with(executed, "history"))
    trained = int(TRAIN_SAMPLES * (1 - VALIDATION_SPLIT))
    assert f"Trained on {trained:,} samples (batch_size=128, epochs={EPOCHS})" in text
    assert f"Validated on {TRAIN_SAMPLES - trained:,} samples" in text
    for metric in ("loss", "accuracy", "val_loss", "val_accuracy"):
        assert re.search(rf"^\s*{metric}: \d", text, re.MULTILINE), f"no {metric} in {text!r}"


def evaluation(nb: NotebookNode) -> dict[str, Any]:
    """The dict shown under the evaluate cell."""
    text = result_text(cell_ending_with(nb, "model >> evaluate(x_test, y_test, verbose=0)"))
    result = ast.literal_eval(text)
    assert isinstance(result, dict), text
    return result


def test_evaluate_shows_loss_and_accuracy(executed: NotebookNode) -> None:
    """evaluate shows a dict, loss first; even the short run gets over 80% right."""
    result = evaluation(executed)
    assert list(result) == ["loss", "accuracy"]
    assert 0 < result["loss"] < 1.0
    assert result["accuracy"] > 0.8, result


def digits(shown: str) -> list[int]:
    """The numbers inside ``array([...])`` as NumPy prints a short integer array."""
    match = re.match(r"array\(\[([\d,\s]*)\]", shown)
    assert match, shown
    return [int(d) for d in match.group(1).replace(",", " ").split()]


def test_predictions(executed: NotebookNode) -> None:
    """predict_classes returns one digit per test image; most of the first ten are right.

    (After 2 epochs on 3,000 images the model is right ~85% of the time, so the test
    allows a few misses rather than pinning exact digits.)
    """
    shown = result_text(cell_ending_with(executed, "model >> predict_classes(x_test)"))
    assert shown.startswith("array(["), shown
    assert "shape=(10000,)" in shown or shown.count(",") >= 9999, shown
    first_ten = result_text(cell_ending_with(executed, "predicted[:10]"))
    truth = result_text(cell_ending_with(executed, "mnist.test.y[:10]"))
    assert digits(truth) == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert len(digits(first_ten)) == 10
    right = sum(a == b for a, b in zip(digits(first_ten), digits(truth), strict=True))
    assert right >= 7, (first_ten, truth)


def test_share_of_correct_predictions_is_the_test_accuracy(executed: NotebookNode) -> None:
    """The notebook's own count of correct predictions matches evaluate's accuracy."""
    text = result_text(cell_ending_with(executed, "(predicted == mnist.test.y).mean()"))
    match = re.fullmatch(r"(?:np\.float64\()?([0-9.]+)\)?", text.strip())
    assert match, text
    assert float(match.group(1)) == pytest.approx(evaluation(executed)["accuracy"], abs=1e-4)


def summary_rows(text: str) -> list[tuple[str, str, str]]:
    """``(name, type, output shape)`` of each layer row in the text of ``summary(model)``."""
    return re.findall(r"^ (\w+) \(([A-Z]\w*)\)\s+(\([\w, ]*\))", text, re.MULTILINE)


def final_values(history_text: str) -> dict[str, float]:
    """The final-epoch values that the printed history lists (``loss: 0.7185``)."""
    return {
        name: float(value)
        for name, value in re.findall(r"^\s*(\w+): ([-\d.e]+)$", history_text, re.MULTILINE)
    }


def check_rich_outputs(nb: NotebookNode) -> None:
    """summary: text + HTML table; plot(model) and plot(history): plotly JSON + text."""
    summary = rich_output(cell_ending_with(nb, "summary(model)"), "execute_result").data
    assert set(summary) == {"text/plain", "text/html"}, sorted(summary)
    assert "Param #" in summary["text/plain"]
    assert "Total params: 235,146" in summary["text/plain"], summary["text/plain"]
    layers = summary_rows(summary["text/plain"])
    assert [kind for _, kind, _ in layers] == ["Dense", "Dropout", "Dense", "Dropout", "Dense"]
    assert layers[0][2] == "(None, 256)" and layers[-1][2] == "(None, 10)", layers
    page = summary["text/html"]
    assert "<table" in page and ">params</th>" in page, page[:500]
    for name, _, _ in layers:
        assert f">{name}</td>" in page, f"layer {name} missing from the HTML summary"

    model_plot = plotly_figure(cell_ending_with(nb, "plot(model)"))
    annotations = [a.get("text", "") for a in model_plot["layout"].get("annotations", [])]
    for name, kind, shape in layers:
        box = f"<b>{name}</b> ({kind})<br>{shape}"
        assert box in annotations, f"no box {box!r} in {annotations}"

    history_plot = plotly_figure(cell_ending_with(nb, "plot(history)"))
    traces = history_plot["data"]
    assert {trace.get("name") for trace in traces} == {"training", "validation"}
    assert all(trace.get("type") == "scatter" for trace in traces), traces
    for trace in traces:
        assert plotly_array(trace["x"]).tolist() == list(range(1, EPOCHS + 1)), trace["x"]
    # The last point of each curve is the final value the printed history shows.
    final = final_values(result_text(cell_ending_with(nb, "history")))
    assert set(final) == {"loss", "accuracy", "val_loss", "val_accuracy"}, final
    for part, prefix in (("training", ""), ("validation", "val_")):
        last = sorted(float(plotly_array(t["y"])[-1]) for t in traces if t["name"] == part)
        shown = sorted(final[prefix + metric] for metric in ("loss", "accuracy"))
        assert last == pytest.approx(shown, rel=1e-3), f"{part}: plotted {last}, printed {shown}"


def test_rich_outputs_in_the_executed_notebook(executed: NotebookNode) -> None:
    """The summary renders as HTML and the plots as plotly JSON, each with text/plain."""
    check_rich_outputs(executed)


def test_history_as_long_data_frame(executed: NotebookNode) -> None:
    """as_data_frame(history): R's long layout, one row per epoch, metric and data set."""
    cell = cell_ending_with(executed, "as_data_frame(history)")
    data = rich_output(cell, "execute_result").data
    assert "<table" in data["text/html"]
    header, *rows = data["text/plain"].splitlines()
    assert header.split() == ["epoch", "value", "metric", "data"]
    shown = [row.split()[1:] for row in rows]
    expected_keys = {
        (str(epoch), metric, part)
        for epoch in range(1, EPOCHS + 1)
        for metric in ("loss", "accuracy")
        for part in ("training", "validation")
    }
    assert {(e, m, d) for e, _, m, d in shown} == expected_keys
    assert len(shown) == len(expected_keys)


def test_outputs_survive_saving(executed: NotebookNode, tmp_path: Path) -> None:
    """Written to disk and read back, the notebook still holds the plots and the summary."""
    path = tmp_path / "mnist_mlp.executed.ipynb"
    nbformat.write(executed, path)
    reread = nbformat.read(path, as_version=4)
    nbformat.validate(reread)
    check_rich_outputs(reread)
    # In the file itself, each plot is plotly's JSON inline (an object, not a string).
    stored = json.loads(path.read_text())
    for source in ("plot(model)", "plot(history)"):
        (cell,) = [c for c in stored["cells"] if "".join(c["source"]) == source]
        figures = [out["data"].get(PLOTLY) for out in cell["outputs"] if "data" in out]
        assert len(figures) == 1 and isinstance(figures[0], dict), f"{source}: {cell['outputs']}"
        assert figures[0]["data"], f"{source} stored no traces"
