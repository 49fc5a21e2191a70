"""Training histories: what fit records, frames, printing, saving and loading."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from kernelkeras import (
    TrainingHistory,
    as_data_frame,
    callback_csv_logger,
    callback_early_stopping,
    callback_lambda,
    fit,
    last_history,
    load_history,
)
from tests._models import compiled_mlp


@pytest.fixture(scope="module")
def data(mnist_small):
    x_train, y_train, _, _ = mnist_small
    return x_train[:600], y_train[:600]


@pytest.fixture(scope="module")
def history(data):
    x, y = data
    model = compiled_mlp()
    return model >> fit(x, y, epochs=3, batch_size=64, validation_split=0.25, verbose=0)


def test_long_frame_is_r_layout(history):
    df = as_data_frame(history)
    assert list(df.columns) == ["epoch", "value", "metric", "data"]
    assert str(df["epoch"].dtype) == "int64" and str(df["value"].dtype) == "float64"
    assert isinstance(df["metric"].dtype, pd.CategoricalDtype)
    assert list(df["metric"].cat.categories) == ["loss", "accuracy"]
    assert list(df["data"].cat.categories) == ["training", "validation"]
    assert len(df) == 3 * 4
    assert df["epoch"].tolist()[:3] == [1, 2, 3]
    val_loss = df[(df.metric == "loss") & (df.data == "validation")]["value"].tolist()
    assert val_loss == history.history["val_loss"]
    pd.testing.assert_frame_equal(history.to_frame(), df)


def test_wide_frame(history):
    wide = as_data_frame(history, wide=True)
    assert list(wide.columns) == ["epoch", "loss", "accuracy", "val_loss", "val_accuracy"]
    assert wide["epoch"].tolist() == [1, 2, 3]
    assert wide["accuracy"].tolist() == history.history["accuracy"]


def test_print_is_r_style(history):
    text = repr(history)
    assert text.splitlines()[0] == "Trained on 450 samples (batch_size=64, epochs=3)"
    assert "Validated on 150 samples" in text
    assert "Final epoch (plot to see history):" in text
    assert f"val_loss: {history.history['val_loss'][-1]:.4g}" in text


def test_early_stopping_resumed_fit_and_sparse_validation(data):
    x, y = data
    model = compiled_mlp()
    stopper = callback_early_stopping(monitor="loss", patience=0, min_delta=10.0)
    stopped = model >> fit(x, y, epochs=10, callbacks=[stopper], verbose=0)
    assert len(stopped) == 2  # stops once loss fails to drop by 10
    assert "Stopped after epoch 2 of 10." in repr(stopped)

    resumed = model >> fit(
        x, y, epochs=6, initial_epoch=2, validation_split=0.2, validation_freq=2, verbose=0
    )
    assert resumed.epoch == [2, 3, 4, 5]
    assert [math.isnan(v) for v in resumed.history["val_loss"]] == [True, False, True, False]
    df = as_data_frame(resumed)
    assert sorted(set(df["epoch"])) == [3, 4, 5, 6]
    assert df["value"].isna().sum() == 4  # 2 epochs x (val_loss, val_accuracy)
    assert "val_loss: " in repr(resumed) and "nan" not in repr(resumed)


def test_metrics_that_appear_later_are_nan_before():
    rows = [(0, {"loss": 1.0}), (1, {"loss": 0.5, "lr": 0.1})]
    h = TrainingHistory.from_records(rows, {})
    assert h.history["loss"] == [1.0, 0.5]
    assert math.isnan(h.history["lr"][0]) and h.history["lr"][1] == 0.1


def test_zero_epochs_give_an_empty_frame():
    h = TrainingHistory({}, {"epochs": 0})
    assert as_data_frame(h).empty and list(as_data_frame(h).columns) == [
        "epoch",
        "value",
        "metric",
        "data",
    ]
    assert as_data_frame(h, wide=True).columns.tolist() == ["epoch"]
    assert "No epochs ran." in repr(h)


def test_plain_keras_history_converts(data):
    x, y = data
    model = compiled_mlp()
    keras_history = model.fit(x, y, epochs=2, verbose=0)
    df = as_data_frame(keras_history)
    assert set(df["metric"]) == {"loss", "accuracy"} and len(df) == 4


def test_interrupted_fit_keeps_model_and_partial_history(data):
    x, y = data
    model = compiled_mlp()

    def interrupt(epoch, logs):
        if epoch == 1:
            raise KeyboardInterrupt

    before = [w.copy() for w in model.get_weights()]
    with pytest.raises(KeyboardInterrupt) as info:
        model >> fit(x, y, epochs=5, callbacks=[callback_lambda(on_epoch_end=interrupt)], verbose=0)
    partial = last_history()
    assert partial is not None and partial.model is model
    assert partial.epoch == [0, 1]
    assert "last_history()" in "".join(getattr(info.value, "__notes__", []))
    assert any(not np.array_equal(a, b) for a, b in zip(before, model.get_weights(), strict=True))


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_save_and_load_round_trip_exactly(history, tmp_path, suffix):
    path = tmp_path / f"history{suffix}"
    history.save(path)
    loaded = load_history(path)
    assert loaded == history
    assert list(loaded.history) == list(history.history)
    for name, values in history.history.items():
        assert [v.hex() for v in loaded.history[name]] == [v.hex() for v in values]
    assert loaded.params == history.params and loaded.epoch == history.epoch


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_round_trip_with_nan_and_awkward_floats(tmp_path, suffix):
    values = [0.1 + 0.2, 1e-310, -0.0, math.nan, 123456789.123456789, 2.0**-1074]
    h = TrainingHistory(
        {"loss": values, "val_loss": [math.nan] * 6},
        {"epochs": 9, "note": "x,y"},
        epoch=[3, 4, 5, 6, 7, 8],
    )
    path = tmp_path / f"h{suffix}"
    h.save(path)
    loaded = load_history(path)
    assert loaded == h
    assert [v.hex() for v in loaded.history["loss"]] == [v.hex() for v in values]


def test_keras_csv_logger_files_load(data, tmp_path):
    x, y = data
    log = tmp_path / "log.csv"
    model = compiled_mlp()
    fitted = model >> fit(x, y, epochs=2, verbose=0, callbacks=[callback_csv_logger(str(log))])
    loaded = load_history(log)
    assert loaded.epoch == [0, 1]
    assert list(loaded.history) == ["loss", "accuracy"]
    np.testing.assert_allclose(loaded.history["loss"], fitted.history["loss"], rtol=1e-6)


def _write(path, text):
    path.write_text(text)
    return path


def test_load_history_bad_files(history, tmp_path):
    with pytest.raises(FileNotFoundError, match="no file at"):
        load_history(tmp_path / "missing.json")
    with pytest.raises(ValueError, match=r"should end in .json or .csv"):
        load_history(tmp_path / "history.txt")

    history.save(tmp_path / "good.json")
    text = (tmp_path / "good.json").read_text()
    cut = _write(tmp_path / "cut.json", text[: len(text) // 2])
    with pytest.raises(ValueError, match="not a training history file: it is not complete JSON"):
        load_history(cut)
    foreign = _write(tmp_path / "other.json", json.dumps({"loss": [1, 2]}))
    with pytest.raises(ValueError, match='no "format"'):
        load_history(foreign)
    ragged = json.loads(text)
    ragged["metrics"]["loss"] = ragged["metrics"]["loss"][:1]
    with pytest.raises(ValueError, match="one value per epoch"):
        load_history(_write(tmp_path / "ragged.json", json.dumps(ragged)))

    history.save(tmp_path / "good.csv")
    lines = (tmp_path / "good.csv").read_text().splitlines()
    with pytest.raises(ValueError, match="it has 2 epochs of the 3 it was saved with"):
        load_history(_write(tmp_path / "short.csv", "\n".join(lines[:-2] + lines[-1:]) + "\n"))
    with pytest.raises(ValueError, match="ends before its last line"):
        load_history(_write(tmp_path / "half.csv", "\n".join(lines)[:-25] + "\n"))
    with pytest.raises(ValueError, match="different number of cells"):
        broken = [*lines[:-2], lines[-2].rsplit(",", 1)[0], lines[-1]]
        load_history(_write(tmp_path / "cells.csv", "\n".join(broken) + "\n"))
    with pytest.raises(ValueError, match="no 'epoch' column"):
        load_history(_write(tmp_path / "iris.csv", "sepal,petal\n1,2\n"))
    with pytest.raises(ValueError, match=r"column 'loss' holds 'abc'"):
        load_history(_write(tmp_path / "words.csv", "epoch,loss\n0,abc\n"))
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ValueError, match="not text"):
        load_history(binary)


def test_inconsistent_history_is_refused():
    with pytest.raises(ValueError, match="one value per epoch"):
        TrainingHistory({"loss": [1.0, 2.0], "val_loss": [1.0]}, {})
