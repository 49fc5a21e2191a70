"""Hostile names show as text: in summary()'s HTML, the builder, plot() and the live chart.

Layer, model, metric and run names come from other people's files. Each output that
renders them as HTML (summary tables, the builder's Summary tab) or as plotly text
(which reads ``<b>``, ``<br>``, links and entities in titles, legends, hover texts and
annotations) must escape them exactly once: the markup holds no tag from a name, and
what a reader sees is the name itself (``&`` shows as ``&``, not ``&amp;``).

The live chart's front end writes its title and status line with ``textContent`` and
escapes metric names and panel titles for plotly itself (labextension/src/figure.ts,
tested with jest), so the kernel sends them as plain text, unescaped.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

import numpy as np
import pandas as pd
import pytest

from kernelkeras import (
    TrainingHistory,
    as_data_frame,
    callback_live_metrics,
    keras,
    keras_model,
    layer_concatenate,
    layer_dense,
    layer_input,
    plot,
    summary,
)
from kernelkeras.builder import model_builder
from kernelkeras.builder._panels import summary_html
from kernelkeras.frontend import LiveChart
from kernelkeras.plot import history_bundle, metric_title

IMG = "<img src=x onerror=alert(1)>"
#: Keras refuses "/" in names, so no closing tag: the most hostile it accepts.
SVG = "a&b \"q\" 's' <svg onload=alert(2)>"
#: Tags the project itself writes around the text in an HTML table.
TABLE_TAGS = {"div", "style", "table", "caption", "thead", "tbody", "tr", "th", "td", "p", "br"}
TABLE_TAGS |= {"small"}
#: Tags the project writes into plotly text (plotly's own subset of HTML).
PLOTLY_TAGS = {"<b>", "</b>", "<br>", "<extra>", "</extra>"}
#: The entities plotly decodes (src/lib/svg_text_utils.js); any other stays as typed.
PLOTLY_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "nbsp": "\u00a0"}


class _Reader(HTMLParser):
    """The tags of a piece of HTML and the text a browser shows for it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.text: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.tags.add(tag)
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if not self._in_style:
            self.text.append(data)


def read_html(markup: str) -> tuple[set[str], str]:
    """``(tags, shown text)`` of ``markup``."""
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    return reader.tags, "".join(reader.text)


def plotly_shown(text: str) -> str:
    """What plotly shows for a label: only its known tags, and the entities it decodes."""
    tags = set(re.findall(r"<[^<>]*>", text))
    assert tags <= PLOTLY_TAGS, f"markup from a name in plotly text: {tags - PLOTLY_TAGS}"
    text = re.sub(r"<br>", "\n", text)
    text = re.sub(r"</?(b|extra)>", "", text)

    def entity(match: re.Match[str]) -> str:
        inner = match.group(1)
        if inner.startswith("#x"):
            return chr(int(inner[2:], 16))
        if inner.startswith("#"):
            return chr(int(inner[1:]))
        return PLOTLY_ENTITIES.get(inner, match.group(0))

    return re.sub(r"&(#\d+|#x[\da-fA-F]+|[a-z]+);", entity, text)


def assert_safe_html(markup: str, *names: str) -> str:
    """Checks that ``markup`` holds only the project's tags and shows each name as is."""
    tags, text = read_html(markup)
    assert tags <= TABLE_TAGS, f"tags from a name: {tags - TABLE_TAGS}"
    assert "<img" not in markup and "<svg" not in markup
    assert "&amp;amp;" not in markup  # escaped once, not twice
    for name in names:
        assert name in text, f"{name!r} is not shown as text"
    return text


def hostile_sequential() -> Any:
    return keras.Sequential(
        [keras.Input((3,)), keras.layers.Dense(2, name=IMG), keras.layers.Dense(2, name=SVG)],
        name=f"model {IMG}",
    )


def hostile_functional() -> Any:
    inputs = layer_input(shape=(3,), name=f"in {IMG}")
    left = layer_dense(inputs, units=2, name=IMG)
    right = layer_dense(inputs, units=2, name=SVG)
    return keras_model(inputs, layer_concatenate([left, right], name="join"), name=SVG)


# ---- summary() ----------------------------------------------------------------------------
def test_summary_html_shows_hostile_layer_and_model_names_as_text():
    text = assert_safe_html(summary(hostile_sequential()).to_html(), IMG, SVG, f"model {IMG}")
    assert text.count(SVG) == 1
    bundle = summary(hostile_sequential())._repr_mimebundle_()
    assert_safe_html(bundle["text/html"], IMG)
    assert IMG in bundle["text/plain"]  # the text table is text: no escaping there


def test_summary_html_escapes_connected_to_and_nested_paths():
    model = hostile_functional()
    text = assert_safe_html(summary(model).to_html(), f"in {IMG}[0][0]", f"{SVG}[0][0]")
    assert f"Model: {SVG} (Functional)" in text
    outer = keras.Sequential([keras.Input((3,)), model], name="outer")
    assert_safe_html(summary(outer, expand_nested=True).to_html(), f"{SVG}/{IMG}")


