"""Dataset files, read only after their sha256 matches the one recorded for them.

Every dataset loader reads its file through :func:`read_verified`, so that a damaged,
truncated or substituted file raises :class:`ChecksumError` (a ``ValueError``) naming
the file, the expected and actual digests and the fix, instead of giving wrong data.
:func:`open_npz` then opens the verified bytes as a NumPy ``.npz`` archive (never with
pickles) and checks each array's shape and dtype.

Example:

>>> blob = read_verified(MNIST_PATH, NPZ_SHA256, what="MNIST file", fix="Reinstall kernelkeras.")
>>> arrays = open_npz(blob, MNIST_PATH, {"y_test": ((10000,), "uint8")}, "Reinstall.")
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from kernelkeras._text import shown

#: A bundled dataset is repaired by reinstalling the package.
REINSTALL = "`pip install --force-reinstall --no-deps kernelkeras`"


class ChecksumError(ValueError):
    """A dataset file whose sha256 is not the recorded one: damaged or not that dataset."""


def dataset_path(value: Any, verb: str) -> Path:
    """``value`` as a file path (a str or ``pathlib.Path``), or a ``TypeError`` naming ``verb``."""
    if not isinstance(value, (str, os.PathLike)) or isinstance(value, bytes):
        raise TypeError(
            f"{verb}(): path should be a str or pathlib.Path (or None for the bundled file); "
            f"got {type(value).__name__} {shown(value)}."
        )
    return Path(os.fspath(value))


def restore_hint(path: Path, bundled: Path) -> str:
    """How to get an intact copy: reinstall for a bundled file, replace for a user's copy."""
    if path == bundled:
        return (
            f"Restore it by reinstalling kernelkeras ({REINSTALL}), or in a source checkout "
            f"with `git checkout -- kernelkeras/datasets/{bundled.name}`."
        )
    return f"Replace {path} with an intact copy of kernelkeras' {bundled.name}."


def read_verified(path: Path, sha256: str, *, what: str, fix: str) -> bytes:
    """The bytes of ``path``, once their sha256 is ``sha256``.

    Args:
        path: the dataset file.
        sha256: its recorded digest (hex).
        what: what the file is, for messages ("MNIST file").
        fix: how to get an intact copy (see :func:`restore_hint`).

    Raises:
        FileNotFoundError: there is no such file.
        ChecksumError: the digest differs: the file is damaged or another file.
    """
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        raise FileNotFoundError(f"{what} not found: {path}. {fix}") from None
    except IsADirectoryError:
        raise FileNotFoundError(f"{what} {path} is a folder, not the file. {fix}") from None
    digest = hashlib.sha256(blob).hexdigest()
    if digest != sha256:
        raise ChecksumError(
            f"{what} {path} is damaged or is not the file kernelkeras ships "
            f"({len(blob):,} bytes; sha256 {digest}, expected {sha256}). {fix}"
        )
    return blob


def open_npz(
    blob: bytes, path: Path, arrays: dict[str, tuple[tuple[int, ...], str]], fix: str
) -> dict[str, np.ndarray]:
    """The arrays of a verified ``.npz`` file, each checked for its shape and dtype.

    Raises:
        ValueError: the archive cannot be read, or an array is missing or malformed.
    """
    try:
        with np.load(io.BytesIO(blob), allow_pickle=False) as npz:
            found = {key: npz[key] for key in arrays}
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as err:  # pragma: no cover
        raise ValueError(f"{path} cannot be read ({shown(str(err))}). {fix}") from None
    for key, (shape, dtype) in arrays.items():
        if found[key].shape != shape or found[key].dtype != np.dtype(dtype):  # pragma: no cover
            raise ValueError(f"{path}: {key} is malformed. {fix}")
    return found
