"""Shared helpers for the tests that run a real Jupyter server (and a browser).

``serve`` starts a server command in its own process session, waits until ``/api``
answers, and ends the whole group afterwards; ``lab_server`` is that for a JupyterLab
on a folder, with JupyterLab's news and update checks off and its settings and
workspaces in temporary folders.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
START_TIMEOUT = 120  # seconds for the server to answer
STOP_TIMEOUT = 15  # seconds between SIGTERM and SIGKILL
PAGE_TIMEOUT = 120_000  # milliseconds: the first JupyterLab load takes 20-40 s on 2 cores
DIALOG_TIMEOUT = 60_000  # milliseconds to wait for JupyterLab's kernel question
LAB_SETTINGS = {
    # No news, no update checks: JupyterLab would otherwise ask, in a toast over the page.
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    # JupyterLab 4.6's default, pinned: every cell stays in the page (off-screen ones only
    # skip painting), so the tests find cells by their source wherever they are.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "windowingMode": "contentVisibility",
    },
}

#: How to get the browser the tests drive (make test runs it on Debian when it can).
INSTALL_CHROMIUM = "sudo apt-get update && sudo apt-get install -y chromium"


#: Browser tests use the ``chromium`` fixture (tests/browser/conftest.py).
needs_chromium = pytest.mark.usefixtures("chromium")


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get_json(url: str, token: str = "") -> tuple[int, Any]:
    """GET a loopback URL (with the token, if given); the status and the JSON body or None."""
    assert url.startswith("http://127.0.0.1:"), url
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"token {token}")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as err:
        status, body = err.code, err.read()
    try:
        return status, json.loads(body)
    except ValueError:
        return status, None


def tail(log: Path, lines: int = 40) -> str:
    """The end of the server's log, for failure messages."""
    text = log.read_text(errors="replace") if log.exists() else "(no log)"
    return "\n".join(text.splitlines()[-lines:])


def group_alive(pgid: int) -> bool:
    """Whether any process of the group ``pgid`` is still running."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ends the server and everything it started (its own session): SIGTERM, then SIGKILL."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if not group_alive(process.pid):
            break
        os.killpg(process.pid, sig)
        deadline = time.monotonic() + STOP_TIMEOUT
        while time.monotonic() < deadline:
            process.poll()  # reap the server, so a zombie does not count as alive
            if not group_alive(process.pid):
                break
            time.sleep(0.2)
    process.wait(timeout=STOP_TIMEOUT)


@dataclass
class Lab:
    """A running JupyterLab server: its base URL, token and log."""

    base: str
    token: str
    log: Path

    def api(self, path: str) -> Any:
        """GET ``/api/<path>`` with the token; the decoded JSON (the status must be 200)."""
        status, body = get_json(f"{self.base}/api/{path}", self.token)
        assert status == 200, f"/api/{path} answered {status}:\n{tail(self.log)}"
        return body


@contextlib.contextmanager
def serve(command: Sequence[str], cwd: Path, port: int, log: Path) -> Iterator[str]:
    """Runs a server command until ``/api`` on ``port`` answers; yields its base URL.

    The command runs in its own session, so that everything it starts (``make`` and
    ``jupyter``, kernels) is ended with it: SIGTERM, then SIGKILL.
    """
    with log.open("wb") as out:
        process = subprocess.Popen(
            list(command),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        status = 0
        while time.monotonic() < deadline:
            assert process.poll() is None, (
                f"the server exited with {process.returncode}:\n{tail(log)}"
            )
            try:
                status, _ = get_json(f"{base}/api")
            except OSError:  # not listening yet
                status = 0
            if status == 200:
                break
            time.sleep(0.5)
        assert status == 200, f"no answer on {base}/api in {START_TIMEOUT} s:\n{tail(log)}"
        yield base
    finally:
        stop(process)
    assert not group_alive(process.pid), "the server left processes running"


@contextlib.contextmanager
def lab_server(tmp_path: Path, root: Path, *extra: str) -> Iterator[Lab]:
    """JupyterLab from this venv serving ``root``; conftest's temporary JUPYTER_* folders."""
    settings = tmp_path / "lab-settings"
    for name, values in LAB_SETTINGS.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(json.dumps(values))
    port, token = free_port(), secrets.token_hex(16)
    log = tmp_path / "lab.log"
    command = [
        str(Path(sys.executable).parent / "jupyter"),
        "lab",
        "--no-browser",
        "--allow-root",
        "--ServerApp.ip=127.0.0.1",
        f"--port={port}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={tmp_path / 'lab-workspaces'}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.news_url=None",
        *extra,
    ]
    with serve(command, tmp_path, port, log) as base:
        yield Lab(base, token, log)


def write_notebook(path: Path, cells: Sequence[str]) -> None:
    """A notebook of code cells, without outputs, for the ``python3`` kernel."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    nbformat.write(nb, path)


def wait_for_idle_kernel(page: Any, lab: Lab, timeout_ms: float) -> list[dict[str, Any]]:
    """Polls the server until the page's one session has an idle kernel; the sessions.

    Waits with ``page.wait_for_timeout`` so that Playwright keeps serving the page's
    route handlers meanwhile.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    sessions = lab.api("sessions")
    while time.monotonic() < deadline and not (
        sessions and sessions[0]["kernel"]["execution_state"] == "idle"
    ):
        page.wait_for_timeout(500)
        sessions = lab.api("sessions")
    return sessions


def launch_chromium(playwright: Any, tmp_path: Path) -> Any:
    """Debian's Chromium through Playwright, with its HOME in ``tmp_path``.

    Chromium writes crash-report settings under $HOME/.config; the tests write nothing
    into the real $HOME.
    """
    home = tmp_path / "browser-home"
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
    }
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, env=env)
