"""Hostile names in JupyterLab: summary, plots, the builder and the live chart run no script.

A JupyterLab server (the venv's ``python3`` kernelspec) serves a temporary folder with a
generated notebook and a history file written by someone else (``hostile_history.json``,
metric names with ``<script>``, ``<a href>`` and more). Layer and model names are the most
hostile Keras accepts (it refuses ``/``, so no closing tags): ``<img onerror=...>``,
``<svg onload=...>``, ``<details ontoggle=...>``, each setting ``window.__pwned`` and one
calling ``alert``, and ``a&amp;b <b>bold``, which plotly would show as "a&b **bold**"
unescaped (it shows unknown tags as text, but reads ``<b>``, ``<a>`` and entities).
Headless Chromium runs all cells:

- ``summary(model)`` / ``summary(branchy)`` (Sequential and functional: name column,
  "connected to", caption), ``plot(model)`` / ``plot(branchy)`` (boxes, title, hover),
  ``plot(load_history(...))`` (panel titles, hover), ``model_builder(model)`` and
  ``model_builder(branchy)`` (read-only, with its summary);
- a ``fit`` whose metric has a hostile name: its live chart (title, status line, panel
  titles) while it trains, then the static figure that replaces it;
- a ``LiveChart`` fed by hand, to hover its points at leisure.

No dialog opens (Playwright's ``dialog`` event), ``window.__pwned`` stays unset, the
outputs hold no element or handler from a name, and each name shows as literal text
(``a&amp;b`` as typed, not ``a&b``). Screenshot: test-artifacts/browser_hostile_names.png
(browser_hostile_names_failure.png on failure).
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kernelkeras.plot import metric_title
from tests._jupyter import (
    PAGE_TIMEOUT,
    Lab,
    lab_server,
    launch_chromium,
    needs_chromium,
    tail,
    wait_for_idle_kernel,
    write_notebook,
)

NOTEBOOK = "hostile.ipynb"
HISTORY_FILE = "hostile_history.json"
IMG = "<img src=x onerror=\"window.__pwned='img'; alert(1)\">"
SVG = "<svg onload=\"window.__pwned='svg'\">"
DETAILS = "<details open ontoggle=\"window.__pwned='details'\">"
AMP = "a&amp;b <b>bold"  # must show as typed: escaped once, markup not read
# A history file has no "/" rule: closing tags and links too.
SCRIPT = "<script>window.__pwned='script'</script>"
LINK = '<a href="https://example.org/phish">click</a>'
CELL_SETUP = f"""\
import time
import numpy as np
from kernelkeras import *
from kernelkeras.frontend import LiveChart
IMG, SVG, DETAILS, AMP = {IMG!r}, {SVG!r}, {DETAILS!r}, {AMP!r}
model = keras.Sequential(
    [keras.Input((3,)), keras.layers.Dense(4, name=IMG), keras.layers.Dense(2, name=AMP)],
    name=DETAILS,
)
inputs = layer_input(shape=(3,), name=SVG)
branchy = keras_model(
    inputs,
    layer_concatenate([layer_dense(inputs, units=2, name=IMG), layer_dense(inputs, units=2)]),
    name=AMP,
)"""
CELL_FIT = """\
trained = keras_model_sequential(input_shape=(3,), name="trained") >> layer_dense(units=2)
trained >> compile(loss="mse", optimizer="sgd", metrics=[keras.metrics.MeanSquaredError(name=IMG)])
slow = keras.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: time.sleep(2))
fitted = trained >> fit(np.ones((32, 3), "float32"), np.zeros((32, 2), "float32"), epochs=3,
                        batch_size=8, validation_split=0.25, callbacks=[slow])"""
CELL_CHART = """\
chart = LiveChart(metrics=["loss", SVG, AMP], validation=True, epochs=3, title=f"Title {IMG}",
                  header=f"Header {SVG}")
