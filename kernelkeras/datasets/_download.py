"""Downloading into the Keras cache: at once offline, hash-checked, never half a file.

:func:`download` is what :func:`get_file` and every ``dataset_*`` loader use when a
file is not cached yet. It differs from Keras' ``get_file`` in three ways:

- **Offline, it fails at once.** It first checks that the server (or the proxy for
  it) accepts a connection within :data:`PROBE_SECONDS`, name lookup included; if
  not, :class:`OfflineError` says so. (Keras waits for the system's timeouts.)
- **A file is complete and verified before it is in the cache.** The download goes
  to a temporary file beside the target, hashed as it arrives; only a file whose
  hash is the expected one is renamed into place. A mismatch raises
  :class:`ChecksumError` naming both digests, and leaves nothing behind.
- Errors name the URL and the path.

Example:

>>> download("https://example.org/data.csv", cache_root() / "datasets" / "data.csv")
PosixPath('/home/me/.keras/datasets/data.csv')
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from kernelkeras.datasets._files import ChecksumError

#: How long the server may take to accept a connection before kernelkeras calls it offline.
PROBE_SECONDS = 2.0
#: How long a started download may wait for the next bytes.
READ_SECONDS = 60.0
#: The URL schemes fetched over the network (``file:`` URLs are read directly).
NETWORK_SCHEMES = ("http", "https", "ftp")


class OfflineError(ConnectionError):
    """A file is neither cached nor local, and its server cannot be reached now."""


def cache_root(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Keras' cache folder: ``cache_dir``, else ``$KERAS_HOME``, else ``~/.keras``.

    As in Keras, a folder that cannot be written falls back to ``/tmp/.keras``.
    """
    if cache_dir is not None:
        base = Path(os.fspath(cache_dir)).expanduser()
    elif os.environ.get("KERAS_HOME"):
        base = Path(os.environ["KERAS_HOME"]).expanduser()
    else:
        base = Path.home() / ".keras"
    with contextlib.suppress(OSError):
        base.mkdir(parents=True, exist_ok=True)
    if not os.access(base, os.W_OK):
        base = Path("/tmp" if os.path.isdir("/tmp") else tempfile.gettempdir(), ".keras")
    return base


def network_problem(url: str, timeout: float = PROBE_SECONDS) -> str | None:
    """Why ``url``'s server (or the proxy for it) cannot be reached now; None if it can."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in NETWORK_SCHEMES:
        return None
    default_port = {"https": 443, "ftp": 21}.get(parts.scheme, 80)
    try:
        host, port = parts.hostname or "", parts.port or default_port
    except ValueError as err:  # a port that is not a number
        return str(err)
    proxy = urllib.request.getproxies().get(parts.scheme)
    if proxy and not urllib.request.proxy_bypass(host):
        proxy_parts = urllib.parse.urlsplit(proxy if "//" in proxy else f"//{proxy}")
        host, port = proxy_parts.hostname or "", proxy_parts.port or 80
    answer: list[str | None] = []

    def probe() -> None:
        try:
            socket.create_connection((host, port), timeout=timeout).close()
        except OSError as err:
            answer.append(str(err) or type(err).__name__)
        else:
            answer.append(None)

    # A thread, so that a slow name lookup is bounded by the timeout too.
    thread = threading.Thread(target=probe, daemon=True, name="kernelkeras-probe")
    thread.start()
    thread.join(timeout)
    if not answer:
        return f"{host}:{port} did not answer within {timeout:g} s"
    return answer[0]


def hasher(file_hash: str | None, algorithm: str = "auto") -> hashlib._Hash:
    """sha256, or md5 where asked for or where the expected hash has 32 digits (Keras' rule)."""
    if algorithm == "sha256" or (
        algorithm == "auto" and (file_hash is None or len(file_hash) == 64)
    ):
        return hashlib.sha256()
    return hashlib.md5(usedforsecurity=False)


def file_digest(path: Path, file_hash: str | None, algorithm: str = "auto") -> str:
    """``path``'s digest with the algorithm :func:`hasher` picks."""
    digest = hasher(file_hash, algorithm)
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def download(
    origin: str, target: Path, file_hash: str | None = None, algorithm: str = "auto"
) -> Path:
    """Downloads ``origin`` to ``target`` (its folder is created); returns ``target``.

    Raises:
        OfflineError: the server cannot be reached (checked first, within seconds).
        ChecksumError: the file arrived but its hash is not ``file_hash``; nothing is kept.
        ConnectionError: the download failed (HTTP error, broken connection).
    """
    why = network_problem(origin)
    if why is not None:
        raise OfflineError(f"no network: {why}")
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hasher(file_hash, algorithm)
    handle, part = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    print(f"Downloading data from {origin}")
    try:
        with (
            os.fdopen(handle, "wb") as out,
            urllib.request.urlopen(origin, timeout=READ_SECONDS) as response,
        ):
            for block in iter(lambda: response.read(1 << 20), b""):
                digest.update(block)
                out.write(block)
        if file_hash is not None and digest.hexdigest() != file_hash.lower():
            raise ChecksumError(
                f"the file downloaded from {origin} is not the expected one: its "
                f"{digest.name} is {digest.hexdigest()}, expected {file_hash.lower()}. "
                f"It was not kept; {target} is unchanged."
            )
        os.replace(part, target)
    except urllib.error.HTTPError as err:
        raise ConnectionError(
            f"downloading {origin} to {target} failed: HTTP {err.code} {err.reason}."
        ) from None
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise ConnectionError(f"downloading {origin} to {target} failed: {reason}.") from err
    finally:
        if os.path.exists(part):
            os.remove(part)
    return target
