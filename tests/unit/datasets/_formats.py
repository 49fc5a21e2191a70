"""Small files in the exact formats Keras' dataset loaders read, and hostile variants.

- IMDB / Reuters: an ``.npz`` whose sequences are ``dtype=object`` arrays of lists of ints
  (pickled inside the ``.npy`` members) and whose labels are int64 arrays; written either
  by today's ``np.savez`` or as the 2017 files were, by Python 2 (protocol 2, byte strings,
  ``numpy.core.multiarray``).
- CIFAR: ``cifar-10-python.tar.gz`` with ``cifar-10-batches-py/data_batch_1..5`` and
  ``test_batch``, each a Python 2 pickle (protocol 2) of a dict with byte-string keys
  ``data`` (uint8, one row of 3,072 pixels per image, channels first), ``labels``,
  ``batch_label`` and ``filenames``; CIFAR-100 as ``cifar-100-python/train`` and ``test``
  with ``fine_labels`` and ``coarse_labels``.
- Housing: an ``.npz`` of float64 ``x`` and ``y``.
"""

from __future__ import annotations

import io
import os
import pickle
import struct
import tarfile
import zipfile
from pathlib import Path

import numpy as np


class Py2Pickler(pickle._Pickler):  # type: ignore[name-defined]
    """Writes protocol 2 as Python 2's cPickle did: every str and bytes as a byte string."""

    dispatch = pickle._Pickler.dispatch.copy()  # type: ignore[attr-defined]

    def save_bytestring(self, obj: bytes | str) -> None:
        data = obj.encode("latin-1") if isinstance(obj, str) else obj
        if len(data) < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([len(data)]) + data)
        else:
            self.write(pickle.BINSTRING + struct.pack("<i", len(data)) + data)
        self.memoize(obj)

    def save_global(self, obj: object, name: str | None = None) -> None:
        module = getattr(obj, "__module__", "")
        name = name or obj.__qualname__  # type: ignore[attr-defined]
        module = "numpy.core.multiarray" if module.startswith("numpy._core") else module
        self.write(pickle.GLOBAL + f"{module}\n{name}\n".encode())
        self.memoize(obj)

    dispatch[bytes] = save_bytestring
    dispatch[str] = save_bytestring
    dispatch[type] = save_global


def py2_pickle(value: object) -> bytes:
    out = io.BytesIO()
    Py2Pickler(out, protocol=2).dump(value)
    return out.getvalue()


def npy_bytes(array: np.ndarray, py2: bool) -> bytes:
    """One ``.npy`` member: numpy's header, then the data (object arrays as a pickle)."""
    if not py2:
        out = io.BytesIO()
        np.save(out, array, allow_pickle=True)
        return out.getvalue()
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, np.lib.format.header_data_from_array_1_0(array))
    body = py2_pickle(array) if array.dtype == object else array.tobytes()
    return header.getvalue() + body


def write_npz(path: Path, arrays: dict[str, np.ndarray], py2: bool = False) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for key, array in arrays.items():
            archive.writestr(f"{key}.npy", npy_bytes(array, py2))
    return path


def ragged(rng: np.random.RandomState, n: int, vocab: int, lengths: tuple[int, int]) -> np.ndarray:
    """``n`` word lists (Python ints, Zipf-like frequencies) of random lengths, distinct."""
    out = np.empty(n, dtype=object)
    for i in range(n):
        size = int(rng.randint(*lengths)) + i % 3  # never all of one length
        out[i] = [int(w) for w in np.minimum(rng.zipf(1.3, size), vocab)]
    return out


def write_imdb(path: Path, n_train: int = 60, n_test: int = 40, py2: bool = False) -> Path:
    rng = np.random.RandomState(0)
    return write_npz(
        path,
        {
            "x_train": ragged(rng, n_train, 300, (5, 60)),
            "y_train": rng.randint(0, 2, n_train).astype(np.int64),
            "x_test": ragged(rng, n_test, 300, (5, 60)),
            "y_test": rng.randint(0, 2, n_test).astype(np.int64),
        },
        py2,
    )


def write_reuters(path: Path, n: int = 90, py2: bool = False) -> Path:
    rng = np.random.RandomState(1)
    x = ragged(rng, n, 500, (3, 80))
    return write_npz(path, {"x": x, "y": rng.randint(0, 46, n).astype(np.int64)}, py2)


def write_housing(path: Path, rows: int, columns: int) -> Path:
    rng = np.random.RandomState(2)
    x, y = rng.rand(rows, columns) * 100, rng.rand(rows) * 50
    return write_npz(path, {"x": x, "y": y})


def _pixels(rng: np.random.RandomState, n: int) -> np.ndarray:
    """Random images; past 100, one random image shifted per row (cheap to compress)."""
    if n <= 100:
        return rng.randint(0, 256, (n, 3072)).astype(np.uint8)
    base = rng.randint(0, 256, 3072).astype(np.uint16)
    return ((base[None, :] + np.arange(n, dtype=np.uint16)[:, None]) % 256).astype(np.uint8)


def cifar_batch(rng: np.random.RandomState, n: int, labels: dict[str, int]) -> bytes:
    batch = {
        b"batch_label": b"training batch 1 of 5",
        b"data": _pixels(rng, n),
        b"filenames": [f"img_{i}.png".encode() for i in range(n)],
    }
    for key, classes in labels.items():
        batch[key.encode()] = [int(v) for v in rng.randint(0, classes, n)]
    return py2_pickle(batch)


def add_member(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def write_cifar10(path: Path, n: int = 6, members: dict[str, bytes] | None = None) -> Path:
    """A CIFAR-10 archive of ``n`` images per batch; ``members`` replace batches by name."""
    rng = np.random.RandomState(3)
    with tarfile.open(path, "w:gz", compresslevel=1) as tar:
        add_member(tar, "cifar-10-batches-py/batches.meta", py2_pickle({b"num_cases_per_batch": n}))
        for name in [*(f"data_batch_{i}" for i in range(1, 6)), "test_batch"]:
            data = (members or {}).get(name) or cifar_batch(rng, n, {"labels": 10})
            add_member(tar, f"cifar-10-batches-py/{name}", data)
    return path


def write_cifar100(path: Path, n_train: int = 12, n_test: int = 5) -> Path:
    rng = np.random.RandomState(4)
    classes = {"fine_labels": 100, "coarse_labels": 20}
    with tarfile.open(path, "w:gz") as tar:
        add_member(tar, "cifar-100-python/train", cifar_batch(rng, n_train, classes))
        add_member(tar, "cifar-100-python/test", cifar_batch(rng, n_test, classes))
        add_member(tar, "cifar-100-python/meta", py2_pickle({b"fine_label_names": [b"apple"]}))
    return path


def extract(archive: Path, folder: Path) -> Path:
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")
    return folder


class Canary:
    """A pickle that, if ever run, would create ``path`` (through ``os.system``)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple:
        return (os.system, (f"touch {self.path}",))
