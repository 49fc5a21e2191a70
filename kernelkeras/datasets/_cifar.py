"""CIFAR-10 and CIFAR-100: 32x32 colour images, read from the archive Keras downloads.

The archive (``cifar-10-python.tar.gz``) holds Python pickles. They are read straight
from the archive, without extracting it, by :func:`~kernelkeras.datasets._pickles.read_pickle`:
no code in them runs. The arrays are Keras' (``keras.datasets.cifar10.load_data()``):
``x`` uint8 ``(n, 32, 32, 3)`` (``(n, 3, 32, 32)`` when Keras' image data format is
``channels_first``), ``y`` ``(n, 1)``.
"""

from __future__ import annotations

import dataclasses
import tarfile
import zlib
from pathlib import Path
from typing import Any

import numpy as np

from kernelkeras._backend import keras
from kernelkeras._text import shown
from kernelkeras.datasets._dataset import Dataset, Split
from kernelkeras.datasets._pickles import read_pickle
from kernelkeras.datasets._source import Remote, locate

_TORONTO = "https://www.cs.toronto.edu/~kriz/"
#: A batch member larger than this is not CIFAR (CIFAR-100's training batch is 154 MB).
_MAX_MEMBER = 256 << 20


@dataclasses.dataclass(frozen=True)
class _Kind:
    remote: Remote
    folder: str  # the folder inside the archive
    train: tuple[str, ...]
    test: str
    classes: int


CIFAR10 = _Kind(
    Remote(
        "dataset_cifar10",
        "the CIFAR-10 archive (cifar-10-python.tar.gz)",
        _TORONTO + "cifar-10-python.tar.gz",
        "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce",
        cache=("cifar-10-batches-py-target_archive", "cifar-10-batches-py.tar.gz"),
    ),
    "cifar-10-batches-py",
    tuple(f"data_batch_{i}" for i in range(1, 6)),
    "test_batch",
    10,
)
CIFAR100 = _Kind(
    Remote(
        "dataset_cifar100",
        "the CIFAR-100 archive (cifar-100-python.tar.gz)",
        _TORONTO + "cifar-100-python.tar.gz",
        "85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7",
        cache=("cifar-100-python-target_archive", "cifar-100-python.tar.gz"),
    ),
    "cifar-100-python",
    ("train",),
    "test",
    100,
)


def _members(source: Path, kind: _Kind) -> dict[str, bytes]:
    """The batch files' bytes, by name, from the archive or an extracted folder."""
    wanted = [*kind.train, kind.test]
    if source.is_dir():
        inner = source / kind.folder if (source / kind.folder).is_dir() else source
        missing = [n for n in wanted if not (inner / n).is_file()]
        if missing:
            raise FileNotFoundError(
                f"{kind.remote.verb}(): {inner} lacks {', '.join(missing)}; path= should be "
                f"{kind.remote.what} or the {kind.folder} folder extracted from it."
            )
        return {n: (inner / n).read_bytes() for n in wanted}
    found: dict[str, bytes] = {}
    try:
        with tarfile.open(source, "r:*") as tar:
            for member in tar:
                name = member.name.removeprefix("./")
                if (
                    not name.startswith(kind.folder + "/")
                    or name[len(kind.folder) + 1 :] not in wanted
                ):
                    continue
                if not member.isfile() or member.size > _MAX_MEMBER:
                    raise ValueError(f"its member {shown(name)} is not a batch file")
                data = tar.extractfile(member)
                found[name[len(kind.folder) + 1 :]] = data.read() if data else b""
    except (tarfile.TarError, OSError, EOFError, zlib.error, ValueError) as err:
        raise ValueError(
            f"{kind.remote.verb}(): {source} cannot be read as {kind.remote.what}: {err}."
        ) from None
    missing = [n for n in wanted if n not in found]
    if missing:
        raise ValueError(
            f"{kind.remote.verb}(): {source} is not {kind.remote.what}: it lacks "
            f"{', '.join(f'{kind.folder}/{n}' for n in missing)}."
        )
    return found


def load_batch(blob: bytes, label_key: str, kind: _Kind, what: str) -> tuple[np.ndarray, list[int]]:
    """``(data (n, 3, 32, 32), labels)`` of one pickled batch, checked (Keras' ``load_batch``)."""
    batch = read_pickle(blob, what)
    if not isinstance(batch, dict):
        raise ValueError(f"{what} is not a CIFAR batch (a {type(batch).__name__}, not a dict).")
    batch = {k.decode("latin-1") if isinstance(k, bytes) else k: v for k, v in batch.items()}
    data, labels = batch.get("data"), batch.get(label_key)
    if (
        not isinstance(data, np.ndarray)
        or data.dtype != np.uint8
        or data.ndim != 2
        or data.shape[1] != 3072
    ):
        raise ValueError(f"{what}: its 'data' is not a uint8 array of rows of 3,072 pixels.")
    if not isinstance(labels, list) or len(labels) != len(data):
        raise ValueError(f"{what}: its {label_key!r} is not a list of {len(data):,} labels.")
    if not all(type(v) is int and 0 <= v < kind.classes for v in labels):
        raise ValueError(
            f"{what}: its {label_key!r} are not all whole numbers 0 to {kind.classes - 1}."
        )
    return data.reshape(len(data), 3, 32, 32), labels


