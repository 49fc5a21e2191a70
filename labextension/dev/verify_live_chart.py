"""Checks the LiveChart widget in a real JupyterLab + Chromium (dev tool, not a test).

Starts JupyterLab (JUPYTER_* and IPYTHONDIR in a temporary folder), opens a notebook
that streams points into a LiveChart, runs its cells through the UI (Shift+Enter),
and checks: the plot draws, `data-points` grows to the expected total, the header
follows the messages, `done` disables Stop; then, in a second chart, Stop sends
{"event": "stop"} and interrupts the busy kernel. Screenshots go to test-artifacts/.

Needs Debian's chromium (/usr/bin/chromium) and playwright (Python) in the venv; run from
the repository after `pip install -e .`:

    .venv/bin/python labextension/dev/verify_live_chart.py [--artifacts DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat
from playwright.sync_api import Request, Route, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

CELL_CHART = """\
from kernelkeras._live_widget import LiveChart
w = LiveChart(metrics=["loss", "accuracy"], validation=True, epochs=3, title="t")
w"""

# 3 epochs x 4 batches; the loss of batch 2 of epoch 2 (x = 1.5) is NaN (sent as None).
CELL_STREAM = """\
import math, time
t0 = time.monotonic()
for epoch in range(3):
    for b in range(4):
        x = epoch + (b + 1) / 4
        loss = 1.0 / (1 + x)
        acc = 1 - loss / 2
        nan = abs(x - 1.5) < 1e-9
        msg = {"kind": "update",
               "header": f"Epoch {epoch + 1}/3 · batch {b + 1}/4 · loss {loss:.4f}",
               "batch": {"x": [x], "y": {"loss": [None if nan else loss], "accuracy": [acc]}}}
        if nan:
            msg["nonfinite"] = {"x": [x], "metric": ["loss"]}
        if b == 3:
            ends = {"loss": [loss], "val_loss": [loss * 1.2],
                    "accuracy": [acc], "val_accuracy": [acc - 0.05]}
            msg["epoch"] = {"x": [epoch + 1], "y": ends}
        w.send(msg)
        time.sleep(0.4)
w.send({"kind": "done", "header": "Trained 3/3 epochs · 0:05 elapsed · loss 0.2500"})
w.running = False
print("streamed")"""

CELL_STOP = """\
import signal, time
from IPython.display import display
stops = []
w2 = LiveChart(metrics=["loss"], epochs=60, title="stop test")
w2.on_stop(lambda: stops.append("stop"))
flag = {"interrupted": False}
previous = signal.signal(signal.SIGINT, lambda *_: flag.update(interrupted=True))
display(w2)
i = 0
try:
    while not flag["interrupted"] and i < 600:
        i += 1
        w2.send({"kind": "update", "header": f"step {i}",
                 "batch": {"x": [i / 10], "y": {"loss": [1 / i]}}})
        time.sleep(0.1)
finally:
    signal.signal(signal.SIGINT, previous)