display(chart)
chart.send_message({"kind": "update", "header": f"Epoch 2/3 {AMP}",
                    "epoch": {"x": [1, 2], "y": {SVG: [0.5, 0.4], f"val_{SVG}": [0.6, 0.5]}}})"""
CELLS = (
    CELL_SETUP,
    "summary(model)",
    "summary(branchy)",
    "plot(model)",
    "plot(branchy)",
    f"history = load_history({HISTORY_FILE!r})\nplot(history)",
    "model_builder(model)",
    "model_builder(branchy)",
    CELL_FIT,
    CELL_CHART,
    'print("done")',
)
(SETUP, SUMMARY, SUMMARY_F, PLOT, PLOT_F, HISTORY, BUILDER, BUILDER_F, FIT, CHART, DONE) = range(
    len(CELLS)
)
KERNEL_TIMEOUT = 90_000  # milliseconds for the python3 kernel to start and be idle
RUN_TIMEOUT = 120_000  # milliseconds from "Run All" to a cell's output (imports TensorFlow)
SCREENSHOT = "browser_hostile_names.png"
FAILURE_SCREENSHOT = "browser_hostile_names_failure.png"
#: Elements and handlers that only a name could have put into an output.
INJECTED = (
    "script, details, iframe, img[src='x'], [onerror], [onload], [ontoggle], a[href*='example.org']"
)
#: The pixel position of point ``point`` of trace ``trace`` in a plotly element.
POINT_XY = """(gd, [trace, point]) => {
    const d = gd._fullData[trace];
    const xa = gd._fullLayout[d.xaxis.replace('x', 'xaxis')];
    const ya = gd._fullLayout[d.yaxis.replace('y', 'yaxis')];
    const r = gd.getBoundingClientRect();
    return [r.left + xa._offset + xa.l2p(d.x[point]), r.top + ya._offset + ya.l2p(d.y[point])];
}"""


def write_history(path: Path) -> None:
    """A history file with markup in its metric names, as someone else might send it."""
    from kernelkeras import TrainingHistory

    names = ["loss", SCRIPT, IMG, LINK, AMP]
    series = {name: [0.9, 0.5, 0.3] for name in names}
    series.update({f"val_{name}": [1.0, 0.6, 0.4] for name in names})
    TrainingHistory(series, {"epochs": 3}, epoch=[0, 1, 2]).save(path)


@pytest.fixture
def hostile_lab(tmp_path: Path) -> Iterator[Lab]:
    """JupyterLab serving the hostile notebook and history file; the venv's kernels."""
    root = tmp_path / "root"
    root.mkdir()
    write_notebook(root / NOTEBOOK, CELLS)
    write_history(root / HISTORY_FILE)
    with lab_server(tmp_path, root) as lab:
        yield lab


def hover_text(page: Any, plot: Any, trace: int, point: int) -> str:
    """Moves the mouse onto a point of a plotly figure; the hover label's text."""
    from playwright.sync_api import expect

    plot.evaluate("e => e.scrollIntoView({block: 'center'})")
    x, y = plot.evaluate(POINT_XY, [trace, point])
    label = plot.locator(".hoverlayer .hovertext")
    page.mouse.move(0, 0)
    expect(label).to_have_count(0)
    page.mouse.move(x, y, steps=3)
    expect(label.first).to_be_attached()
    return " ".join(label.all_text_contents())


def svg_texts(plot: Any, selector: str) -> list[str]:
    """The text of every ``selector`` element in a plotly figure."""
    return [t.replace("\u00a0", " ") for t in plot.locator(selector).all_text_contents()]


