"""The executed MNIST notebook, opened in JupyterLab in a real browser, draws its outputs.

A JupyterLab server serves a temporary folder holding the notebook as the notebook
tests ran it (outputs included); headless Chromium opens it through Playwright.
The plots must be drawn by the ``jupyterlab-plotly`` extension from the stored
``application/vnd.plotly.v1+json`` outputs alone, so no kernel may run:

- the server hides every kernelspec (``KernelSpecManager.allowed_kernelspecs`` names
  one that does not exist), so JupyterLab finds no kernel for the notebook's
  ``python3`` and asks which to start instead of starting one; the test answers
  "No Kernel";
- the page may not start one anyway: requests that create sessions or kernels are
  aborted and recorded, as are requests to any other host, and both must be none;
- the server itself is asked at the end: no kernels, no sessions.

A screenshot of the training curves is saved as test-artifacts/browser_history_plot.png
(browser_failure.png when the test fails).
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbformat import NotebookNode

from tests._jupyter import (
    DIALOG_TIMEOUT,
    PAGE_TIMEOUT,
    Lab,
    lab_server,
    launch_chromium,
    needs_chromium,
)
from tests._notebooks import (
    cell_ending_with,
    plotly_array,
    plotly_figure,
)

NOTEBOOK = "mnist_mlp.ipynb"
NO_SUCH_KERNEL = "no-kernel-for-the-browser-test"
SCREENSHOT = "browser_history_plot.png"
FAILURE_SCREENSHOT = "browser_failure.png"


@pytest.fixture
def lab(tmp_path: Path, executed_mnist_notebook: NotebookNode) -> Iterator[Lab]:
    """JupyterLab serving a folder with the executed notebook; no kernelspec visible."""
    root = tmp_path / "root"
    root.mkdir()
    nbformat.write(executed_mnist_notebook, root / NOTEBOOK)
    # The plotly extension is still found with conftest's JUPYTER_* folders: it lives in
    # <sys.prefix>/share/jupyter/labextensions (checked below).
    with lab_server(
        tmp_path, root, f"--KernelSpecManager.allowed_kernelspecs={NO_SUCH_KERNEL}"
    ) as lab:
        yield lab


def expected_layers(nb: NotebookNode) -> list[str]:
    """The layer names in the boxes of the stored ``plot(model)`` figure."""
    figure = plotly_figure(cell_ending_with(nb, "plot(model)"))
    texts = [a.get("text", "") for a in figure["layout"].get("annotations", [])]
    return [name for text in texts for name in re.findall(r"<b>(\w+)</b>", text)]


def expected_points(nb: NotebookNode) -> int:
    """How many markers the stored ``plot(history)`` figure has, over all traces."""
    figure = plotly_figure(cell_ending_with(nb, "plot(history)"))
    return sum(
        len(plotly_array(trace["x"])) for trace in figure["data"] if "markers" in trace["mode"]
    )


#: The two front ends: JupyterLab, and Notebook 7 (served by the same server).
PAGES = {"jupyterlab": f"lab/tree/{NOTEBOOK}", "notebook7": f"notebooks/{NOTEBOOK}"}


@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize("ui", sorted(PAGES))
def test_notebook_renders_without_a_kernel(
    ui: str, lab: Lab, executed_mnist_notebook: NotebookNode, project: Path, tmp_path: Path
) -> None:
    """Summary table, model diagram and training curves appear from the saved outputs."""
    from playwright.sync_api import Request, Route, expect, sync_playwright
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    layers = expected_layers(executed_mnist_notebook)
    points = expected_points(executed_mnist_notebook)
    assert "dense" in layers and points >= 4, (layers, points)
    specs = lab.api("kernelspecs")
    assert specs["kernelspecs"] == {}, f"the server offers kernels: {sorted(specs['kernelspecs'])}"
    assert lab.api("kernels") == [], "a kernel runs before the page is opened"

    blocked: list[str] = []
    origin = lab.base + "/"

    def guard(route: Route, request: Request) -> None:
        """Aborts (and records) kernel starts and requests that leave the server."""
        path = request.url.removeprefix(origin).split("?")[0]
        starts_kernel = request.method == "POST" and path in ("api/sessions", "api/kernels")
        if starts_kernel or not request.url.startswith(origin):
            blocked.append(f"{request.method} {request.url}")
            route.abort()
        else:
            route.continue_()

    artifacts = project / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, tmp_path)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            page.set_default_timeout(PAGE_TIMEOUT)
            page.route("**/*", guard)
            page.goto(f"{lab.base}/{PAGES[ui]}?token={lab.token}", timeout=PAGE_TIMEOUT)

            def code_cell(source: str) -> Any:
                """The notebook's code cell whose source is exactly ``source``."""
                editor = page.locator(".cm-content", has_text=re.compile(rf"^{re.escape(source)}$"))
                return page.locator(".jp-Notebook .jp-CodeCell").filter(has=editor)

            history = code_cell("plot(history)")
            expect(history).to_have_count(1, timeout=PAGE_TIMEOUT)
            config = json.loads(page.locator("#jupyter-config-data").text_content() or "{}")
            extensions = [e["name"] for e in config.get("federated_extensions", [])]
            assert "jupyterlab-plotly" in extensions, f"plotly extension not loaded: {extensions}"

            # No kernelspec, so JupyterLab asks which kernel to start: answer "No Kernel".
            dialog = page.locator(".jp-Dialog")
            try:
                dialog.wait_for(state="visible", timeout=DIALOG_TIMEOUT)
            except PlaywrightTimeout as err:
                raise AssertionError(
                    f"JupyterLab did not ask which kernel to start ({err}); "
                    f"see test-artifacts/{FAILURE_SCREENSHOT}"
                ) from err
            assert not blocked, (
                f"the page tried to start a kernel or to leave the server: {blocked}"
            )
            expect(dialog).to_contain_text("Select Kernel")
            dialog.get_by_role("button", name="No Kernel", exact=True).click()
            expect(dialog).to_have_count(0)

            # The training curves: one scatter trace per series, the two data sets named.
            history_plot = history.locator(".js-plotly-plot")
            history_plot.scroll_into_view_if_needed()
            expect(history_plot.locator("g.trace.scatter").first).to_be_attached()
            assert history_plot.locator("g.trace.scatter").count() >= 2
            expect(history_plot.locator("g.trace.scatter path.point")).to_have_count(points)
            legend = history_plot.locator("g.legend text.legendtext").all_text_contents()
            assert sorted(legend) == ["training", "validation"], legend
            titles = history_plot.locator("g.annotation text").all_text_contents()
            assert {"Loss", "Accuracy"} <= set(titles), titles
            box = history_plot.locator("svg.main-svg").first.bounding_box()
            assert box and box["width"] > 300 and box["height"] > 300, box

            # The model diagram: every layer's box carries its name.
            model_plot = code_cell("plot(model)").locator(".js-plotly-plot")
            model_plot.scroll_into_view_if_needed()
            expect(model_plot.locator("g.annotation").first).to_be_attached()
            drawn = " ".join(model_plot.locator("g.annotation text").all_text_contents())
            missing = [name for name in layers if not re.search(rf"\b{name}\b", drawn)]
            assert not missing, f"layers {missing} not drawn; the diagram shows {drawn!r}"

            # The summary: pandas' HTML table, with the parameter counts.
            table = code_cell("summary(model)").locator(".jp-RenderedHTML table")
            expect(table).to_have_count(1)
            params_header = table.locator("th", has_text=re.compile(r"^(params|Param #)$"))
            expect(params_header).to_have_count(1)
            expect(table).to_contain_text("200,960")
            expect(table.locator("caption")).to_contain_text("Model:")

            history_plot.evaluate("e => e.scrollIntoView({block: 'center'})")
            page.mouse.move(0, 0)
            page.screenshot(path=str(artifacts / SCREENSHOT.replace(".png", f"_{ui}.png")))
        except BaseException:
            with contextlib.suppress(Exception):  # keep the test's own error
                page.screenshot(
                    path=str(artifacts / FAILURE_SCREENSHOT.replace(".png", f"_{ui}.png"))
                )
            raise
        finally:
            browser.close()

    assert not blocked, f"the page tried to start a kernel or to leave the server: {blocked}"
    assert lab.api("kernels") == [], "a kernel is running"
    assert lab.api("sessions") == [], "a session was started"


def test_plotly_extension_is_found_with_conftest_paths() -> None:
    """conftest moves JUPYTER_DATA_DIR; jupyter still sees the plotly lab extension in .venv."""
    from jupyter_core.paths import jupyter_path

    folders = [Path(p) / "labextensions" for p in jupyter_path()]
    assert Path(sys.prefix) / "share" / "jupyter" / "labextensions" in folders, folders
    found = [f for f in folders if (f / "jupyterlab-plotly" / "package.json").exists()]
    assert found, f"jupyterlab-plotly is in none of {folders}"
    assert shutil.which("jupyter", path=str(Path(sys.executable).parent)), "no jupyter script"
