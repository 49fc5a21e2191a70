"""The README's ``make lab`` really serves JupyterLab on the notebooks folder."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
from pathlib import Path

import pytest

from tests._jupyter import free_port, get_json, serve, tail


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
    with serve([make, "lab", f"LAB_ARGS={lab_args}"], project, port, log) as base:
        status, info = get_json(f"{base}/api")
        assert status == 200 and isinstance(info, dict) and info.get("version"), info

        denied, _ = get_json(f"{base}/api/contents")
        assert denied == 403, f"contents served without the token ({denied}):\n{tail(log)}"
        status, root = get_json(f"{base}/api/contents", token)
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
