"""The files Keras' applications download (ImageNet weights, the class index), cached.

Keras fetches them with ``keras.utils.get_file`` into ``KERAS_HOME/models`` (``~/.keras``
by default). :func:`fetch_file` does the same with three differences:

- **Offline, it fails at once.** Before downloading it checks that the server (or the
  proxy) answers within :data:`PROBE_SECONDS`; if not, :class:`OfflineError` says which
  file is missing, the URL to download it from and the path to put it at. (Keras
  would wait for the operating system's connection timeout, minutes on some networks.)
- **A file you put into the cache is used offline** even when its hash is not the
  published one (with a warning); online, Keras' rule holds: it is downloaded again.
- A failed download names the URL and the path.

:func:`keras_fetching` makes Keras' applications fetch through it, for one call.

Example:

>>> fetch_file("imagenet_class_index.json", CLASS_INDEX_URL, caller="decode")
'/home/me/.keras/models/imagenet_class_index.json'
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import tempfile
import threading
import urllib.parse
import urllib.request
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from keras.src.backend import config as keras_config
from keras.src.utils import file_utils

#: How long the server may take to accept a connection before kernelkeras calls it offline.
PROBE_SECONDS = 3.0
_PATCH_LOCK = threading.RLock()


class OfflineError(ConnectionError):
    """A file Keras downloads is not in its cache, and there is no network to get it."""


def cache_path(fname: str, cache_subdir: str = "models") -> Path:
    """Where ``keras.utils.get_file`` keeps ``fname``: ``KERAS_HOME/<cache_subdir>/fname``."""
    base = os.path.expanduser(keras_config.keras_home())
    if not os.access(base, os.W_OK):  # Keras' own fallback for a read-only home
        base = os.path.join("/tmp" if os.path.isdir("/tmp") else tempfile.gettempdir(), ".keras")
    return Path(base, cache_subdir, fname)


def network_problem(url: str, timeout: float = PROBE_SECONDS) -> str | None:
    """Why ``url``'s server (or the proxy for it) cannot be reached now; None if it can."""
    parts = urllib.parse.urlsplit(url)
    host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
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


def hash_matches(path: Path, file_hash: str) -> bool:
    """Whether ``path``'s md5 (32 hex digits) or sha256 (64) is ``file_hash``."""
    digest = hashlib.sha256() if len(file_hash) == 64 else hashlib.md5(usedforsecurity=False)
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest() == file_hash


def _missing(what: str, fname: str, origin: str, target: Path, caller: str, why: str) -> str:
    return (
        f"{caller}: {what} {fname} is not in the Keras cache and cannot be downloaded "
        f"({why}). Download it where there is internet access from\n  {origin}\n"
        f"and put it at\n  {target}\n(the Keras cache: KERAS_HOME/models, ~/.keras/models "
        "by default), then run this again."
    )


def fetch_file(
    fname: str,
    origin: str,
    file_hash: str | None = None,
    cache_subdir: str = "models",
    *,
    caller: str,
    what: str = "the file",
    alternative: str = "",
    download: Callable[..., Any] | None = None,
) -> str:
    """The path of ``fname`` in the Keras cache, downloaded from ``origin`` if needed.

    Args:
        fname: the file's name in the cache.
        origin: its URL.
        file_hash: its published md5 or sha256, if any.
        cache_subdir: the cache's subfolder (Keras' applications use ``"models"``).
        caller: the call, for messages (``"application_vgg16(weights='imagenet')"``).
        what: what the file is, for messages (``"the ImageNet weights file"``).
        alternative: a last sentence for the offline message (another way to go on).
        download: Keras' ``get_file`` (the real one while it is patched).

    Raises:
        OfflineError: the file is not cached and the server cannot be reached.
        ConnectionError: the download failed (the message names the URL and the path).
    """
    download = download or file_utils.get_file
    target = cache_path(fname, cache_subdir)
    if target.is_file():
        if file_hash is None or hash_matches(target, file_hash):
            return str(target)
        if network_problem(origin) is not None:
            warnings.warn(
                f"{target} is not the published {fname} (its hash is not {file_hash}); "
                "there is no network to download that one, so this file is used as it is.",
                stacklevel=3,
            )
            return str(target)
    else:
        why = network_problem(origin)
        if why is not None:
            tail = f" {alternative}" if alternative else ""
            raise OfflineError(
                _missing(what, fname, origin, target, caller, f"no network: {why}") + tail
            )
    try:
        return str(download(fname, origin, file_hash=file_hash, cache_subdir=cache_subdir))
    except Exception as err:
        raise ConnectionError(
            f"{caller}: downloading {what} {fname} from {origin} to {target} failed "
            f"({err}). Try again, or download it yourself and put it at that path."
        ) from err


@contextlib.contextmanager
def keras_fetching(fetch: Callable[..., str], fetched: list[str] | None = None) -> Iterator[None]:
    """While active, Keras' ``get_file`` calls (as the applications make them) go to ``fetch``.

    ``fetch(fname, origin, file_hash=..., cache_subdir=..., download=<Keras' get_file>)``
    returns the path; each path returned is appended to ``fetched``.
    """
    with _PATCH_LOCK:
        original = file_utils.get_file

        def get_file(fname: Any = None, origin: Any = None, **kwargs: Any) -> str:
            path = fetch(
                fname,
                origin,
                file_hash=kwargs.get("file_hash"),
                cache_subdir=kwargs.get("cache_subdir", "datasets"),
                download=original,
            )
            if fetched is not None:
                fetched.append(path)
            return path

        file_utils.get_file = get_file
        try:
            yield
        finally:
            file_utils.get_file = original
