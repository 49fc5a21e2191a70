"""The visual model builder in JupyterLab, driven by clicks and typing only.

A JupyterLab server (the venv's ``python3`` kernelspec) serves a temporary folder
holding a generated notebook: cell 0 displays ``model_builder()``, cell 1 prints
"after" (so the exported code must land between them). Headless Chromium, driven by
Playwright, does what a user would do in the page:

1. opens the notebook, waits for the kernel, runs all cells (Run > Run All Cells) and
   waits for the builder (``.kk-builder``);
2. types ``(28, 28)`` + Enter into row 0's shape field: the stack's row 0 reads
   ``(None, 28, 28)``;
3. searches the palette for "flatten", chooses Flatten, clicks Add: row 1 reads
   ``(None, 784)``;
4. searches for "dense", chooses Dense, clicks Add: row 2 is selected, marked ⚠ and
   the problems list says it "needs a value for units"; units 128 + Enter and
   activation relu + Enter make it ``(None, 128)`` with 100,480 parameters. ``abc``
   in units is refused at the field ("is not a whole number") and changes nothing;
   128 again clears the message;
5. clicks Add again (Dense is still chosen): units 10, activation softmax give
   ``(None, 10)``, 1,290 parameters and "Total params: 101,770";
6. sets epochs 1 and batch size 256, clicks Train: the live chart shows during fit
   (seen by a MutationObserver), then the static plotly history figure with traces
   replaces it, and the status reads "Trained 1 epoch(s) on MNIST; test set: ..." with
   a test accuracy above 0.8;
7. opens the Code tab and clicks "Insert into a new cell": a new code cell right below
   the builder holds ``layer_dense(units=128, activation="relu")``; the test selects it,
   runs it with Alt+Enter (run and insert a cell below), types
   ``print(model.count_params(), [...layer class names...])`` into the new cell, runs it
   with Shift+Enter and reads ``101770 ['Flatten', 'Dense', 'Dense']``.

Screenshots for a person to look at, in test-artifacts/: browser_builder_trained.png
(the train panel with the history figure), browser_builder.png (the builder at the end,
Code tab open); browser_builder_failure.png on failure.
Page errors and console errors are collected and printed; errors naming kernelkeras
fail the test.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

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

NOTEBOOK = "builder.ipynb"
CELL_BUILDER = "from kernelkeras import *\nbuilder = model_builder()\nbuilder"
CELL_AFTER = 'print("after")'
CELLS = (CELL_BUILDER, CELL_AFTER)
EXPORTED = """\
model = (
    keras_model_sequential(input_shape=(28, 28))
    >> layer_flatten()
    >> layer_dense(units=128, activation="relu")
    >> layer_dense(units=10, activation="softmax")
)"""
CHECK = "print(model.count_params(), [l.__class__.__name__ for l in model.layers])"
CHECK_OUTPUT = "101770 ['Flatten', 'Dense', 'Dense']"
KERNEL_TIMEOUT = 90_000  # milliseconds for the python3 kernel to start and be idle
BUILDER_TIMEOUT = 90_000  # milliseconds from "Run All" to the builder (imports TensorFlow)
EDIT_TIMEOUT = 20_000  # milliseconds for one edit's round trip to the kernel
TRAIN_TIMEOUT = 90_000  # milliseconds from Train to the status line (1 epoch of MNIST)
EXPECT_TIMEOUT = 5_000  # milliseconds: Playwright's default for expect, restored after
RUN_TIMEOUT = 30_000  # milliseconds for the exported code's cells to run
SCREENSHOT = "browser_builder.png"
TRAINED_SCREENSHOT = "browser_builder_trained.png"
FAILURE_SCREENSHOT = "browser_builder_failure.png"
TRAINED = re.compile(r"^Trained 1 epoch\(s\) on MNIST; test set: .*accuracy (\d\.\d+)")
#: Marks when a live chart appears anywhere in the page (it is gone after fit).
WATCH_LIVE_CHART = """() => {
    window.__kkLiveSeen = !!document.querySelector('.kk-live-chart');
    new MutationObserver(() => {
        if (document.querySelector('.kk-live-chart')) { window.__kkLiveSeen = true; }
    }).observe(document.body, {childList: true, subtree: true});
}"""


@pytest.fixture
def builder_lab(tmp_path: Path) -> Iterator[Lab]:
    """JupyterLab serving a folder with the builder notebook; the venv's kernels available."""
    root = tmp_path / "root"
    root.mkdir()
    write_notebook(root / NOTEBOOK, CELLS)
    with lab_server(tmp_path, root) as lab:
        yield lab


def sources(cells: Any) -> list[str]:
    """The text of every code cell, as the editor shows it."""
    return [text.replace("\u200b", "") for text in cells.locator(".cm-content").all_inner_texts()]


def lines(text: str) -> list[str]:
    """The non-blank lines of ``text``."""
    return [line for line in text.splitlines() if line.strip()]


