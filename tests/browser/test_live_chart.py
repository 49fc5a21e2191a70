"""The live training chart in JupyterLab: it draws while ``fit`` runs, Stop ends training.

A JupyterLab server (this time with the venv's ``python3`` kernelspec) serves a
temporary folder holding a small generated notebook: MNIST data and an MLP, a
20-epoch ``fit`` (live chart on by default in a kernel), ``len(history.epoch)`` and a
last ``print``. Headless Chromium, driven by Playwright:

1. opens the notebook, waits for the ``python3`` kernel to start and be idle, and
   runs all cells (the Run menu's "Run All Cells");
2. waits for the live chart (``.kk-live-chart``), checks that its ``data-points``
   grow between two polls, and clicks Stop (``button.kk-stop``);
3. checks that training ended early and gracefully: in the fit cell the widget is
   replaced by the static plotly figure titled "Stopped at epoch N/20" (N < 20), the
   next cell shows N, and the last cell still ran (no error stopped "Run All");
4. saves the notebook (Ctrl+S), shuts the kernel down through the REST API
   (``DELETE /api/kernels/<id>``) and reloads the page, which must draw the static
   chart again from the saved output alone. The notebook names ``python3``, which
   this server offers, so JupyterLab tries to start it again on reload: from before
   the shutdown on, a Playwright route aborts (and records) the page's requests that
   would create a session or a kernel (``POST /api/sessions``, ``POST /api/kernels``);
   JupyterLab then reports "Error Starting Kernel" and asks which kernel to start,
   and the test answers "No Kernel". The server must report no kernel and no session
   at the end;
5. reads the saved .ipynb: small (< 300 KB), the fit cell's one output is the plotly
   figure (``application/vnd.plotly.v1+json`` + ``text/plain``), no widget view.

jupyterlab-plotly (7.x) adds an ``image/png`` snapshot to every plotly output it draws,
so the saved output holds one too; on reopening it shows that PNG and draws the real
plot only when the mouse enters it. The test checks the PNG, moves the mouse over it,
then checks the drawn plot (``svg.main-svg``, ``g.trace.scatter``, the title).

Screenshots in test-artifacts/: browser_live_running.png (mid-training),
browser_live_stopped.png (the static figure after Stop), browser_live_reopened.png
(after the reload, kernel-less); browser_live_failure.png when the test fails.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from tests._jupyter import (
    DIALOG_TIMEOUT,
    PAGE_TIMEOUT,
    Lab,
    lab_server,
    launch_chromium,
    needs_chromium,
    tail,
    wait_for_idle_kernel,
    write_notebook,
)

NOTEBOOK = "live_stop.ipynb"
EPOCHS = 20
TRAIN_SAMPLES = 6000
KERNEL_TIMEOUT = 90_000  # milliseconds for the python3 kernel to start and be idle
CHART_TIMEOUT = 120_000  # milliseconds from "Run All" to the first live point (TF import)
STOP_TIMEOUT_MS = 60_000  # milliseconds from Stop to the static figure
POLL_GAP = 1.5  # seconds between the two data-points readings
MAX_NOTEBOOK_BYTES = 300_000
RUNNING_SCREENSHOT = "browser_live_running.png"
STOPPED_SCREENSHOT = "browser_live_stopped.png"
REOPENED_SCREENSHOT = "browser_live_reopened.png"
FAILURE_SCREENSHOT = "browser_live_failure.png"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
PNG_MIME = "image/png"
SAVE_ATTEMPTS = 3
SETTLE = 1.0  # seconds the page must stay clean after a save

CELL_SETUP = f"""\
from kernelkeras import *

(x_train, y_train), _ = dataset_mnist()
x_train = x_train[:{TRAIN_SAMPLES}].reshape({TRAIN_SAMPLES}, 784).astype("float32") / 255
y_train = to_categorical(y_train[:{TRAIN_SAMPLES}], 10)

keras.utils.set_random_seed(42)
model = (keras_model_sequential()
         >> layer_dense(units=256, activation="relu", input_shape=(784,))
         >> layer_dropout(rate=0.4)
         >> layer_dense(units=128, activation="relu")
         >> layer_dropout(rate=0.3)
         >> layer_dense(units=10, activation="softmax"))
