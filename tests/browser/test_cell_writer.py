"""``CellWriter`` in a real browser: a new cell below the widget's cell, run, and the reply.

The test runs JupyterLab (and Notebook 7) with the venv's ``python3`` kernel on
a generated notebook::

    [0] from kernelkeras.frontend import CellWriter        (displays the writer)
        w = CellWriter()
        w
    [1] w.insert("print(6 * 7)", run=True)
    [2] w2 = CellWriter()                                   (never displayed)
        w2.insert("print('never')")
    [3] w3 = CellWriter()                                   (displayed and used at once)
        display(w3)
        w3.insert("print('same cell')")
    [4] print(w.last_result)
        print(w2.last_result)
        print(w3.last_result)

Headless Chromium runs all cells. The rule: the new cell goes directly below the cell
that DISPLAYS the widget, so ``print(6 * 7)`` must appear as cell 1 (between the old
cells 0 and 1), run, and show 42; ``print('same cell')`` goes below cell [3], not run
(the front end waits for the view that ``display`` creates in the same cell). The
kernel reads the front end's replies only when idle, i.e. after "Run All"'s cells (the
first run of the last cell prints ``None``), so the test runs the last cell again until
all replies are in: ``w`` and ``w3`` got ``{'event': 'inserted', 'ok': True}``, ``w2``
(no view) an ``ok: False`` with a reason.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterator
from pathlib import Path

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

NOTEBOOK = "cell_writer.ipynb"
CELLS = (
    "from kernelkeras.frontend import CellWriter\nw = CellWriter()\nw",
    'w.insert("print(6 * 7)", run=True)',
    "w2 = CellWriter()\nw2.insert(\"print('never')\")",
    "w3 = CellWriter()\ndisplay(w3)\nw3.insert(\"print('same cell')\")",
    "print(w.last_result)\nprint(w2.last_result)\nprint(w3.last_result)",
)
INSERTED = "print(6 * 7)"
INSERTED_UNRUN = "print('same cell')"
PAGES = {"jupyterlab": f"lab/tree/{NOTEBOOK}", "notebook7": f"notebooks/{NOTEBOOK}"}
KERNEL_TIMEOUT = 90_000  # milliseconds for the python3 kernel to start and be idle
RUN_TIMEOUT = 60_000  # milliseconds from "Run All" to the inserted cell's output
CHECK_ATTEMPTS = 10  # runs of the last cell until both replies have arrived
FAILURE_SCREENSHOT = "cell_writer_failure_{ui}.png"
OK_LINE = "{'event': 'inserted', 'ok': True}"
FAILED_LINE = re.compile(
    r"^\{'event': 'inserted', 'ok': False, 'reason': 'not in a notebook: .+'\}$"
)


@pytest.fixture
def writer_lab(tmp_path: Path) -> Iterator[Lab]:
    """JupyterLab serving a folder with the test notebook; the venv's kernels available."""
    root = tmp_path / "root"
    root.mkdir()
    write_notebook(root / NOTEBOOK, CELLS)
    with lab_server(tmp_path, root) as lab:
        yield lab


@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize("ui", sorted(PAGES))
def test_insert_adds_and_runs_a_cell_below_the_widget(
    ui: str, writer_lab: Lab, project: Path, tmp_path: Path
) -> None:
    """The writer's cell gets a new cell right below it, run (42); Python gets the reply."""
    from playwright.sync_api import expect, sync_playwright

    lab = writer_lab
    page_errors: list[str] = []
    timings: dict[str, float] = {}
    t0 = time.monotonic()
    artifacts = project / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, tmp_path)
        page = browser.new_page(viewport={"width": 1200, "height": 1000})
        page.on("pageerror", lambda err: page_errors.append(str(err)))
        try:
            page.set_default_timeout(PAGE_TIMEOUT)
            page.goto(f"{lab.base}/{PAGES[ui]}?token={lab.token}", timeout=PAGE_TIMEOUT)
            cells = page.locator(".jp-Notebook .jp-CodeCell")
            expect(cells).to_have_count(len(CELLS), timeout=PAGE_TIMEOUT)
            # The page's idle indicator can show before the session exists: ask the server.
            sessions = wait_for_idle_kernel(page, lab, KERNEL_TIMEOUT)
            expect(
                page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first
            ).to_be_attached(timeout=KERNEL_TIMEOUT)
            assert [s["kernel"]["name"] for s in sessions] == ["python3"], (
                f"{sessions}\n{tail(lab.log)}"
            )
            timings["kernel idle"] = round(time.monotonic() - t0, 1)

            # Run > Run All Cells (the same menu in JupyterLab and Notebook 7).
            page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
            page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()

            # The new cell: right below the cell that displays the writer, run.
            expect(cells).to_have_count(len(CELLS) + 2, timeout=RUN_TIMEOUT)
            sources = [
                text.replace("\u200b", "")
                for text in cells.locator(".cm-content").all_inner_texts()
            ]
            assert sources == [CELLS[0], INSERTED, *CELLS[1:4], INSERTED_UNRUN, CELLS[4]], sources
            expect(cells.nth(1).locator(".jp-OutputArea-output")).to_have_text(
                re.compile(r"^\s*42\s*$"), timeout=RUN_TIMEOUT
            )
            timings["42 shown"] = round(time.monotonic() - t0, 1)
            view = cells.nth(0).locator(".jp-OutputArea-output .kk-cell-writer")
            expect(view).to_have_count(1)
            box = view.bounding_box()
            assert box is not None and box["height"] == 0, box

            unrun = cells.nth(5)
            expect(unrun.locator(".jp-InputArea-prompt")).to_have_text(re.compile(r"^\[ \]:$"))
            expect(unrun.locator(".jp-OutputArea-output")).to_have_count(0)

            # Python's side: run the last cell again (in place) until all replies are in.
            check = cells.nth(len(CELLS) + 1)
            prompt = check.locator(".jp-InputArea-prompt")
            output = check.locator(".jp-OutputArea-output")
            lines: list[str] = []
            for _ in range(CHECK_ATTEMPTS):
                expect(prompt).to_have_text(re.compile(r"^\[\d+\]:$"))
                before = prompt.inner_text()
                check.locator(".jp-InputPrompt").click()
                page.keyboard.press("Control+Enter")
                expect(prompt).not_to_have_text(before)
                expect(prompt).to_have_text(re.compile(r"^\[\d+\]:$"))
                lines = output.inner_text().strip().splitlines()
                if "None" not in lines:
                    break
                page.wait_for_timeout(500)
            assert len(lines) == 3 and lines[0] == lines[2] == OK_LINE, lines
            assert FAILED_LINE.match(lines[1]), lines
            timings["replies checked"] = round(time.monotonic() - t0, 1)
            expect(cells).to_have_count(len(CELLS) + 2)
        except BaseException:
            with contextlib.suppress(Exception):  # keep the test's own error
                page.screenshot(path=str(artifacts / FAILURE_SCREENSHOT.format(ui=ui)))
            raise
        finally:
            browser.close()

    print(f"{ui} timings (s since the page was opened):", timings)
    assert not [e for e in page_errors if "kernelkeras" in e], page_errors
