"""``get_file()``: R keras' (and Keras') download-and-cache, failing at once offline.

The file lands where Keras' own ``keras.utils.get_file`` puts it
(``KERAS_HOME/<cache_subdir>/<fname>``; an archive as ``<fname>_archive`` or
``<fname>.tar.gz`` beside its ``extract=True`` folder), so the two share one cache.
The differences: offline it fails at once with the URL and the path to put the file
at; a download is verified before it enters the cache (a hash mismatch keeps
nothing); an archive is extracted once, safely (no path leaves the folder, no links
out, no devices), into a temporary folder renamed into place.

Example:

>>> path = get_file("nietzsche.txt", origin="https://example.org/nietzsche.txt")
"""

from __future__ import annotations

import os
import shutil
import tarfile
import tempfile
import urllib.parse
import warnings
import zipfile
from pathlib import Path
from typing import Any

from kernelkeras._text import shown
from kernelkeras.datasets._download import (
    OfflineError,
    cache_root,
    download,
    file_digest,
    network_problem,
)
from kernelkeras.datasets._files import ChecksumError

_ALGORITHMS = ("auto", "sha256", "md5")


def _checked_hash(file_hash: Any, algorithm: Any) -> str | None:
    if algorithm not in _ALGORITHMS:
        raise ValueError(
            f"get_file(): hash_algorithm should be one of {_ALGORITHMS}; got {shown(algorithm)}."
        )
    if file_hash is None:
        return None
    sizes = {"sha256": (64,), "md5": (32,), "auto": (32, 64)}[algorithm]
    text = file_hash if isinstance(file_hash, str) else ""
    if len(text) not in sizes or any(c not in "0123456789abcdefABCDEF" for c in text):
        raise ValueError(
            f"get_file(): file_hash should be the file's {algorithm} hash as hex digits "
            f"({' or '.join(map(str, sizes))} of them, e.g. from `sha256sum`); "
            f"got {shown(file_hash)}."
        )
    return text.lower()


def _targets(fname: Any, origin: str, cache_dir: Any, subdir: Any, extract: bool) -> tuple:
    """(download target, extraction folder or None), named exactly as Keras names them."""
    if fname is not None and not isinstance(fname, (str, os.PathLike)):
        raise TypeError(f"get_file(): fname should be a file name; got {shown(fname)}.")
    given = os.fspath(fname) if fname else ""
    if given and os.path.isabs(os.path.expanduser(given)):  # R: an absolute path is the target
        cache_dir, subdir = os.path.dirname(os.path.expanduser(given)), ""
        given = os.path.basename(given)
    name = given or os.path.basename(urllib.parse.urlsplit(origin).path)
    if not name:
        raise ValueError(
            f"get_file(): cannot tell a file name from origin={shown(origin)}; pass fname=."
        )
    if os.sep in name or "/" in name or name in (".", ".."):
        raise ValueError(
            f"get_file(): fname={shown(name)} should be a file name, not a path; the folder "
            "goes in cache_dir= (or cache_subdir=), or pass fname= an absolute path."
        )
    datadir = cache_root(cache_dir) / os.fspath(subdir or "")
    if not extract:
        return datadir / name, None
    if given and "." in name:
        return datadir / name, datadir / f"{name[: name.find('.')]}_extracted"
    return datadir / f"{name}_archive", datadir / name


def _extract(archive: Path, folder: Path, archive_format: Any) -> bool:
    """Extracts ``archive`` into ``folder`` (replacing it) if it is a tar or zip file."""
    kinds = ["tar", "zip"] if archive_format == "auto" else archive_format or []
    for kind in [kinds] if isinstance(kinds, str) else kinds:
        if kind not in ("tar", "zip"):
            raise ValueError(f"get_file(): archive_format {shown(kind)} is not 'tar' or 'zip'.")
        if not (tarfile.is_tarfile if kind == "tar" else zipfile.is_zipfile)(archive):
            continue
        work = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
        try:
            if kind == "tar":
                with tarfile.open(archive) as tar:
                    tar.extractall(work, filter="data")  # no absolute paths, links out, devices
            else:
                with zipfile.ZipFile(archive) as zipped:
                    for member in zipped.namelist():
                        inside = os.path.realpath(work / member)
                        if os.path.commonpath([inside, os.path.realpath(work)]) != os.path.realpath(
                            work
                        ):
                            raise ValueError(
                                f"{archive}: the member {shown(member)} points outside"
                            )
                    zipped.extractall(work)
            shutil.rmtree(folder, ignore_errors=True)
            os.replace(work, folder)
        except (tarfile.TarError, zipfile.BadZipFile, OSError, ValueError) as err:
            raise ValueError(f"get_file(): {archive} could not be extracted: {err}") from None
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return True
    return False