model >> compile(loss="categorical_crossentropy", optimizer=optimizer_rmsprop(),
                 metrics=["accuracy"])"""
CELL_FIT = (
    f"history = model >> fit(x_train, y_train, epochs={EPOCHS}, batch_size=32, "
    "validation_split=0.2, verbose=0)"
)
CELL_EPOCHS = "len(history.epoch)"
CELL_DONE = 'print("done")'
CELLS = (CELL_SETUP, CELL_FIT, CELL_EPOCHS, CELL_DONE)
FIT_CELL, EPOCHS_CELL, DONE_CELL = 1, 2, 3
STOPPED_TITLE = re.compile(rf"Stopped at epoch (\d+)/{EPOCHS}")


def delete(lab: Lab, path: str) -> int:
    """DELETE ``/api/<path>`` with the token; the HTTP status."""
    request = urllib.request.Request(f"{lab.base}/api/{path}", method="DELETE")
    request.add_header("Authorization", f"token {lab.token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as err:
        return int(err.code)


@pytest.fixture
def live_lab(tmp_path: Path) -> Iterator[Lab]:
    """JupyterLab serving a folder with the test notebook; the venv's kernels available."""
    root = tmp_path / "root"
    root.mkdir()
    write_notebook(root / NOTEBOOK, CELLS)
    with lab_server(tmp_path, root) as lab:
        yield lab


def check_saved(path: Path, stopped_at: int) -> bool:
    """Checks the saved notebook; whether the figure's output holds a PNG snapshot.

    The file must be small, and the fit cell's one output the static figure: plotly's
    JSON and the text summary, no widget view. jupyterlab-plotly may have added
    ``image/png`` (a snapshot it takes after drawing); nothing else is allowed.
    """
    size = path.stat().st_size
    assert size < MAX_NOTEBOOK_BYTES, f"the saved notebook has {size:,} bytes"
    nb = nbformat.read(path, as_version=4)
    cell = nb.cells[FIT_CELL]
    assert cell.source == CELL_FIT, cell.source
    kinds = [(o.output_type, sorted(o.get("data", {}))) for o in cell.outputs]
    assert len(cell.outputs) == 1, f"the fit cell has outputs {kinds}"
    (output,) = cell.outputs
    assert output.output_type == "display_data", kinds
    mimes = set(output.data)
    assert WIDGET_MIME not in mimes, f"a widget view was saved: {kinds}"
    assert {PLOTLY_MIME, "text/plain"} <= mimes <= {PLOTLY_MIME, "text/plain", PNG_MIME}, kinds
    figure = output.data[PLOTLY_MIME]
    assert figure["layout"]["title"]["text"] == f"Stopped at epoch {stopped_at}/{EPOCHS}"
    assert len(figure["data"]) >= 2, figure["data"]
    assert output.data["text/plain"].startswith(f"Stopped at epoch {stopped_at}/{EPOCHS}")
    assert "application/vnd.jupyter.widget-state+json" not in nb.metadata.get("widgets", {})
    return PNG_MIME in mimes


