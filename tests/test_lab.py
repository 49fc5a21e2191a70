"""The README's ``make lab`` really serves JupyterLab on the notebooks folder."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

START_TIMEOUT = 90  # seconds for the server to answer
STOP_TIMEOUT = 15  # seconds between SIGTERM and SIGKILL


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str) -> tuple[int, Any]:
    """GET a loopback URL; returns the status and the decoded JSON body (None if not JSON)."""
    assert url.startswith("http://127.0.0.1:"), url
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
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
    """Ends make and everything it started (its own session): SIGTERM, then SIGKILL."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if not group_alive(process.pid):
            break
        os.killpg(process.pid, sig)
        deadline = time.monotonic() + STOP_TIMEOUT
        while time.monotonic() < deadline:
            process.poll()  # reap make, so a zombie does not count as alive
            if not group_alive(process.pid):
                break
            time.sleep(0.2)
    process.wait(timeout=STOP_TIMEOUT)


@pytest.mark.slow
def test_make_lab_serves_the_notebooks(project: Path, tmp_path: Path) -> None:
    """make lab answers on /api, guards its contents with the token, serves notebooks/."""
    make = shutil.which("make")
    assert make, "`make lab` needs make on PATH"
    # `make lab` depends on the install stamp; if it is stale, make would pip install
    # (network). `make test` keeps it fresh; otherwise run `make install` once.
    stale = subprocess.run([make, "-q", "install"], cwd=project, check=False).returncode
    assert stale == 0, "the .venv install stamp is out of date: run `make install` first"

    port, token = free_port(), secrets.token_hex(16)
    runtime_dir = Path(os.environ["JUPYTER_RUNTIME_DIR"])
    before = set(runtime_dir.glob("jpserver-*.json"))
    log = tmp_path / "lab.log"
    # IdentityProvider.token is jupyter_server 2's name for the deprecated ServerApp.token.
    lab_args = f"--port={port} --IdentityProvider.token={token} --ServerApp.open_browser=False"
    base = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [make, "lab", f"LAB_ARGS={lab_args}"],
            cwd=project,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        status, info = 0, None
        while time.monotonic() < deadline:
            assert process.poll() is None, (
                f"make lab exited with {process.returncode}:\n{tail(log)}"
            )
            try:
                status, info = get(f"{base}/api")
            except OSError:  # not listening yet
                status = 0
            if status == 200:
                break
            time.sleep(0.5)
        assert status == 200, f"no answer on {base}/api in {START_TIMEOUT} s:\n{tail(log)}"
        assert isinstance(info, dict) and info.get("version"), f"{info!r}\n{tail(log)}"

        denied, _ = get(f"{base}/api/contents")
        assert denied == 403, f"contents served without the token ({denied}):\n{tail(log)}"
        status, root = get(f"{base}/api/contents?token={token}")
        assert status == 200, f"/api/contents answered {status}:\n{tail(log)}"
        assert root["type"] == "directory" and root["path"] == "", root
        names = {item["name"] for item in root["content"]}
        expected = {path.name for path in (project / "notebooks").iterdir()}
        assert "mnist_mlp.ipynb" in names, f"root is not notebooks/: {sorted(names)}"
        assert names <= expected, f"root is not notebooks/: {sorted(names - expected)}"

        # The server inherited conftest's JUPYTER_RUNTIME_DIR: its server file is there.
        started = set(runtime_dir.glob("jpserver-*.json")) - before
        ports = {json.loads(path.read_text()).get("port") for path in started}
        assert port in ports, f"no server file for port {port} in {runtime_dir}:\n{tail(log)}"
    finally:
        stop(process)
    assert not group_alive(process.pid), "make lab left processes running"
