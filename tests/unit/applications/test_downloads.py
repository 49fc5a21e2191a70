"""fetch_file: real downloads from a local HTTP server, the cache, and offline errors.

The server runs on 127.0.0.1 in this process and serves files written here; nothing
leaves the machine (tests/conftest.py refuses other addresses).
"""

from __future__ import annotations

import hashlib
import http.server
import socket
import threading
import time
from functools import partial

import pytest

from kernelkeras.applications import OfflineError, fetch_file, network_problem
from kernelkeras.applications._downloads import keras_fetching


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def server(tmp_path):
    """A local HTTP server over tmp_path/served; yields its base URL."""
    served = tmp_path / "served"
    served.mkdir()
    handler = partial(_QuietHandler, directory=str(served))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", served
    finally:
        httpd.shutdown()
        httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("algorithm", ["md5", "sha256", None])
def test_a_file_is_downloaded_once_and_checked(server, tmp_path, algorithm):
    base, served = server
    blob = b"weights" * 5000
    (served / "w.h5").write_bytes(blob)
    cache = tmp_path / "cache"
    digest = hashlib.new(algorithm, blob).hexdigest() if algorithm else None
    path = fetch_file("w.h5", f"{base}/w.h5", digest, str(cache), caller="test")
    assert path == str(cache / "w.h5") and (cache / "w.h5").read_bytes() == blob
    (served / "w.h5").unlink()  # cached now: no second download
    assert fetch_file("w.h5", f"{base}/w.h5", digest, str(cache), caller="test") == path


def test_a_damaged_cached_file_is_downloaded_again_online(server, tmp_path):
    base, served = server
    blob = b"the published file"
    (served / "w.h5").write_bytes(blob)
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "w.h5").write_bytes(b"half")
    digest = hashlib.sha256(blob).hexdigest()
    fetch_file("w.h5", f"{base}/w.h5", digest, str(cache), caller="test")
    assert (cache / "w.h5").read_bytes() == blob


def test_a_failed_download_names_the_url_and_the_path(server, tmp_path):
    base, _ = server
    cache = tmp_path / "cache"
    with pytest.raises(ConnectionError, match="404") as info:
        fetch_file("absent.h5", f"{base}/absent.h5", None, str(cache), caller="f()")
    assert f"{base}/absent.h5" in str(info.value) and str(cache / "absent.h5") in str(info.value)
    assert not (cache / "absent.h5").exists()


def test_a_download_with_the_wrong_hash_is_refused(server, tmp_path):
    base, served = server
    (served / "w.h5").write_bytes(b"substituted")
    with pytest.raises(ConnectionError, match="hash"):
        fetch_file("w.h5", f"{base}/w.h5", "0" * 64, str(tmp_path / "c"), caller="f()")


def test_offline_is_known_at_once(tmp_path):
    url = f"http://127.0.0.1:{_closed_port()}/w.h5"
    assert network_problem(url) is not None
    start = time.perf_counter()
    with pytest.raises(OfflineError) as info:
        fetch_file("w.h5", url, None, str(tmp_path), caller="g()", what="the thing")
    assert time.perf_counter() - start < 1
    message = str(info.value)
    assert url in message and str(tmp_path / "w.h5") in message and "g(): the thing" in message
    # a remote host: refused by the test session's network guard, at once
    assert network_problem("https://storage.googleapis.com/x") is not None


def test_a_silent_server_is_called_offline_after_the_probe_time():
    # A listener that accepts nothing: once its backlog is full, a connection waits for the
    # operating system's timeout (minutes), as behind a firewall that drops packets.
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        fillers = []
        for _ in range(8):
            conn = socket.socket()
            conn.settimeout(0.3)
            fillers.append(conn)
            try:
                conn.connect(("127.0.0.1", port))
            except TimeoutError:
                break  # the backlog is full: the next connection would hang
        else:  # pragma: no cover - a kernel that queues without limit
            pytest.skip("the backlog never filled")
        start = time.perf_counter()
        problem = network_problem(f"http://127.0.0.1:{port}/", timeout=0.5)
        elapsed = time.perf_counter() - start
        for conn in fillers:
            conn.close()
    assert problem is not None
    assert "timed out" in problem or "did not answer" in problem
    assert elapsed < 1.5


def test_the_proxy_is_probed_when_one_is_set(monkeypatch, server):
    base, _ = server
    monkeypatch.setenv("https_proxy", base)  # a reachable "proxy"
    assert network_problem("https://storage.googleapis.com/x") is None
    monkeypatch.setenv("https_proxy", f"http://127.0.0.1:{_closed_port()}")
    assert network_problem("https://storage.googleapis.com/x") is not None


def test_keras_fetching_is_undone_after_use():
    from keras.src.utils import file_utils

    original = file_utils.get_file
    seen = []
    with keras_fetching(lambda fname, origin, **kw: seen.append(fname) or "/x", seen):
        assert file_utils.get_file("a.h5", "http://127.0.0.1/a.h5") == "/x"
    assert file_utils.get_file is original and seen == ["a.h5", "/x"]
    with pytest.raises(RuntimeError), keras_fetching(lambda *a, **k: "/x"):
        raise RuntimeError
    assert file_utils.get_file is original