def _load(kind: _Kind, path: Any, label_key: str) -> Dataset:
    source = locate(path, kind.remote)
    members = _members(source.file, kind)

    def batch(name: str) -> tuple[np.ndarray, list[int]]:
        return load_batch(
            members.pop(name), label_key, kind, f"{source.file}: {kind.folder}/{name}"
        )

    parts = [batch(name) for name in kind.train]
    x_train = np.concatenate([x for x, _ in parts]) if len(parts) > 1 else parts[0][0]
    y_train = np.array(
        [v for _, y in parts for v in y], dtype=np.uint8 if kind.classes == 10 else None
    )
    x_test, test_labels = batch(kind.test)
    y_test = np.array(test_labels, dtype=y_train.dtype)
    y_train, y_test = y_train.reshape(len(y_train), 1), y_test.reshape(len(y_test), 1)
    if keras.backend.image_data_format() == "channels_last":
        x_train, x_test = x_train.transpose(0, 2, 3, 1), x_test.transpose(0, 2, 3, 1)
    return Dataset(Split(x_train, y_train), Split(x_test, y_test))


def dataset_cifar10(path: str | Path | None = None) -> Dataset:
    """Loads CIFAR-10: 50,000 training and 10,000 test 32x32 colour images of 10 classes.

    The same arrays as ``keras.datasets.cifar10.load_data()``: ``x`` uint8 (0-255) of
    shape ``(n, 32, 32, 3)`` (channels last, Keras' default), ``y`` uint8 labels 0-9 of
    shape ``(n, 1)``: airplane, automobile, bird, cat, deer, dog, frog, horse, ship, truck.

    Args:
        path: your copy of ``cifar-10-python.tar.gz`` or its extracted
            ``cifar-10-batches-py`` folder. Without it, the archive Keras keeps in
            ``KERAS_HOME/datasets`` (checked by its published sha256), else downloaded
            there from the URL Keras uses (163 MB).

    Returns:
        A :class:`Dataset`: ``.train.x``, ``.train.y``, ``.test.x``, ``.test.y``; it also
        unpacks as ``(x_train, y_train), (x_test, y_test)``.

    Raises:
        OfflineError: (a ``ConnectionError``) no copy and no network; raised at once,
            with the URL, the cache path and how to pass ``path=``.
        ValueError: the archive is damaged or not CIFAR-10 (code in its pickles never runs).

    Example:

    >>> cifar10 = dataset_cifar10()
    >>> x_train = cifar10.train.x / 255
    >>> y_train = to_categorical(cifar10.train.y, num_classes=10)
    """
    return _load(CIFAR10, path, "labels")


def dataset_cifar100(label_mode: str = "fine", path: str | Path | None = None) -> Dataset:
    """Loads CIFAR-100: 50,000 training and 10,000 test 32x32 colour images of 100 classes.

    The same arrays as ``keras.datasets.cifar100.load_data(label_mode)``: ``x`` uint8
    ``(n, 32, 32, 3)``, ``y`` ``(n, 1)`` integer labels.

    Args:
        label_mode: ``"fine"`` (100 classes, 0-99) or ``"coarse"`` (20 superclasses, 0-19).
        path: your copy of ``cifar-100-python.tar.gz`` or its extracted
            ``cifar-100-python`` folder; without it, the Keras cache or a download (161 MB).

    Returns:
        A :class:`Dataset` (``.train.x``, ``.train.y``, ``.test.x``, ``.test.y``).

    Raises:
        ValueError: ``label_mode`` is not ``"fine"`` or ``"coarse"``; the archive is damaged.
        OfflineError: no copy and no network (at once, with the URL and the cache path).

    Example:

    >>> (x_train, y_train), (x_test, y_test) = dataset_cifar100(label_mode="coarse")
    """
    if label_mode not in ("fine", "coarse"):
        raise ValueError(
            f"dataset_cifar100(): label_mode should be 'fine' or 'coarse'; got {shown(label_mode)}."
        )
    kind = CIFAR100 if label_mode == "fine" else dataclasses.replace(CIFAR100, classes=20)
    return _load(kind, path, f"{label_mode}_labels")