@pytest.mark.slow
@needs_chromium
def test_build_train_and_export_mnist_mlp_by_clicks(
    builder_lab: Lab, project: Path, tmp_path: Path
) -> None:
    """Flatten -> Dense(128) -> Dense(10) from the palette, trained, exported and run."""
    from playwright.sync_api import ConsoleMessage, Locator, Route, expect, sync_playwright

    lab = builder_lab
    origin = lab.base + "/"
    outside: list[str] = []
    page_errors: list[str] = []
    console_errors: list[str] = []
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

    def on_console(msg: ConsoleMessage) -> None:
        if msg.type == "error":
            console_errors.append(msg.text)

    artifacts = project / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, tmp_path)
        page = browser.new_page(viewport={"width": 1400, "height": 1500})
        page.on("pageerror", lambda err: page_errors.append(str(err)))
        page.on("console", on_console)
        try:
            page.set_default_timeout(EDIT_TIMEOUT)
            expect.set_options(timeout=EDIT_TIMEOUT)
            page.route("**/*", guard)
            page.goto(f"{lab.base}/lab/tree/{NOTEBOOK}?token={lab.token}", timeout=PAGE_TIMEOUT)
            cells = page.locator(".jp-Notebook .jp-CodeCell")
            expect(cells).to_have_count(len(CELLS), timeout=PAGE_TIMEOUT)
            # The notebook's python3 kernel starts by itself; wait until it is idle.
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
            builder = cells.nth(0).locator(".kk-builder")
            expect(builder).to_be_visible(timeout=BUILDER_TIMEOUT)
            expect(cells.nth(1).locator(".jp-OutputArea-output")).to_have_text(
                re.compile(r"^\s*after\s*$"), timeout=BUILDER_TIMEOUT
            )
            mark("builder shown")

            stack = builder.locator(".kk-builder-stack select")
            rows = stack.locator("option")
            form = builder.locator(".kk-builder-form")
            search = builder.locator(".kk-palette-search input")
            choices = builder.locator(".kk-palette-list select")
            add = builder.locator("button.kk-add")
            code = builder.locator(".kk-code-text textarea")
            expect(rows).to_have_count(1)
            expect(rows.nth(0)).to_have_js_property("selected", True)

            def field(name: str) -> Locator:
                return form.locator(f".kk-field-{name} input")

            def message(name: str) -> Locator:
                box = form.locator(".widget-vbox").filter(has=page.locator(f".kk-field-{name}"))
                return box.last.locator(".kk-field-message")

            def enter(name: str, text: str) -> None:
                field(name).fill(text)
                field(name).press("Enter")

            def choose(query: str, kind: str, label: str) -> None:
                """Types ``query`` into the palette search and picks the entry ``label``.

                The search runs in the kernel; the wanted entry first in the list means
                the filtered list has arrived (the exact name ranks first, and it is not
                first in the list before: Dense leads the unfiltered list, Flatten the
                "flatten" one). Choosing earlier would pick by an index of the old list.
                """
                search.fill(query)
                entry = re.compile(rf"^{label}\s+\({kind}\)$")
                expect(choices.locator("option").first).to_have_text(entry)
                option = choices.locator("option", has_text=entry)
                expect(option).to_have_count(1)
                choices.select_option(value=f"{label}  ({kind})")
                expect(option).to_have_js_property("selected", True)

            # Row 0: the input shape.
            enter("shape", "(28, 28)")
            expect(rows.nth(0)).to_contain_text("(None, 28, 28)")

            # Flatten from the palette.
            choose("flatten", "flatten", "Flatten")
            add.click()
            expect(rows).to_have_count(2)
            expect(rows.nth(1)).to_contain_text("Flatten")
            expect(rows.nth(1)).to_contain_text("(None, 784)")

            # Dense: added without units, so marked and explained until units is set.
            choose("dense", "dense", "Dense")
            add.click()
            expect(rows).to_have_count(3)
            expect(rows.nth(2)).to_have_js_property("selected", True)
            expect(rows.nth(2)).to_contain_text("⚠")
            expect(rows.nth(2)).to_contain_text("Dense")
            problems = builder.locator(".kk-builder-problems")
            expect(problems).to_contain_text("needs a value for units")
            expect(field("units")).to_have_value("")  # the new row's form is shown
            enter("units", "128")
            expect(rows.nth(2)).to_contain_text("(None, 128)")
            expect(rows.nth(2)).to_contain_text("100,480")
            expect(rows.nth(2)).not_to_contain_text("⚠")
            expect(problems).not_to_contain_text("needs a value")
            enter("activation", "relu")  # checked in the Code tab below
            mark("dense 128")

            # A refused value stays in its field with the reason; the layer keeps 128.
            enter("units", "abc")
            expect(message("units")).to_contain_text("is not a whole number")
            expect(rows.nth(2)).to_contain_text("100,480")
            enter("units", "128")
            expect(message("units")).to_have_text("")
            expect(rows.nth(2)).to_contain_text("100,480")

            # The output layer: Dense is still chosen in the palette.
            add.click()
            expect(rows).to_have_count(4)
            expect(rows.nth(3)).to_have_js_property("selected", True)
            expect(rows.nth(3)).to_contain_text("⚠")
            expect(field("units")).to_have_value("")  # row 3's form, no longer row 2's
            expect(field("activation")).to_have_value("")
            enter("units", "10")
            expect(rows.nth(3)).to_contain_text("(None, 10)")
            expect(rows.nth(3)).to_contain_text("1,290")
            enter("activation", "softmax")
            expect(builder.locator(".kk-builder-total")).to_have_text("Total params: 101,770")
            expect(problems).to_have_text("")
            mark("model built")

            # Train one epoch on MNIST.
            page.evaluate(WATCH_LIVE_CHART)
            for name, value in (("epochs", "1"), ("batch-size", "256")):
                box = builder.locator(f".kk-{name} input")
                box.fill(value)
                box.press("Tab")
            expect(builder.locator(".kk-source select")).to_have_value("MNIST (bundled)")
            builder.locator("button.kk-train").click()
            status = builder.locator(".kk-train-status")
            expect(status).to_contain_text("Trained", timeout=TRAIN_TIMEOUT)
            found = TRAINED.search(status.inner_text())
            assert found, status.inner_text()
            assert float(found.group(1)) > 0.8, status.inner_text()
            figure = builder.locator(".kk-train-output .js-plotly-plot")
            expect(figure).to_have_count(1)
            expect(figure.locator("svg.main-svg").first).to_be_visible()
            expect(figure.locator("g.trace").first).to_be_attached()
            traces = figure.locator("g.trace").count()
            assert traces >= 2, f"the history figure has {traces} trace(s)"
            expect(builder.locator(".kk-live-chart")).to_have_count(0)
            live_seen = page.evaluate("() => window.__kkLiveSeen === true")
            assert live_seen, "no live chart (.kk-live-chart) appeared during training"
            mark("trained")
            figure.evaluate("e => e.scrollIntoView({block: 'end'})")
            page.mouse.move(0, 0)
            page.screenshot(path=str(artifacts / TRAINED_SCREENSHOT))

            # Export: Code tab, "Insert into a new cell", right below the builder.
            builder.locator(".kk-builder-tabs .lm-TabBar-tab", has_text="Code").click()
            expect(code).to_be_visible()
            expect(code).to_have_value(re.compile(r'layer_dense\(units=10, activation="softmax"\)'))
            assert EXPORTED in code.input_value(), code.input_value()
            builder.locator("button.kk-insert-code").click()
            expect(cells).to_have_count(len(CELLS) + 1)
            texts = sources(cells)
            assert texts[0] == CELL_BUILDER and texts[2] == CELL_AFTER, texts
            # The editor's text has doubled blank lines (CodeMirror's <br>): compare lines.
            assert lines(texts[1]) == lines(code.input_value()), texts[1]
            exported = cells.nth(1)
            expect(exported.locator(".jp-InputArea-prompt")).to_have_text(re.compile(r"^\[ \]:$"))
            mark("code inserted")

            # Run it and insert a cell below (Alt+Enter), then check the model there.
            exported.locator(".jp-InputPrompt").click()
            page.keyboard.press("Alt+Enter")
            expect(cells).to_have_count(len(CELLS) + 2)
            expect(exported.locator(".jp-InputArea-prompt")).to_have_text(
                re.compile(r"^\[\d+\]:$"), timeout=RUN_TIMEOUT
            )
            check = cells.nth(2)
            expect(check.locator(".cm-editor.cm-focused")).to_have_count(1)
            page.keyboard.type(CHECK)
            expect(check.locator(".cm-content")).to_have_text(CHECK)
            page.keyboard.press("Shift+Enter")
            expect(check.locator(".jp-OutputArea-output")).to_have_text(
                CHECK_OUTPUT, timeout=RUN_TIMEOUT
            )
            assert sources(cells) == [CELL_BUILDER, texts[1], CHECK, CELL_AFTER]
            mark("exported model checked")

            builder.evaluate("e => e.scrollIntoView({block: 'start'})")
            page.mouse.move(0, 0)
            page.screenshot(path=str(artifacts / SCREENSHOT))
        except BaseException:
            with contextlib.suppress(Exception):  # keep the test's own error
                page.screenshot(path=str(artifacts / FAILURE_SCREENSHOT))
            print("page errors:", page_errors, "\nconsole errors:", console_errors)
            raise
        finally:
            expect.set_options(timeout=EXPECT_TIMEOUT)
            browser.close()

    print("timings (s since the page was opened):", timings)
    print("console errors:", console_errors)
    assert not outside, f"requests left the server: {outside}"
    assert not [e for e in page_errors + console_errors if "kernelkeras" in e], (
        page_errors,
        console_errors,
    )