@pytest.mark.slow
@needs_chromium
def test_hostile_names_show_as_text_and_run_no_script(
    hostile_lab: Lab, project: Path, tmp_path: Path
) -> None:
    """Summary, plots, builder and live chart of hostile names: text, and no script ran."""
    from playwright.sync_api import Dialog, Route, expect, sync_playwright

    lab = hostile_lab
    origin = lab.base + "/"
    outside: list[str] = []
    dialogs: list[str] = []
    page_errors: list[str] = []
    timings: dict[str, float] = {}
    t0 = time.monotonic()

    def mark(name: str) -> None:
        timings[name] = round(time.monotonic() - t0, 1)

    def guard(route: Route) -> None:
        """Aborts requests that would leave the server (no network in tests)."""
        if route.request.url.startswith(origin):
            route.continue_()
        else:
            outside.append(f"{route.request.method} {route.request.url}")
            route.abort()

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    artifacts = project / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, tmp_path)
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        page.on("pageerror", lambda err: page_errors.append(str(err)))
        page.on("dialog", on_dialog)
        try:
            page.set_default_timeout(PAGE_TIMEOUT)
            expect.set_options(timeout=RUN_TIMEOUT)
            page.route("**/*", guard)
            page.goto(f"{lab.base}/lab/tree/{NOTEBOOK}?token={lab.token}", timeout=PAGE_TIMEOUT)
            cells = page.locator(".jp-Notebook .jp-CodeCell")
            expect(cells).to_have_count(len(CELLS), timeout=PAGE_TIMEOUT)
            sessions = wait_for_idle_kernel(page, lab, KERNEL_TIMEOUT)
            assert [(s["kernel"]["name"], s["kernel"]["execution_state"]) for s in sessions] == [
                ("python3", "idle")
            ], f"{sessions}\n{tail(lab.log)}"
            expect(
                page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")
            ).to_have_count(1, timeout=KERNEL_TIMEOUT)
            mark("kernel idle")
            page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
            page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()

            def output(cell: int) -> Any:
                return cells.nth(cell).locator(".jp-OutputArea-output")

            def figure_of(cell: int) -> Any:
                """The cell's plotly figure (jupyterlab-plotly draws into the output)."""
                return cells.nth(cell).locator(".jp-OutputArea .js-plotly-plot")

            # The live chart while fit trains: its metric's name in every text, as text.
            live = cells.nth(FIT).locator(".kk-live-chart")
            expect(live.locator(".kk-live-plot g.annotation").nth(1)).to_be_attached()
            expect(live.locator(".kk-live-header")).to_contain_text(IMG)
            expect(live.locator(".kk-live-title")).to_have_text("Training trained")
            titles = svg_texts(live, ".kk-live-plot g.annotation text")
            assert titles == ["Loss", metric_title(IMG)], titles
            mark("live chart")

            expect(output(DONE)).to_have_text(re.compile(r"^\s*done\s*$"))
            mark("all cells ran")

            # summary(): the name column, the caption and "connected to" as text.
            for cell, names in (
                (SUMMARY, [IMG, AMP, f"Model: {DETAILS}"]),
                (SUMMARY_F, [IMG, f"{SVG}[0][0]", f"Model: {AMP}"]),
            ):
                shown = output(cell).and_(page.locator(".jp-RenderedHTML")).inner_text()
                for name in names:
                    assert name in shown, f"{name!r} not shown in {shown!r}"

            # plot(model): boxes, title and hover labels.
            for cell, title, names in (
                (PLOT, DETAILS, [IMG, AMP]),
                (PLOT_F, AMP, [IMG, SVG]),
            ):
                figure = figure_of(cell)
                figure.scroll_into_view_if_needed()  # drawn once in view
                expect(figure.locator("g.annotation").first).to_be_attached()
                boxes = " ".join(svg_texts(figure, "g.annotation text"))
                assert all(name in boxes for name in names), boxes
                assert svg_texts(figure, "text.gtitle") == [f"Model: {title}"]
                labels = [hover_text(page, figure, 0, i) for i in range(3)]
                assert any(IMG in text for text in labels), labels

            # plot(history) of the file: panel titles and hover texts.
            figure = figure_of(HISTORY)
            figure.scroll_into_view_if_needed()
            expect(figure.locator("g.annotation").first).to_be_attached()
            titles = svg_texts(figure, "g.annotation text")
            assert titles == ["Loss", *map(metric_title, [SCRIPT, IMG, LINK, AMP])], titles
            hovered = hover_text(page, figure, 4, 1)  # the third panel's training point
            assert IMG in hovered and "epoch 2" in hovered, hovered

            # The builders: the editable one, and the read-only one with its summary.
            expect(output(BUILDER).locator(".kk-builder")).to_be_visible()
            read_only = output(BUILDER_F).locator(".kk-builder")
            expect(read_only).to_contain_text("read-only")
            shown = read_only.inner_text()
            assert IMG in shown and f"{SVG}[0][0]" in shown, shown

            # The figure that replaced the live chart, and the hand-fed live chart.
            static = figure_of(FIT)
            expect(static).to_have_count(1)
            static.scroll_into_view_if_needed()
            expect(static.locator("g.annotation").first).to_be_attached()
            assert metric_title(IMG) in svg_texts(static, "g.annotation text")
            chart = cells.nth(CHART).locator(".kk-live-chart")
            expect(chart.locator(".kk-live-header")).to_have_text(f"Epoch 2/3 {AMP}")
            expect(chart.locator(".kk-live-title")).to_have_text(f"Title {IMG}")
            plot_area = chart.locator(".kk-live-plot")
            expect(plot_area.locator("g.annotation").nth(1)).to_be_attached()
            titles = svg_texts(plot_area, "g.annotation text")
            assert titles == ["Loss", metric_title(SVG), metric_title(AMP)], titles
            # Traces per panel: batches, training, validation, NaN: the second panel's
            # training trace is the sixth. The name is cut to plotly's 15 characters.
            hovered = hover_text(page, plot_area, 5, 1)
            assert SVG[:11] in hovered and "0.4" in hovered, hovered
            mark("outputs checked")

            # Nothing ran: no dialog, no global set, nothing injected into the outputs.
            page.wait_for_timeout(1000)  # let any late onerror/onload fire
            assert page.evaluate("() => window.__pwned") is None
            injected = page.locator(".jp-Notebook .jp-OutputArea").locator(INJECTED)
            assert injected.count() == 0, injected.evaluate_all("es => es.map(e => e.outerHTML)")
            cells.nth(SUMMARY).evaluate("e => e.scrollIntoView({block: 'start'})")
            page.mouse.move(0, 0)
            page.screenshot(path=str(artifacts / SCREENSHOT))
        except BaseException:
            with contextlib.suppress(Exception):  # keep the test's own error
                page.screenshot(path=str(artifacts / FAILURE_SCREENSHOT))
            print("page errors:", page_errors, "\ndialogs:", dialogs)
            raise
        finally:
            expect.set_options(timeout=5_000)
            browser.close()

    print("timings (s since the page was opened):", timings)
    assert not dialogs, f"a script ran and opened dialogs: {dialogs}"
    assert not outside, f"requests left the server: {outside}"
    assert not [e for e in page_errors if "kernelkeras" in e], page_errors
