"""plot(): training histories and model diagrams as plotly figures."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from kernelkeras import (
    TrainingHistory,
    keras,
    keras_model,
    layer_concatenate,
    layer_dense,
    layer_input,
    plot,
)
from kernelkeras.plot import SERIES, metric_title
from kernelkeras.plot._history import loess
from tests._models import seed_mlp


def make_history(epochs=30, metrics=("loss", "accuracy"), start=0, seed=0):
    rng = np.random.default_rng(seed)
    series = {}
    for name in metrics:
        curve = np.exp(-np.arange(epochs) / 10) + rng.normal(0, 0.02, epochs)
        series[name] = curve.tolist()
        series[f"val_{name}"] = (curve + 0.1).tolist()
    return TrainingHistory(
        series, {"epochs": start + epochs}, epoch=list(range(start, start + epochs))
    )


def traces(fig, row_axis="y"):
    return [t for t in fig.data if (t.yaxis or "y") == row_axis]


def test_history_rows_colours_and_smoothing():
    fig = plot(make_history(epochs=30))
    assert isinstance(fig, go.Figure)
    titles = [a.text for a in fig.layout.annotations]
    assert titles == ["Loss", "Accuracy"]
    loss = traces(fig, "y")
    assert [t.name for t in loss] == [
        "training",
        "training (smoothed)",
        "validation",
        "validation (smoothed)",
    ]
    assert loss[0].mode == "markers" and loss[1].mode == "lines"
    assert loss[0].marker.color == SERIES["training"]["color"] == loss[1].line.color
    assert loss[2].marker.color == SERIES["validation"]["color"]
    assert list(loss[0].x) == list(range(1, 31))
    assert isinstance(loss[0].y, (np.ndarray, tuple))
    assert "%{y:.8g}" in loss[0].hovertemplate
    # one legend entry per data set, shared by the rows
    assert sum(1 for t in fig.data if t.showlegend) == 2
    assert fig.layout.xaxis2.title.text == "Epoch"
    assert tuple(fig.layout.xaxis.range) == (0.5, 30.5)


def test_fewer_than_ten_epochs_are_joined_points_without_smoothing():
    fig = plot(make_history(epochs=5))
    assert {t.mode for t in fig.data} == {"lines+markers"}
    assert len(fig.data) == 4


def test_metric_choice_and_titles():
    fig = plot(make_history(metrics=("loss", "mean_absolute_error", "auc")), metrics=["val_auc"])
    assert [a.text for a in fig.layout.annotations] == ["AUC"]
    assert metric_title("mean_absolute_error") == "Mean absolute error"


def test_overlaying_runs():
    fig = plot([make_history(seed=1), make_history(seed=2)], names=["small", "large"])
    names = {t.name for t in fig.data if t.showlegend}
    assert names == {"small training", "small validation", "large training", "large validation"}
    colours = {t.name: t.marker.color for t in fig.data if t.showlegend}
    assert colours["small training"] == colours["small validation"] != colours["large training"]
    dashes = {t.name: t.line.dash for t in fig.data if t.showlegend}
    assert dashes["small validation"] == "dash" and dashes["small training"] == "solid"


def test_resumed_history_starts_at_its_epoch_and_nan_is_a_gap():
    h = make_history(epochs=12, start=5)
    h.history["val_loss"][3] = math.nan
    fig = plot(h, metrics=["loss"])
    assert fig.data[0].x[0] == 6
    smoothed = next(t for t in fig.data if t.name == "validation (smoothed)")
    assert np.isfinite(np.asarray(smoothed.y, dtype=float)).all()


def test_loess_follows_a_line_exactly_and_smooths_noise():
    x = np.arange(1, 21, dtype=float)
    np.testing.assert_allclose(loess(x, 2 * x + 1), 2 * x + 1, atol=1e-9)
    noisy = np.sin(x / 3) + np.where(x % 2, 0.3, -0.3)
    assert np.abs(np.diff(loess(x, noisy), 2)).max() < np.abs(np.diff(noisy, 2)).max() / 3


def test_text_plain_and_plotly_json_in_the_notebook_bundle(monkeypatch):
    monkeypatch.setattr(pio.renderers, "default", "plotly_mimetype")
    fig = plot(make_history(epochs=12))
    bundle = fig._repr_mimebundle_()
    assert set(bundle) == {"application/vnd.plotly.v1+json", "text/plain"}
    assert bundle["text/plain"].startswith("Training history: 12 epochs; loss ")
    assert "(validation " in bundle["text/plain"]
    assert fig._repr_html_() is None  # never HTML that loads plotly.js from a CDN


def test_model_diagram_sequential():
    keras.backend.clear_session()
    fig = plot(seed_mlp())
    texts = [a.text for a in fig.layout.annotations if not a.showarrow]
    assert texts[0] == "<b>input</b> (InputLayer)<br>(None, 784)"
    assert "<b>dense_2</b> (Dense)<br>(None, 10)" in texts
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    assert len(arrows) == 5 and len(fig.layout.shapes) == 6
    assert "6 layers, 5 connections" in fig.description


def test_model_diagram_functional_branches_side_by_side():
    a = layer_input(shape=(4,), name="a")
    b = layer_input(shape=(6,), name="b")
    merged = layer_concatenate(
        [a >> layer_dense(units=3, name="left"), b >> layer_dense(units=5, name="right")],
        name="merge",
    )
    model = keras_model([a, b], merged >> layer_dense(units=1, name="out"))
    fig = plot(model)
    boxes = {
        a.text.split("</b>")[0].removeprefix("<b>"): (a.x, a.y)
        for a in fig.layout.annotations
        if not a.showarrow
    }
    assert boxes["a"][1] == boxes["b"][1] and boxes["a"][0] != boxes["b"][0]
    assert boxes["left"][1] == boxes["right"][1] > boxes["merge"][1] > boxes["out"][1]
    assert len([x for x in fig.layout.annotations if x.showarrow]) == 5


@pytest.mark.parametrize(
    ("thing", "message"),
    [
        (3, "got a int"),
        ("history.json", "got a str"),
        ([1, 2], "got a list of int"),
        ([], "got a list of nothing"),
        (np.zeros(3), "got a ndarray"),
    ],
)
def test_plot_of_unsupported_objects(thing, message):
    with pytest.raises(TypeError, match=message):
        plot(thing)


def test_plot_bad_history_arguments():
    h = make_history(epochs=3)
    with pytest.raises(
        ValueError, match=r"no metric 'nope' in this history; it has loss, accuracy"
    ):
        plot(h, metrics=["nope"])
    with pytest.raises(ValueError, match="has no epochs to plot"):
        plot(TrainingHistory({}, {}))
    with pytest.raises(ValueError, match="2 histories but 1 names"):
        plot([h, h], names=["one"])


def test_plot_of_a_model_without_layers():
    with pytest.raises(ValueError, match="has no layers yet"):
        plot(keras.Sequential(name="empty"))
