"""Where a ``dataset_*`` loader's file comes from: your copy, the Keras cache, or a download.

Each loader has a ``path=`` argument, as in R keras:

- **A path to an existing file or folder** (absolute, ``~/…``, or with a folder part such
  as ``./imdb.npz``) is read as your copy: nothing is downloaded, no published hash is
  required, and the file is read as untrusted input (its format is checked, no code in
  it runs).
- **A bare file name** (the default, e.g. ``"imdb.npz"``) is looked up in the Keras cache,
  ``KERAS_HOME/datasets`` (``~/.keras/datasets``), where Keras' own loaders keep the same
  files. A cached file must have the hash Keras publishes for it; a missing one is
  downloaded from the URL Keras uses. Offline, :class:`OfflineError` is raised at once
  with that URL, the cache path and how to pass ``path=``.

Example:

>>> locate("imdb.npz", IMDB).file
PosixPath('/home/me/.keras/datasets/imdb.npz')
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kernelkeras._text import shown
from kernelkeras.datasets._download import OfflineError, cache_root, download, file_digest
from kernelkeras.datasets._files import ChecksumError

#: Where Keras downloads its datasets from.
KERAS_DATASETS = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"


@dataclass(frozen=True)
class Remote:
    """A file a loader can download: the call, its URL, published hash and cache names."""

    verb: str  # "dataset_imdb"
    what: str  # "the IMDB reviews file"
    origin: str
    file_hash: str | None  # sha256 (64 digits) or md5 (32), as Keras publishes it
    cache: tuple[str, ...] = ()  # its names in the cache, Keras 3's first (default: path=)


@dataclass(frozen=True)
class Found:
    """The file to read, and whether it is a user's own copy (not checked by hash)."""

    file: Path
    own: bool


def _cache_names(name: str, remote: Remote) -> tuple[str, ...]:
    """The names to look for: the loader's own for its default, else the name given."""
    return remote.cache if remote.cache and name in (remote.cache[0], "") else (name,)


def _offline_message(name: str, remote: Remote, target: Path, why: str) -> str:
    here = Path.cwd() / name
    hint = f" (there is a {name} in the working folder: path='./{name}')" if here.exists() else ""
    return (
        f"{remote.verb}(): {remote.what} is not in the Keras cache and cannot be downloaded "
        f"({why}). Either download it where there is internet access from\n  {remote.origin}\n"
        f"and put it at\n  {target}\nor pass the full path of a copy you have: "
        f"{remote.verb}(path='/path/to/{name}'){hint}."
    )


def is_own(path: Path) -> bool:
    """Whether ``path`` names a file of the user's (a folder part, ``~`` or absolute)."""
    text = os.fspath(path)
    return path.is_absolute() or text.startswith("~") or os.sep in text or "/" in text


def locate(path: Any, remote: Remote) -> Found:
    """The file a loader reads for ``path=`` (see the module's docstring).

    Raises:
        TypeError: ``path`` is not a str or ``pathlib.Path``.
        FileNotFoundError: ``path`` names a file of the user's that does not exist.
        ChecksumError: the cached file is not the published one.
        OfflineError: not cached, and the server cannot be reached.
        ConnectionError: the download failed.
    """
    if path is None:
        path = remote.cache[0]
    if not isinstance(path, (str, os.PathLike)) or isinstance(path, bytes):
        raise TypeError(
            f"{remote.verb}(): path should be a file name in the Keras cache or the path of "
            f"your copy (a str or pathlib.Path); got {type(path).__name__} {shown(path)}."
        )
    given = Path(os.fspath(path))
    if is_own(given):
        file = given.expanduser()
        if not file.exists():
            raise FileNotFoundError(
                f"{remote.verb}(): there is no {file}. path= should be your copy of "
                f"{remote.what} (from {remote.origin}), or a bare file name to use the Keras cache."
            )
        return Found(file, own=True)
    folder = cache_root() / "datasets"
    for name in _cache_names(given.name, remote):
        cached = folder / name
        if cached.is_file():
            digest = file_digest(cached, remote.file_hash) if remote.file_hash else None
            if digest is not None and digest != remote.file_hash:
                raise ChecksumError(
                    f"{remote.verb}(): the cached {cached} is damaged or is not {remote.what} "
                    f"(hash {digest}, published {remote.file_hash}). Delete it to download it "
                    f"again, or pass its full path as path= to read it as your own copy."
                )
            return Found(cached, own=False)
    target = folder / _cache_names(given.name, remote)[0]
    try:
        return Found(download(remote.origin, target, remote.file_hash), own=False)
    except OfflineError as err:
        raise OfflineError(_offline_message(given.name, remote, target, str(err))) from None
    except ChecksumError as err:
        raise ChecksumError(f"{remote.verb}(): {err}") from None
    except ConnectionError as err:
        raise ConnectionError(
            f"{remote.verb}(): {err} Try again, or pass path= a copy you have."
        ) from None
