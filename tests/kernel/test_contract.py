"""The issue's contract cell, run as written (full MNIST, 30 epochs) in a fresh kernel."""

from __future__ import annotations

import ast

import nbformat
import pytest
from nbclient import NotebookClient

CONTRACT = """\
from kernelkeras import *

mnist = dataset_mnist()
x_train, y_train = mnist.train.x, mnist.train.y      # also: (x_train, y_train), (x_test, y_test) = dataset_mnist()
x_test, y_test = mnist.test.x, mnist.test.y
x_train = x_train.reshape(len(x_train), 784) / 255
x_test = x_test.reshape(len(x_test), 784) / 255
y_train = to_categorical(y_train, 10)
y_test = to_categorical(y_test, 10)

model = (keras_model_sequential()
         >> layer_dense(units=256, activation="relu", input_shape=(784,))
         >> layer_dropout(rate=0.4)
         >> layer_dense(units=128, activation="relu")
         >> layer_dropout(rate=0.3)
         >> layer_dense(units=10, activation="softmax"))

model >> compile(loss="categorical_crossentropy", optimizer=optimizer_rmsprop(), metrics=["accuracy"])
history = model >> fit(x_train, y_train, epochs=30, batch_size=128, validation_split=0.2)
model >> evaluate(x_test, y_test, verbose=0)        # {"loss": 0.09…, "accuracy": 0.98…}
model >> predict_classes(x_test)                    # array([7, 2, 1, 0, 4, 1, 4, 9, 5, 9, …])
"""  # noqa: E501


def _text(cell) -> str:
    return "".join(
        out.get("text", "") + out.get("data", {}).get("text/plain", "") for out in cell.outputs
    )


@pytest.mark.slow
def test_contract_cell_runs_as_written(tmp_path):
    # The evaluate line's value is not the cell's last expression, so ask for it separately.
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(CONTRACT),
        nbformat.v4.new_code_cell("model >> evaluate(x_test, y_test, verbose=0)"),
        nbformat.v4.new_code_cell("[layer.count_params() for layer in model.layers]"),
        nbformat.v4.new_code_cell("history"),
        nbformat.v4.new_code_cell("(model >> predict_classes(x_test))[:10].tolist()"),
    ]
    NotebookClient(
        nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    contract, scores, params, history, first = nb.cells
    assert _text(contract).strip().splitlines()[-1].startswith("array([7, 2, 1, ")
    labels = [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert sum(a == b for a, b in zip(ast.literal_eval(_text(first)), labels, strict=True)) >= 9
    results = ast.literal_eval(_text(scores).strip())
    assert list(results) == ["loss", "accuracy"]
    assert results["accuracy"] > 0.975 and results["loss"] < 0.15
    assert ast.literal_eval(_text(params).strip()) == [200960, 0, 32896, 0, 1290]
    assert "Trained on 48,000 samples (batch_size=128, epochs=30)" in _text(history)
    # Only Keras' progress bar reaches stderr: no TensorFlow C++ start-up notices.
    stderr = "".join(o.get("text", "") for o in contract.outputs if o.get("name") == "stderr")
    assert "oneDNN" not in stderr and "absl" not in stderr