# ---- the builder ---------------------------------------------------------------------------
def test_builder_summary_tab_escapes_every_cell_and_the_error_line():
    frame = pd.DataFrame(
        {
            "layer": ["input", IMG],
            "type": ["InputLayer", SVG],
            "output_shape": ["(None, 3)", "?"],
            "params": pd.array([0, None], dtype="Int64"),  # as the builder's frame
            "error": ["", f"units for {IMG} is missing\nsecond line"],
        }
    )
    text = assert_safe_html(summary_html(frame), IMG, SVG, f"units for {IMG} is missing")
    assert "second line" not in text


def test_builder_shows_a_hostile_read_only_model_as_text():
    builder = model_builder(hostile_functional())
    assert_safe_html(builder.summary.value, IMG, SVG)


# ---- plot(model) ---------------------------------------------------------------------------
@pytest.mark.parametrize("make", [hostile_sequential, hostile_functional])
def test_plot_model_boxes_hover_and_title_show_names_as_text(make):
    model = make()
    fig = plot(model)
    boxes = [plotly_shown(a.text) for a in fig.layout.annotations if not a.showarrow]
    assert f"{IMG} (Dense)\n(None, 2)" in boxes
    assert f"{SVG} (Dense)\n(None, 2)" in boxes
    assert plotly_shown(fig.layout.title.text) == f"Model: {model.name}"
    (layers,) = fig.data
    shown = [[plotly_shown(str(v)) for v in row] for row in layers.customdata]
    assert [IMG, "Dense", "(None, 2)", "8"] in shown
    assert "%{customdata[0]}" in layers.hovertemplate  # names are values, not template


def test_plot_model_html_free_json():
    text = json.dumps(plot(hostile_functional()).to_plotly_json(), default=str)
    assert "<img" not in text and "<svg" not in text and "&amp;amp;" not in text


# ---- plot(history) -------------------------------------------------------------------------
def hostile_history(epochs: int = 12) -> TrainingHistory:
    curve = np.linspace(1, 0.2, epochs).tolist()
    series = {"loss": curve, "val_loss": curve, IMG: curve, f"val_{IMG}": curve, SVG: curve}
    return TrainingHistory(series, {"epochs": epochs}, epoch=list(range(epochs)))


def test_plot_history_titles_legend_and_hover_show_metric_names_as_text():
    fig = plot(hostile_history())
    titles = [plotly_shown(a.text) for a in fig.layout.annotations]
    assert titles == ["Loss", metric_title(IMG), metric_title(SVG)]
    assert titles[1] == IMG and titles[2] == "A" + SVG[1:]
    assert "<img" not in json.dumps(fig.to_plotly_json(), default=str)
    for trace in fig.data:
        plotly_shown(trace.name)
        if trace.hovertemplate:  # names reach the hover text as meta values only
            assert "<img" not in trace.hovertemplate and "svg" not in trace.hovertemplate
            assert "%{meta[1]}" in trace.hovertemplate
    metas = {plotly_shown(t.meta[1]) for t in fig.data if t.meta}
    assert {"loss", IMG, SVG} <= metas


def test_plot_history_run_names_in_the_legend_and_hover_are_text():
    history = hostile_history(3)
    fig = plot([history, history], names=[IMG, "a&b"], metrics=["loss"])
    names = {plotly_shown(t.name) for t in fig.data}
    assert {f"{IMG} training", f"{IMG} validation", "a&b training"} <= names
    metas = {plotly_shown(t.meta[0]) for t in fig.data if t.meta}
    assert f"{IMG} training" in metas and "a&b validation" in metas


def test_history_tables_escape_metric_names():
    markup = as_data_frame(hostile_history(2), wide=True)._repr_html_()
    assert "<img" not in markup and "&lt;img" in markup


# ---- the live chart ------------------------------------------------------------------------
def test_the_figure_that_replaces_the_live_chart_escapes_its_label_and_names():
    label = f"Failed during epoch 1/2: ValueError: {IMG}"
    bundle = history_bundle(hostile_history(2), label)
    figure = bundle["application/vnd.plotly.v1+json"]
    assert plotly_shown(figure["layout"]["title"]["text"]) == label
    assert "<img" not in json.dumps(figure)
    assert bundle["text/plain"].startswith(label)  # plain text stays plain


def test_live_chart_sends_names_as_plain_text_for_the_front_end_to_escape(comms):
    chart = LiveChart(metrics=["loss", IMG])
    assert chart.titles[IMG] == IMG  # not pre-escaped
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)], name="plain")
    metric = keras.metrics.MeanSquaredError(name=SVG)  # Keras accepts any metric name
    model.compile(loss="mse", optimizer="sgd", metrics=[metric])
    x, y = np.zeros((16, 3), "float32"), np.zeros((16, 2), "float32")
    model.fit(x, y, epochs=2, batch_size=4, verbose=0, validation_split=0.25,
              callbacks=[callback_live_metrics()])  # fmt: skip
    (recorder,) = [c for c in comms if c.custom()]  # the chart fit showed
    state = recorder.messages[0][1]["state"]
    assert SVG in state["metrics"] and state["titles"][SVG] == metric_title(SVG)
    headers = [m["header"] for m in recorder.custom()]
    assert headers[-1].startswith("Trained 2/2 epochs")
    assert any(SVG in h for h in headers)  # written with textContent: escaping would show
    assert not any("&amp;" in h or "&lt;" in h for h in headers)