w2.send({"kind": "done", "header": f"stopped at step {i}"})
w2.running = False
print(f"loop ended at step {i}; interrupted={flag['interrupted']}")"""

CELL_AFTER = 'print("on_stop calls:", stops)'
CELL_AGAIN = "w  # a second view of the first chart, created after all its points arrived"

EXPECTED_POINTS = 2 * 12 + 4 * 3 + 1  # batches, epoch ends, one NaN marker


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--artifacts",
        type=Path,
        default=Path(__file__).resolve().parents[2] / "test-artifacts",
        help="where the screenshots go (default: test-artifacts/ of the repository)",
    )
    artifacts = parser.parse_args().artifacts
    artifacts.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="kk-live-"))
    env = dict(os.environ)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        env[name] = str(tmp / name.lower())
    root = tmp / "root"
    root.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(c)
        for c in (CELL_CHART, CELL_STREAM, CELL_STOP, CELL_AFTER, CELL_AGAIN)
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, root / "live.ipynb")
    settings = tmp / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    port, token = free_port(), secrets.token_hex(16)
    log = (tmp / "lab.log").open("wb")
    jupyter = Path(sys.executable).parent / "jupyter"
    server = subprocess.Popen(
        [
            str(jupyter),
            "lab",
            "--no-browser",
            "--allow-root",
            "--ServerApp.ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            f"--LabApp.user_settings_dir={tmp / 'settings'}",
            f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.news_url=None",
        ],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    outside: list[str] = []
    console: list[str] = []
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{base}/api", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        browser_home = tmp / "browser-home"
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                args=ARGS,
                env={**env, "HOME": str(browser_home), "XDG_CONFIG_HOME": str(browser_home / "c")},
            )
            page = browser.new_page(viewport={"width": 1300, "height": 1100})
            page.set_default_timeout(120_000)

            def guard(route: Route, request: Request) -> None:
                if not request.url.startswith(base):
                    outside.append(request.url)
                    route.abort()
                else:
                    route.continue_()

            page.route("**/*", guard)
            page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
            page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
            page.goto(f"{base}/lab/tree/live.ipynb?token={token}")
            cells = page.locator(".jp-Notebook .jp-CodeCell")
            expect(cells).to_have_count(5)
            expect(
                page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")
            ).to_have_count(1)
            config = json.loads(page.locator("#jupyter-config-data").text_content() or "{}")
            names = [e["name"] for e in config.get("federated_extensions", [])]
            assert "kernelkeras" in names, names

            # Run cells 1 and 2 with Shift+Enter (command mode on cell 1 first).
            cells.nth(0).locator(".jp-InputPrompt").click()
            page.keyboard.press("Shift+Enter")
            page.keyboard.press("Shift+Enter")
            chart = cells.nth(0).locator(".kk-live-chart")
            expect(chart.locator(".kk-live-plot .main-svg").first).to_be_attached()
            seen: list[int] = []
            t0 = time.monotonic()
            while time.monotonic() - t0 < 60:
                seen.append(int(chart.get_attribute("data-points") or 0))
                if (
                    seen[-1] >= EXPECTED_POINTS
                    and "Trained" in chart.locator(".kk-live-header").inner_text()
                ):
                    break
                time.sleep(0.25)
            steps = sorted(set(seen))
            print("data-points seen:", steps)
            assert len(steps) >= 4 and steps[-1] == EXPECTED_POINTS, steps
            expect(cells.nth(1).locator(".jp-OutputArea-output")).to_contain_text("streamed")
            header = chart.locator(".kk-live-header").inner_text()
            button = chart.locator("button.kk-stop")
            print("header:", header, "| button:", button.inner_text(), button.is_disabled())
            assert header.startswith("Trained 3/3"), header
            assert button.is_disabled() and button.inner_text() == "Stop"
            assert chart.locator(".kk-live-title").inner_text() == "t"
            titles = chart.locator("g.annotation text").all_text_contents()
            legend = chart.locator("g.legend text.legendtext").all_text_contents()
            print("panel titles:", titles, "legend:", legend)
            assert titles == ["Loss", "Accuracy"], titles
            assert legend == ["training (batches)", "training", "validation"], legend
            xranges = page.evaluate(
                """() => { const gd = document.querySelector('.kk-live-plot');
                  return [gd.layout.xaxis.range, gd.layout.xaxis2.range,
                          gd.data.filter(t => t.name === 'NaN').map(t => [t.x, t.y])]; }"""
            )
            print("x ranges, NaN markers:", xranges)
            assert xranges[0] == [0, 3] and xranges[1] == [0, 3], xranges
            assert chart.locator("g.trace.scatter path.point").count() >= 13
            chart.evaluate("e => e.scrollIntoView({block: 'center'})")
            page.mouse.move(0, 0)
            time.sleep(0.5)
            chart.screenshot(path=str(artifacts / "live_chart.png"))
            page.screenshot(path=str(artifacts / "live_chart_page.png"))

            # Stop: cell 3 streams until SIGINT; click Stop while it runs.
            page.keyboard.press("Shift+Enter")
            chart2 = cells.nth(2).locator(".kk-live-chart")
            expect(chart2.locator(".kk-live-plot .main-svg").first).to_be_attached()
            for _ in range(200):
                if int(chart2.get_attribute("data-points") or 0) > 20:
                    break
                time.sleep(0.1)
            stop = chart2.locator("button.kk-stop")
            assert stop.is_enabled()
            stop.click()
            expect(stop).to_be_disabled()
            print("after click:", stop.inner_text())
            out = cells.nth(2).locator(".jp-OutputArea-output").last
            expect(out).to_contain_text("loop ended at step", timeout=30_000)
            text = out.inner_text()
            print("cell 3:", text.strip())
            found = re.search(r"step (\d+)", text)
            assert found, text
            step = int(found.group(1))
            assert step < 600 and "interrupted=True" in text, text
            expect(stop).to_have_text("Stopped")
            expect(chart2.locator(".kk-live-header")).to_have_text(f"stopped at step {step}")
            cells.nth(3).locator(".jp-InputPrompt").click()  # the click left focus on Stop
            page.keyboard.press("Shift+Enter")
            expect(cells.nth(3).locator(".jp-OutputArea-output")).to_contain_text("on_stop calls:")
            after = cells.nth(3).locator(".jp-OutputArea-output").inner_text()
            print("cell 4:", after.strip())
            assert "['stop']" in after, after
            buttons = chart.locator(".modebar-btn").evaluate_all(
                "bs => bs.map(b => b.dataset.title)"
            )
            print("modebar:", buttons)
            assert not any("Share" in (b or "") for b in buttons), buttons
            chart2.screenshot(path=str(artifacts / "live_chart_stopped.png"))
            page.keyboard.press("Shift+Enter")
            late = cells.nth(4).locator(".kk-live-chart")
            expect(late.locator(".kk-live-plot .main-svg").first).to_be_attached()
            expect(late).to_have_attribute("data-points", str(EXPECTED_POINTS))
            expect(late.locator(".kk-live-header")).to_have_text(re.compile("^Trained 3/3"))
            print("late view: data-points", late.get_attribute("data-points"))
            browser.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    problems = [c for c in console if "kernelkeras" in c or c.startswith(("error", "pageerror"))]
    print("console problems:", problems or "none")
    print("requests leaving the server:", outside or "none")
    assert not outside
    print("OK; screenshots in", artifacts)


if __name__ == "__main__":
    main()
