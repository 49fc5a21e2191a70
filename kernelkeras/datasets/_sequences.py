"""What IMDB and Reuters share: their ``.npz`` of word lists, Keras' processing, word indexes.

Both files store reviews or newswires as ``dtype=object`` arrays of Python lists,
which NumPy can only keep as pickles: :func:`read_npz` reads them with
:func:`~kernelkeras.datasets._pickles.read_pickle` (no code runs) and plain arrays
with ``allow_pickle=False``. :func:`encode` is Keras' own processing, step for step
(``keras.datasets.imdb.load_data``), so the same file and arguments give the same
arrays as Keras.
"""

from __future__ import annotations

import array
import io
import json
import numbers
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from kernelkeras._text import shown
from kernelkeras.datasets._pickles import UnsafePickleError, read_pickle
from kernelkeras.datasets._source import Remote, locate

#: A member of a dataset ``.npz`` may not unpack to more than this.
_MAX_MEMBER = 1 << 30
#: ... nor be compressed more than this many times (a zip bomb), past 64 MB.
_BOMB_RATIO = 200
#: A word index file larger than this is not one (IMDB's is 1.6 MB).
_MAX_INDEX = 64 << 20


def whole(value: Any, name: str, verb: str, minimum: int, none: bool = False) -> Any:
    """``value`` as an int of at least ``minimum`` (or None where allowed); errors name it."""
    if value is None and none:
        return None
    ok = isinstance(value, numbers.Integral) or (isinstance(value, float) and value.is_integer())
    if isinstance(value, bool) or not ok:
        also = " or None" if none else ""
        raise TypeError(f"{verb}(): {name} should be a whole number{also}; got {shown(value)}.")
    if int(value) < minimum:
        also = " (None for no limit)" if none else ""
        raise ValueError(
            f"{verb}(): {name} should be at least {minimum}{also}; got {shown(value)}."
        )
    return int(value)


def fraction(value: Any, name: str, verb: str) -> float:
    """``value`` as a fraction from 0 up to (not including) 1, else a ValueError naming it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= float(value) < 1:
        raise ValueError(
            f"{verb}(): {name} should be a fraction from 0 up to (not including) 1; "
            f"got {shown(value)}."
        )
    return float(value)


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> np.ndarray:
    size = info.file_size
    if size > _MAX_MEMBER or (size > 64 << 20 and size > _BOMB_RATIO * info.compress_size):
        raise ValueError(f"{info.filename} would unpack to {size:,} bytes")
    buffer = io.BytesIO(archive.read(info))
    version = np.lib.format.read_magic(buffer)
    header = (
        np.lib.format.read_array_header_1_0
        if version[0] == 1
        else np.lib.format.read_array_header_2_0
    )
    shape, _, dtype = header(buffer)
    if not dtype.hasobject:
        buffer.seek(0)
        return np.lib.format.read_array(buffer, allow_pickle=False)
    array = read_pickle(buffer.read(), info.filename)
    if not isinstance(array, np.ndarray) or array.shape != shape:
        raise ValueError(f"{info.filename} does not hold the array its header describes")
    return array


def read_npz(file: Path, keys: tuple[str, ...], remote: Remote) -> dict[str, np.ndarray]:
    """The arrays ``keys`` of the ``.npz`` ``file`` (object arrays read without their code).

    Raises:
        ValueError: not a zip of ``.npy`` files with those keys, or a pickle in it asks for
            code (:class:`~kernelkeras.datasets._pickles.UnsafePickleError`); named.
    """
    try:
        with zipfile.ZipFile(file) as archive:
            infos = {i.filename.removesuffix(".npy"): i for i in archive.infolist()}
            missing = [k for k in keys if k not in infos]
            if missing:
                raise ValueError(f"it lacks {', '.join(missing)} (it has {shown(list(infos))})")
            return {k: _member(archive, infos[k]) for k in keys}
    except (OSError, EOFError, zipfile.BadZipFile, ValueError) as err:
        kind = UnsafePickleError if isinstance(err, UnsafePickleError) else ValueError
        text = str(err).rstrip(".")
        raise kind(f"{remote.verb}(): {file} is not {remote.what}: {text}.") from None


def sequences(x: Any, y: Any, what: str) -> tuple[np.ndarray, np.ndarray]:
    """``x`` and ``y`` checked: one list of whole numbers (>= 0) per label."""
    ok = isinstance(x, np.ndarray) and x.ndim == 1 and x.dtype == object
    if not ok or not isinstance(y, np.ndarray) or y.shape != x.shape or y.dtype.kind not in "iu":
        raise ValueError(
            f"{what}: the sequences and labels should be two arrays of the same length."
        )
    for i, seq in enumerate(x):
        try:  # one pass in C: array("Q") takes only ints from 0 to 2**64 - 1
            if type(seq) is not list or array.array("Q", seq) is None:
                raise TypeError
        except (TypeError, OverflowError):
            raise ValueError(f"{what}: item {i} is not a list of whole numbers >= 0.") from None
    return x, y


def remove_long_seq(maxlen: int, seq: list, label: np.ndarray) -> tuple[list, np.ndarray]:
    """Keras' filter: keeps the sequences *shorter* than ``maxlen`` (and their labels)."""
    keep = [len(x) < maxlen for x in seq]
    return [x for x, k in zip(seq, keep, strict=True) if k], label[np.array(keep, dtype=bool)]