@pytest.mark.slow
@needs_chromium
def test_live_chart_stop_and_reopen(live_lab: Lab, project: Path, tmp_path: Path) -> None:
    """Points stream in, Stop ends fit early, the static figure replaces the live chart."""
    from playwright.sync_api import Request, Route, expect, sync_playwright
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    lab = live_lab
    specs = lab.api("kernelspecs")
    assert "python3" in specs["kernelspecs"], sorted(specs["kernelspecs"])
    assert lab.api("kernels") == [], "a kernel runs before the page is opened"

    origin = lab.base + "/"
    outside: list[str] = []
    blocked: list[str] = []
    block_kernel_starts = False
    page_errors: list[str] = []
    timings: dict[str, float] = {}
    t0 = time.monotonic()

    def mark(name: str) -> None:
        timings[name] = round(time.monotonic() - t0, 1)

    def guard(route: Route, request: Request) -> None:
        """Aborts requests leaving the server and, once asked, kernel and session starts."""
        path = request.url.removeprefix(origin).split("?")[0]
        starts_kernel = request.method == "POST" and path in ("api/sessions", "api/kernels")
        if not request.url.startswith(origin):
            outside.append(f"{request.method} {request.url}")
            route.abort()
        elif starts_kernel and block_kernel_starts:
            blocked.append(f"{request.method} {request.url}")
            route.abort()
        else:
            route.continue_()

    artifacts = project / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    notebook_file = tmp_path / "root" / NOTEBOOK
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, tmp_path)
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        page.on("pageerror", lambda err: page_errors.append(str(err)))
        try:
            page.set_default_timeout(PAGE_TIMEOUT)
            page.route("**/*", guard)
            page.goto(f"{lab.base}/lab/tree/{NOTEBOOK}?token={lab.token}", timeout=PAGE_TIMEOUT)
            cells = page.locator(".jp-Notebook .jp-CodeCell")
            expect(cells).to_have_count(len(CELLS), timeout=PAGE_TIMEOUT)
            config = json.loads(page.locator("#jupyter-config-data").text_content() or "{}")
            extensions = [e["name"] for e in config.get("federated_extensions", [])]
            assert {"kernelkeras", "jupyterlab-plotly"} <= set(extensions), extensions
            mark("notebook shown")

            # The notebook's python3 kernel starts by itself (the server offers it).
            sessions = wait_for_idle_kernel(page, lab, KERNEL_TIMEOUT)
            # JupyterLab 4 names the session after the file; its "path" is an id.
            assert [(s["name"], s["type"], s["kernel"]["name"]) for s in sessions] == [
                (NOTEBOOK, "notebook", "python3")
            ], f"{sessions}\n{tail(lab.log)}"
            assert sessions[0]["kernel"]["execution_state"] == "idle", sessions
            expect(page.locator(".jp-Toolbar-kernelName").first).to_have_text(
                "Python 3 (ipykernel)"
            )
            expect(
                page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")
            ).to_have_count(1, timeout=KERNEL_TIMEOUT)
            kernel_id = sessions[0]["kernel"]["id"]
            mark("kernel idle")

            # Run > Run All Cells.
            page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
            page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()

            fit_cell = cells.nth(FIT_CELL)
            chart = fit_cell.locator(".kk-live-chart")
            expect(chart.locator(".kk-live-plot .main-svg").first).to_be_attached(
                timeout=CHART_TIMEOUT
            )
            expect(chart).to_have_attribute("data-points", re.compile(r"^[1-9]\d*$"))
            mark("first live points")
            first = int(chart.get_attribute("data-points") or 0)
            page.wait_for_timeout(POLL_GAP * 1000)
            second = int(chart.get_attribute("data-points") or 0)
            assert second > first > 0, f"data-points did not grow: {first} -> {second}"
            header = chart.locator(".kk-live-header").inner_text()
            assert re.search(rf"Epoch \d+/{EPOCHS}", header), header
            chart.evaluate("e => e.scrollIntoView({block: 'center'})")
            page.mouse.move(0, 0)
            page.screenshot(path=str(artifacts / RUNNING_SCREENSHOT))

            stop_button = chart.locator("button.kk-stop")
            expect(stop_button).to_be_enabled()
            stop_button.click()
            mark("stop clicked")

            # The live chart gives way to the static figure, in the same output area.
            static = fit_cell.locator(".jp-OutputArea .js-plotly-plot")
            expect(static).to_have_count(1, timeout=STOP_TIMEOUT_MS)
            expect(fit_cell.locator(".kk-live-chart")).to_have_count(0)
            title = static.locator("text.gtitle")
            expect(title).to_have_text(STOPPED_TITLE)
            found = STOPPED_TITLE.search(title.text_content() or "")
            assert found, title.text_content() or ""
            stopped_at = int(found.group(1))
            assert 1 <= stopped_at < EPOCHS, title.text_content() or ""
            mark("static figure")

            # Training ended gracefully: the next cells ran (Run All was not cancelled).
            epochs_out = cells.nth(EPOCHS_CELL).locator(".jp-OutputArea-output")
            expect(epochs_out).to_have_text(re.compile(r"^\s*\d+\s*$"), timeout=STOP_TIMEOUT_MS)
            ran = int(epochs_out.inner_text())
            assert 1 <= ran < EPOCHS, ran
            assert ran == stopped_at, f"title says {stopped_at} epochs, history has {ran}"
            expect(cells.nth(DONE_CELL).locator(".jp-OutputArea-output")).to_have_text(
                re.compile(r"^\s*done\s*$")
            )
            expect(
                page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")
            ).to_have_count(1)
            static.evaluate("e => e.scrollIntoView({block: 'center'})")
            page.mouse.move(0, 0)
            page.screenshot(path=str(artifacts / STOPPED_SCREENSHOT))

            # Save (Ctrl+S with the notebook focused) until the page stays clean: after
            # drawing a figure, jupyterlab-plotly adds a PNG snapshot of it to the output
            # (asynchronously), which makes the notebook dirty again.
            cells.nth(DONE_CELL).locator(".jp-InputPrompt").click()
            dirty = page.locator(".jp-mod-dirty")
            for _ in range(SAVE_ATTEMPTS):
                page.keyboard.press("Control+s")
                expect(dirty).to_have_count(0)
                page.wait_for_timeout(SETTLE * 1000)
                if dirty.count() == 0:
                    break
            expect(dirty).to_have_count(0)
            snapshot = check_saved(notebook_file, stopped_at)
            mark("saved")

            # Shut the kernel down through the REST API, then reopen without a kernel.
            block_kernel_starts = True
            assert delete(lab, f"kernels/{kernel_id}") == 204
            deadline = time.monotonic() + 30
            while lab.api("kernels") and time.monotonic() < deadline:
                page.wait_for_timeout(500)  # pumps Playwright: the route handler must run
            assert lab.api("kernels") == [], "the kernel is still running"
            page.mouse.move(0, 0)
            page.reload(timeout=PAGE_TIMEOUT)
            expect(cells).to_have_count(len(CELLS), timeout=PAGE_TIMEOUT)

            # JupyterLab tries to start python3 again; the aborted request makes it say
            # so ("Error Starting Kernel"), then ask which kernel to start: "No Kernel".
            answers = {"Error Starting Kernel": "Ok", "Select Kernel": "No Kernel"}
            dialog = page.locator(".jp-Dialog")
            seen: list[str] = []
            dialog.wait_for(state="visible", timeout=DIALOG_TIMEOUT)
            while dialog.count() and len(seen) < len(answers) + 2:
                heading = dialog.locator(".jp-Dialog-header").inner_text().strip()
                assert heading in answers, f"unexpected dialog {heading!r}: {dialog.inner_text()}"
                seen.append(heading)
                # A click event, not the mouse: a pointer left over the figure would make
                # jupyterlab-plotly swap its PNG snapshot for the plot before it is checked.
                button = dialog.get_by_role("button", name=answers[heading], exact=True)
                button.dispatch_event("click")
                with contextlib.suppress(PlaywrightTimeout):  # is another one coming?
                    dialog.wait_for(state="visible", timeout=int(SETTLE * 3000))
            expect(dialog).to_have_count(0)
            assert "Error Starting Kernel" in seen, seen
            expect(page.locator(".jp-Toolbar-kernelName").first).to_have_text("No Kernel")
            assert blocked, "the page did not try to start a kernel: is it still blocked?"

            fit_cell = cells.nth(FIT_CELL)
            expect(fit_cell.locator(".kk-live-chart")).to_have_count(0)
            figure = fit_cell.locator(".jp-OutputArea-output.jp-RenderedPlotly")
            expect(figure).to_have_count(1)
            figure.evaluate("e => e.scrollIntoView({block: 'center'})")
            if snapshot:
                # The saved PNG is shown first; the plot is drawn when the mouse enters it.
                image = figure.locator("img.plot-img")
                expect(image).to_be_visible()
                width = image.evaluate("img => img.complete ? img.naturalWidth : 0")
                assert width > 300, f"the stored snapshot is {width} px wide"
                page.mouse.move(0, 0)
                page.screenshot(path=str(artifacts / REOPENED_SCREENSHOT))
                # The mouse, not locator.hover(): the image hides itself as the plot appears.
                box = image.bounding_box()
                assert box, "the snapshot has no box"
                page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                expect(image).to_be_hidden()
            expect(figure.locator("svg.main-svg").first).to_be_visible()
            expect(figure.locator("g.trace.scatter").first).to_be_attached()
            assert figure.locator("g.trace.scatter").count() >= 2
            expect(figure.locator("text.gtitle")).to_have_text(
                re.compile(rf"^Stopped at epoch {stopped_at}/{EPOCHS}$")
            )
            if not snapshot:
                page.mouse.move(0, 0)
                page.screenshot(path=str(artifacts / REOPENED_SCREENSHOT))
            mark("reopened")
        except BaseException:
            with contextlib.suppress(Exception):  # keep the test's own error
                page.screenshot(path=str(artifacts / FAILURE_SCREENSHOT))
            raise
        finally:
            browser.close()

    print("timings (s since the page was opened):", timings)
    print(
        f"data-points {first} -> {second}; stopped at epoch {stopped_at}/{EPOCHS}; "
        f"saved notebook {notebook_file.stat().st_size:,} bytes, PNG snapshot: {snapshot}"
    )
    print("blocked kernel starts on reload:", blocked or "none", "| dialogs:", seen)
    assert not outside, f"the page tried to leave the server: {outside}"
    assert lab.api("kernels") == [], "a kernel is running after the reload"
    assert lab.api("sessions") == [], "a session exists after the reload"
    assert not [e for e in page_errors if "kernelkeras" in e], page_errors