def get_file(
    fname: str | os.PathLike[str] | None = None,
    origin: str | None = None,
    *,
    file_hash: str | None = None,
    cache_subdir: str | os.PathLike[str] = "datasets",
    hash_algorithm: str = "auto",
    extract: bool = False,
    archive_format: str | list[str] | None = "auto",
    cache_dir: str | os.PathLike[str] | None = None,
    force_download: bool = False,
    untar: bool = False,
    md5_hash: str | None = None,
) -> str:
    """Downloads a file from a URL unless it is already in the cache; returns its path.

    The file is kept at ``KERAS_HOME/<cache_subdir>/<fname>`` (``~/.keras/datasets/``
    by default), where Keras' own ``get_file`` keeps it. With ``file_hash``, a cached file
    is checked (and downloaded again if it differs, as Keras does) and a download is
    verified before it is kept.

    Args:
        fname: the file's name in the cache (default: the last part of ``origin``); an
            absolute path saves the file there. With ``extract``, a name without a dot
            names the extraction folder.
        origin: the URL to download from.
        file_hash: the expected sha256 (64 hex digits) or md5 (32) of the file.
        cache_subdir: the folder under the cache (absolute: that folder).
        hash_algorithm: ``"auto"`` (by the hash's length), ``"sha256"`` or ``"md5"``.
        extract: extract the downloaded tar or zip archive and return the folder.
        archive_format: ``"auto"`` (tar, then zip), ``"tar"``, ``"zip"`` or None.
        cache_dir: the cache folder (default ``$KERAS_HOME`` or ``~/.keras``).
        force_download: download again even if the file is cached.
        untar: Keras' older name for ``extract=True, archive_format="tar"``.
        md5_hash: Keras' older name for ``file_hash`` with ``hash_algorithm="md5"``.

    Returns:
        The path of the file, or with ``extract`` of the folder it was extracted to.

    Raises:
        OfflineError: (a ``ConnectionError``) the file is not cached and the server cannot
            be reached; raised within seconds, with the URL and the path to put the file at.
        ChecksumError: (a ``ValueError``) the file's hash is not ``file_hash``.
        ConnectionError: the download failed.

    Example:

    >>> path = get_file("nietzsche.txt", origin="https://example.org/nietzsche.txt")
    >>> text = open(path, encoding="utf-8").read().lower()
    """
    if not isinstance(origin, str) or not origin:
        raise ValueError(
            f"get_file(): origin= should be the URL to download from; got {shown(origin)}."
        )
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    expected = _checked_hash(file_hash, hash_algorithm)
    target, folder = _targets(fname, origin, cache_dir, cache_subdir, bool(extract or untar))
    fetch = force_download or not target.is_file()
    if not fetch and expected and file_digest(target, expected, hash_algorithm) != expected:
        why = network_problem(origin)
        if why is not None:
            raise ChecksumError(
                f"get_file(): the cached {target} is not the file with hash {expected}, and it "
                f"cannot be downloaded again now (no network: {why}). Replace it with the "
                f"file from {origin}, or delete it and call again when online."
            )
        print(f"{target} does not match file_hash, so it is downloaded again.")
        fetch = True
    if fetch:
        try:
            download(origin, target, expected, hash_algorithm)
        except OfflineError as err:
            raise OfflineError(
                f"get_file(): {target.name} is not in the cache and cannot be downloaded ({err}). "
                f"Download it where there is internet access from\n  {origin}\nand put it at\n"
                f"  {target}\nthen call get_file() again."
            ) from None
        except (ChecksumError, ConnectionError) as err:
            raise type(err)(f"get_file(): {err}") from None
    if folder is None:
        return str(target)
    if fetch or not folder.exists():
        kind = "tar" if untar else archive_format
        if not _extract(target, folder, kind):
            warnings.warn(
                f"get_file(): {target} is not a tar or zip archive; not extracted.", stacklevel=2
            )
    return str(folder)
