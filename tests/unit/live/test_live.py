"""The live training chart, measured on the wire with a recording comm.

ipywidgets sends everything through a comm; these tests replace ``comm.create_comm``
with one that records each message (as ipywidgets' own tests do), train real models,
and assert how many messages an epoch produces and how large they are.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import time

import numpy as np
import pytest

import kernelkeras
from kernelkeras import (
    callback_lambda,
    callback_live_metrics,
    fit,
    keras,
    last_history,
)
from kernelkeras._options import want_live_chart
from kernelkeras.frontend import LiveChart
from kernelkeras.live import LiveMetrics
from kernelkeras.plot import history_bundle
from tests._models import compiled_mlp


@pytest.fixture(scope="module")
def data(mnist_small):
    x, y, _, _ = mnist_small
    return x, y


def chart_comm(comms):
    charts = [c for c in comms if c.messages and "LiveChart" in json.dumps(c.messages[0][1])]
    assert len(charts) == 1, f"expected one chart, got {len(charts)}"
    return charts[0]


def train(data, epochs, comms, **fit_kwargs):
    x, y = data
    model = compiled_mlp()
    live = callback_live_metrics()
    history = model.fit(
        x,
        y,
        epochs=epochs,
        batch_size=64,
        verbose=0,
        callbacks=[live],
        validation_split=0.2,
        **fit_kwargs,
    )
    return model, live, history, chart_comm(comms)


def test_one_message_per_redraw_only_new_points(data, comms):
    _, live, history, recorder = train(data, 3, comms)
    messages = recorder.custom()
    updates = [m for m in messages if m["kind"] == "update"]
    assert messages[-1]["kind"] == "done" and messages[-1]["header"].startswith("Trained 3/3")
    # every epoch end is in exactly one update, in order, with its validation values
    epoch_x = [x for m in updates if "epoch" in m for x in m["epoch"]["x"]]
    assert epoch_x == [1.0, 2.0, 3.0]
    last_epoch = next(m for m in reversed(updates) if "epoch" in m)["epoch"]
    assert last_epoch["y"]["val_loss"][-1] == pytest.approx(history.history["val_loss"][-1])
    # batch points are sent once each: x strictly increasing across messages
    batch_x = [x for m in updates if "batch" in m for x in m["batch"]["x"]]
    assert batch_x == sorted(set(batch_x)) and 0 < batch_x[0] <= 1
    # fast epochs (25 batches in well under a second): a handful of messages per epoch
    assert 3 <= len(updates) <= 3 * 4
    assert max(recorder.sizes()) < 16_000
    assert live.updates == len(updates)


def test_bytes_per_update_stay_flat_as_the_run_grows(data, comms):
    _, _, _, short = train(data, 3, comms)
    comms.clear()
    _, _, _, long = train(data, 30, comms)
    short_sizes, long_sizes = short.sizes(), long.sizes()
    assert max(long_sizes) < 16_000
    assert statistics.median(long_sizes) < 2 * statistics.median(short_sizes) + 500
    batch_points = sum(len(m.get("batch", {}).get("x", [])) for m in long.custom())
    assert batch_points <= 1000  # thinned to max_points over the whole run


def test_slow_batches_redraw_a_few_times_a_second_not_every_batch(data, comms):
    x, y = data
    model = compiled_mlp()
    slow = callback_lambda(on_train_batch_end=lambda batch, logs: time.sleep(0.02))
    live = callback_live_metrics(min_interval=0.25, max_silence=0.5)
    started = time.monotonic()
    model.fit(x[:1280], y[:1280], epochs=2, batch_size=32, verbose=0, callbacks=[slow, live])
    elapsed = time.monotonic() - started
    stamps = [
        t
        for kind, data_, t in chart_comm(comms).messages
        if kind == "comm_msg" and data_.get("method") == "custom"
    ]
    gaps = np.diff(stamps[:-1])  # the final "done" follows the last update at once
    assert len(stamps) <= elapsed / 0.25 + 2 + 2  # throttled: not 80 batches = 80 messages
    assert len(stamps) >= elapsed / 0.5 - 1  # and never silent for long
    assert gaps.max() < 0.5 + 0.25


def test_stop_button_ends_training_at_the_next_batch(data, comms):
    x, y = data
    model = compiled_mlp()
    live = LiveMetrics(validation=False)

    def press_stop(batch, logs):
        if live.record.rows and batch == 3:  # epoch 2, batch 4: the front end's message arrives
            live.chart._handle_frontend_msg(live.chart, {"event": "stop"}, [])

    steps = []
    model.fit(
        x,
        y,
        epochs=10,
        batch_size=64,
        verbose=0,
        callbacks=[
            live,
            callback_lambda(on_train_batch_end=press_stop),
            callback_lambda(on_train_batch_begin=lambda batch, logs: steps.append(batch)),
        ],
    )
    assert live.status == "stopped"
    assert len(live.record.rows) == 2 and steps.count(4) == 1  # no batch after the one that stopped
    done = chart_comm(comms).custom()[-1]
    assert done == {"kind": "done", "header": done["header"]}
    assert done["header"].startswith("Stopped at epoch 2/10")


def test_an_interrupt_stops_gracefully_and_a_second_one_raises(data, comms):
    x, y = data
    model = compiled_mlp()
    handler_before = signal.getsignal(signal.SIGINT)

    def interrupt(batch, logs):
        if batch == 2:
            os.kill(os.getpid(), signal.SIGINT)

    history = fit(
        model,
        x,
        y,
        epochs=5,
        batch_size=64,
        verbose=0,
        view_metrics=True,
        callbacks=[callback_lambda(on_train_batch_end=interrupt)],
    )
    assert len(history) == 1 and history.params["epochs"] == 5
    assert signal.getsignal(signal.SIGINT) is handler_before
    assert chart_comm(comms).custom()[-1]["header"].startswith("Stopped at epoch 1/5")

    comms.clear()

    def interrupt_twice(batch, logs):
        if batch == 2:
            os.kill(os.getpid(), signal.SIGINT)
            os.kill(os.getpid(), signal.SIGINT)

    with pytest.raises(KeyboardInterrupt):
        fit(
            model,
            x,
            y,
            epochs=5,
            batch_size=64,
            verbose=0,
            view_metrics=True,
            callbacks=[callback_lambda(on_train_batch_end=interrupt_twice)],
        )
    assert signal.getsignal(signal.SIGINT) is handler_before
    assert last_history() is not None
    assert chart_comm(comms).custom()[-1]["header"].startswith("Interrupted during epoch")


def test_nan_loss_is_marked_and_training_goes_on(data, comms):
    x, y = data
    model = kernelkeras.keras_model_sequential(input_shape=(784,)) >> kernelkeras.layer_dense(
        units=10
    )
    # A learning rate this large overflows within a few steps: the loss becomes NaN.
    model >> kernelkeras.compile(loss="mse", optimizer=kernelkeras.optimizer_sgd(learning_rate=1e6))
    live = callback_live_metrics()
    model.fit(x[:640], y[:640], epochs=2, batch_size=64, verbose=0, callbacks=[live])
    updates = [m for m in chart_comm(comms).custom() if m["kind"] == "update"]
    nonfinite = [m["nonfinite"] for m in updates if "nonfinite" in m]
    assert nonfinite and "loss" in nonfinite[0]["metric"]
    assert any(None in m["batch"]["y"]["loss"] for m in updates if "batch" in m)
    assert len(live.record.rows) == 2 and live.status == "completed"
    json.dumps(updates, allow_nan=False)  # valid JSON on the wire: NaN is sent as null


def test_resumed_fit_continues_the_epoch_axis(data, comms):
    x, y = data
    model = compiled_mlp()
    model.fit(x, y, epochs=5, initial_epoch=2, verbose=0, callbacks=[callback_live_metrics()])
    recorder = chart_comm(comms)
    state = recorder.messages[0][1]["state"]
    assert state["initial_epoch"] == 2 and state["epochs"] == 5
    epoch_x = [x for m in recorder.custom() if "epoch" in m for x in m["epoch"]["x"]]
    assert epoch_x == [3.0, 4.0, 5.0]


def test_the_static_figure_replaces_the_chart(data, comms):
    _, live, _, _ = train(data, 2, comms)
    bundle = history_bundle(live.history(), "Trained 2/2 epochs")
    assert bundle["text/plain"].startswith("Trained 2/2 epochs\nTrained on")
    figure = bundle["application/vnd.plotly.v1+json"]
    assert figure["layout"]["title"]["text"] == "Trained 2/2 epochs"
    assert {t["name"] for t in figure["data"]} == {"training", "validation"}
    assert len(json.dumps(figure)) < 40_000
    assert live.chart.comm is None  # closed: no widget state left in the notebook


def test_view_metrics_resolution(monkeypatch):
    assert want_live_chart("auto") is False  # pytest is not a Jupyter kernel
    assert want_live_chart(True) is True and want_live_chart(False) is False
    with pytest.raises(ValueError, match="view_metrics must be True, False or 'auto'"):
        want_live_chart("yes")
    monkeypatch.setattr("kernelkeras._options.in_jupyter_kernel", lambda: True)
    assert want_live_chart("auto") is True
    kernelkeras.options.view_metrics = False
    try:
        assert want_live_chart("auto") is False
        assert want_live_chart(True) is True
    finally:
        kernelkeras.options.view_metrics = True
    with pytest.raises(TypeError, match="must be True or False"):
        kernelkeras.options.view_metrics = "auto"


def test_chart_traits_are_validated():
    with pytest.raises(Exception, match="base metric names"):
        LiveChart(metrics=["val_loss"])
    with pytest.raises(Exception, match="epochs"):
        LiveChart(epochs=0)
    assert keras is not None
