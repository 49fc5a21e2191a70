"""``CellWriter``: the message it sends, the replies it keeps, and the real thing in a browser.

The unit tests replace ``comm.create_comm`` with a comm that records what it would send
(as in tests/test_live.py) and feed it the front end's replies.

The browser test runs JupyterLab (and Notebook 7) with the venv's ``python3`` kernel on
a generated notebook::

    [0] from kernelkeras._cell_writer import CellWriter     (displays the writer)
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
from typing import Any

import pytest

from kernelkeras._cell_writer import CellWriter
from tests._comms import RecordingComm
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


@pytest.fixture
def writer(comms) -> tuple[CellWriter, RecordingComm]:
    w = CellWriter()
    (wire,) = [c for c in comms if c.comm_id == w.comm.comm_id]
    return w, wire


def test_the_widget_names_its_front_end_module(writer):
    _, wire = writer
    opened = [data for kind, data, _ in wire.messages if kind == "comm_open"]
    assert len(opened) == 1
    state = opened[0]["state"]
    assert (state["_model_name"], state["_view_name"]) == ("CellWriterModel", "CellWriterView")
    assert state["_model_module"] == state["_view_module"] == "kernelkeras"
    assert state["_model_module_version"] == state["_view_module_version"] == "^0.1.0"
    assert "last_result" not in state  # Python-side only


def test_insert_sends_one_insert_cell_message(writer):
    w, wire = writer
    w.insert("print(6 * 7)", run=True)
    w.insert("x = 1\ny = 2")
    assert wire.custom() == [
        {"method": "insert_cell", "code": "print(6 * 7)", "run": True},
        {"method": "insert_cell", "code": "x = 1\ny = 2", "run": False},
    ]


@pytest.mark.parametrize(("code", "run"), [(b"print(1)", False), (None, False), ("1", 1)])
def test_insert_rejects_wrong_types(writer, code, run):
    w, wire = writer
    with pytest.raises(TypeError, match=r"CellWriter\.insert: (code|run) must be"):
        w.insert(code, run=run)
    assert wire.custom() == []


def test_replies_set_last_result_and_call_the_callbacks(writer):
    w, wire = writer
    seen: list[tuple[str, dict, Any]] = []
    first = lambda result: seen.append(("first", result, w.last_result))  # noqa: E731
    w.on_result(first)
    w.on_result(lambda result: seen.append(("second", result, w.last_result)))
    assert w.last_result is None

    wire.receive({"event": "inserted", "ok": True})
    assert w.last_result == {"event": "inserted", "ok": True}
    ok = {"event": "inserted", "ok": True}
    assert seen == [("first", ok, ok), ("second", ok, ok)]  # last_result is set first

    failed = {"event": "inserted", "ok": False, "reason": "not in a notebook"}
    w.on_result(first, remove=True)
    wire.receive(failed)
    assert w.last_result == failed
    assert seen[2:] == [("second", failed, failed)]

    wire.receive({"event": "something else"})  # not a reply: ignored
    assert w.last_result == failed and len(seen) == 3


def test_last_result_is_read_only(writer):
    w, _ = writer
    with pytest.raises(Exception, match="read-only"):
        w.last_result = {"event": "inserted", "ok": True}


NOTEBOOK = "cell_writer.ipynb"
CELLS = (
    "from kernelkeras._cell_writer import CellWriter\nw = CellWriter()\nw",
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
