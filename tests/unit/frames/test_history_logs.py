"""The history holds what Keras' own ``History`` holds: keys callbacks add to ``logs`` too.

``callback_reduce_lr_on_plateau`` writes ``learning_rate`` into the epoch's logs, and a
user's callback may write keys of its own; both reach Keras' ``History`` (the last
callback of a fit) and must reach kernelkeras' history, its frames, its plot and its
files. Each test compares with the ``keras.callbacks.History`` of the same fit.
"""

from __future__ import annotations

import json
import math
import warnings

import numpy as np
import pytest

from kernelkeras import (
    as_data_frame,
    callback_lambda,
    callback_live_metrics,
    callback_reduce_lr_on_plateau,
    compile,
    fit,
    keras,
    keras_model_sequential,
    last_history,
    layer_dense,
    load_history,
    plot,
)

X = np.random.default_rng(0).normal(size=(64, 3)).astype("float32")
Y = X.sum(axis=1, keepdims=True)
ODD_KEYS = (
    "learning_rate",
    "my key, with a comma",
    'a "quoted" key',
    "new\nline",
    "line\u2028separator",
    " spaced ",
    "#not a comment",
)


def linear_model():
    model = keras_model_sequential(input_shape=(3,)) >> layer_dense(units=1)
    return model >> compile(loss="mse", optimizer="sgd")


class Writes(keras.callbacks.Callback):
    """A user's callback that writes its own keys into the epoch's logs."""

    def on_epoch_end(self, epoch, logs=None):
        logs["lr_seen"] = float(self.model.optimizer.learning_rate)
        logs["epoch_squared"] = np.float32(epoch**2)  # numpy scalars too
        logs["now_and_then"] = 1.0 if epoch % 2 else None  # missing on even epochs
        for i, key in enumerate(ODD_KEYS[1:]):
            logs[key] = epoch + i / 10


def fit_with_callbacks(epochs=4, callbacks=()):
    model = linear_model()
    plateau = callback_reduce_lr_on_plateau(monitor="loss", patience=0, factor=0.5, min_delta=1e9)
    history = model >> fit(
        X, Y, epochs=epochs, verbose=0, validation_split=0.25, callbacks=[plateau, *callbacks]
    )
    return history, model.history  # model.history: Keras' own History of the same fit


def same_as_keras(history, keras_history):
    """Every key and every value Keras' History holds (None there is NaN here)."""
    assert set(history.history) == set(keras_history.history)
    for key, values in keras_history.history.items():
        expected = [math.nan if v is None else float(v) for v in values]
        np.testing.assert_array_equal(history.history[key], expected, err_msg=key)
    assert history.epoch == keras_history.epoch


def test_learning_rate_from_reduce_lr_on_plateau_is_kept():
    history, keras_history = fit_with_callbacks()
    assert "learning_rate" in keras_history.history
    same_as_keras(history, keras_history)
    rates = history.history["learning_rate"]
    assert rates[0] == pytest.approx(0.01) and rates[-1] < rates[0]  # halved after epoch 1


def test_keys_a_users_callback_writes_are_kept():
    history, keras_history = fit_with_callbacks(callbacks=[Writes()])
    same_as_keras(history, keras_history)
    assert history.history["epoch_squared"] == [0.0, 1.0, 4.0, 9.0]
    assert np.isnan(history.history["now_and_then"][0]) and history.history["now_and_then"][1] == 1
    # the history's frames and figure show them as metrics
    long = as_data_frame(history)
    assert set(long["metric"]) >= {"learning_rate", "lr_seen", "my key, with a comma"}
    assert "learning_rate" in as_data_frame(history, wide=True).columns
    titles = [a.text for a in plot(history).layout.annotations]
    assert any("learning" in t.lower() for t in titles)


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_files_round_trip_such_keys(tmp_path, suffix):
    history, _ = fit_with_callbacks(callbacks=[Writes()])
    path = tmp_path / f"run{suffix}"
    history.save(path)
    loaded = load_history(path)
    assert loaded == history
    assert list(loaded.history) == list(history.history)
    for key in ODD_KEYS:
        assert [v.hex() for v in loaded.history[key]] == [v.hex() for v in history.history[key]]


def test_a_key_named_epoch_round_trips_in_json_and_is_refused_by_name_in_csv(tmp_path):
    def epoch_key(epoch, logs):
        logs["epoch"] = float(epoch)

    history, keras_history = fit_with_callbacks(2, [callback_lambda(on_epoch_end=epoch_key)])
    same_as_keras(history, keras_history)
    history.save(tmp_path / "run.json")
    assert load_history(tmp_path / "run.json") == history
    with pytest.raises(ValueError, match=r"'epoch'.*save it as \.json"):
        history.save(tmp_path / "run.csv")
    assert not (tmp_path / "run.csv").exists()


def test_a_value_that_is_not_a_number_is_named_in_a_warning():
    """Keras' History keeps anything; the history keeps numbers and says what it left out."""

    def text(epoch, logs):
        logs["note"] = "hello"
        logs["per_class"] = np.array([0.1, 0.2])

    with pytest.warns(UserWarning, match=r"'note' \(a str\).*'per_class'.*model\.history") as w:
        history, keras_history = fit_with_callbacks(2, [callback_lambda(on_epoch_end=text)])
    ours = [x for x in w if "history keeps numbers" in str(x.message)]
    assert len(ours) == 1, "one warning per fit, not per epoch"
    assert "note" not in history.history and keras_history.history["note"] == ["hello"] * 2
    assert "learning_rate" in history.history


def test_a_string_that_looks_like_a_number_is_not_taken_for_one():
    def text(epoch, logs):
        logs["looks_numeric"] = "0.5"

    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        history, _ = fit_with_callbacks(1, [callback_lambda(on_epoch_end=text)])
    assert "looks_numeric" not in history.history


def test_an_epoch_cut_short_by_a_failing_callback_keeps_what_was_written_before():
    def fail(epoch, logs):
        logs["written_before_failing"] = 7.0
        if epoch == 1:
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        fit_with_callbacks(4, [callback_lambda(on_epoch_end=fail)])
    partial = last_history()
    assert partial is not None and partial.epoch == [0, 1]
    assert partial.history["written_before_failing"] == [7.0, 7.0]
    assert "learning_rate" in partial.history


def test_the_live_chart_gets_the_keys_later_callbacks_add(comms):
    """The chart hears of an epoch once its logs are final: learning_rate is drawn too."""
    model = linear_model()
    plateau = callback_reduce_lr_on_plateau(monitor="loss", patience=0, factor=0.5, min_delta=1e9)
    keras_history = model.fit(
        X, Y, epochs=3, verbose=0, callbacks=[callback_live_metrics(), plateau, Writes()]
    )
    charts = [c for c in comms if c.messages and "LiveChart" in json.dumps(c.messages[0][1])]
    updates = [m for m in charts[0].custom() if m["kind"] == "update" and "epoch" in m]
    assert [x for m in updates for x in m["epoch"]["x"]] == [1.0, 2.0, 3.0]
    drawn = {}
    for message in updates:
        for name, values in message["epoch"]["y"].items():
            drawn.setdefault(name, []).extend(values)
    assert drawn["learning_rate"] == pytest.approx(keras_history.history["learning_rate"])
    assert drawn["epoch_squared"] == [0.0, 1.0, 4.0]