def shift(xs: Any, start_char: int | None, index_from: int) -> list[list[int]]:
    """Each sequence's words moved up by ``index_from``, after ``start_char`` if given."""
    if start_char is not None:
        return [[start_char] + [w + index_from for w in x] for x in xs]
    if index_from:
        return [[w + index_from for w in x] for x in xs]
    return [list(x) for x in xs]


def cut(xs: list[list[int]], num_words: int | None, skip_top: int, oov_char: int | None) -> list:
    """Keras' vocabulary cut: words outside ``[skip_top, num_words)`` become ``oov_char``."""
    if not num_words:  # Keras' rule: the largest index, itself then left out by `<`
        num_words = max((max(x) for x in xs if x), default=0)
    if oov_char is not None:
        return [[w if skip_top <= w < num_words else oov_char for w in x] for x in xs]
    return [[w for w in x if skip_top <= w < num_words] for x in xs]


def common_args(verb: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    """The arguments IMDB and Reuters share, checked as R passes them (``as.integer``)."""
    return {
        "num_words": whole(kwargs["num_words"], "num_words", verb, 1, none=True),
        "skip_top": whole(kwargs["skip_top"], "skip_top", verb, 0),
        "maxlen": whole(kwargs["maxlen"], "maxlen", verb, 1, none=True),
        "seed": whole(kwargs["seed"], "seed", verb, 0),
        "start_char": whole(kwargs["start_char"], "start_char", verb, 0, none=True),
        "oov_char": whole(kwargs["oov_char"], "oov_char", verb, 0, none=True),
        "index_from": whole(kwargs["index_from"], "index_from", verb, 0),
    }


def object_array(xs: list) -> np.ndarray:
    """A 1-d object array of the lists ``xs`` (what Keras returns; never a 2-d array)."""
    out = np.empty(len(xs), dtype=object)
    for i, x in enumerate(xs):
        out[i] = x
    return out


def word_index(path: Any, remote: Remote) -> dict[str, int]:
    """The word -> index dict of a word index JSON file (cached, downloaded, or yours)."""
    file = locate(path, remote).file
    if not file.is_file() or file.stat().st_size > _MAX_INDEX:
        raise ValueError(
            f"{remote.verb}(): {file} is not {remote.what} (not a file of at most 64 MB)."
        )
    try:
        index = json.loads(file.read_bytes())
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ValueError(
            f"{remote.verb}(): {file} is not {remote.what}: not JSON ({err}). "
            "Older Keras kept it as a pickle, which kernelkeras never loads; use the JSON file."
        ) from None
    if not isinstance(index, dict) or not all(
        type(v) is int and v >= 0 and isinstance(k, str) for k, v in index.items()
    ):
        raise ValueError(
            f"{remote.verb}(): {file} is not {remote.what}: not a word -> index object."
        )
    return index
