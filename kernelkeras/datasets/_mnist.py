"""MNIST handwritten digits, bundled with the package (no download)."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path
from typing import NamedTuple

import numpy as np

#: The bundled file, built by ``scripts/build_mnist.py`` from the original IDX files.
MNIST_PATH = Path(__file__).with_name("mnist.npz")
#: sha256 of the bundled ``mnist.npz``; checked on every load.
NPZ_SHA256 = "06af5dfe73b70e3bc1c36439982b18a8d76803db9b544f6fdf838a37fbb01b64"
_SHAPES = {
    "x_train": (60000, 28, 28),
    "y_train": (60000,),
    "x_test": (10000, 28, 28),
    "y_test": (10000,),
}


class Split(NamedTuple):
    """One part of a dataset: inputs ``x`` and targets ``y``."""

    x: np.ndarray
    y: np.ndarray


class Dataset(NamedTuple):
    """A train/test dataset; unpacks as Keras' ``((x_train, y_train), (x_test, y_test))``."""

    train: Split
    test: Split


def _restore_hint(path: Path) -> str:
    if path == MNIST_PATH:
        return (
            "Restore it by reinstalling kernelkeras "
            "(`pip install --force-reinstall --no-deps kernelkeras`), or in a source checkout "
            "with `git checkout -- kernelkeras/datasets/mnist.npz`."
        )
    return f"Replace {path} with an intact copy of kernelkeras' mnist.npz."


def dataset_mnist(path: str | Path | None = None) -> Dataset:
    """Loads the MNIST digits that ship with kernelkeras.

    60,000 training and 10,000 test images of 28x28 grey pixels (uint8, 0-255)
    with their labels (uint8, 0-9). The file is checked (sha256, shapes, dtypes)
    before it is used, so a damaged file raises instead of giving wrong data.

    Args:
        path: another copy of kernelkeras' ``mnist.npz``; defaults to the bundled one.

    Returns:
        A :class:`Dataset`: ``mnist.train.x``, ``mnist.train.y``, ``mnist.test.x``,
        ``mnist.test.y``; it also unpacks as ``(x_train, y_train), (x_test, y_test)``.

    Raises:
        FileNotFoundError: the file is missing.
        ValueError: the file is damaged or is not kernelkeras' MNIST.

    Example:

    >>> mnist = dataset_mnist()
    >>> (x_train, y_train), (x_test, y_test) = mnist
    >>> x_train.shape, y_test[:3].tolist()
    ((60000, 28, 28), [7, 2, 1])
    """
    file = Path(path) if path is not None else MNIST_PATH
    try:
        blob = file.read_bytes()
    except FileNotFoundError:
        raise FileNotFoundError(f"MNIST file not found: {file}. {_restore_hint(file)}") from None
    digest = hashlib.sha256(blob).hexdigest()
    if digest != NPZ_SHA256:
        raise ValueError(
            f"MNIST file {file} is damaged or not kernelkeras' MNIST "
            f"(sha256 {digest[:12]}… expected {NPZ_SHA256[:12]}…). {_restore_hint(file)}"
        )
    try:
        with np.load(file) as npz:
            arrays = {key: npz[key] for key in _SHAPES}
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as err:  # pragma: no cover
        raise ValueError(
            f"MNIST file {file} cannot be read ({err}). {_restore_hint(file)}"
        ) from None
    for key, shape in _SHAPES.items():
        if arrays[key].shape != shape or arrays[key].dtype != np.uint8:  # pragma: no cover
            raise ValueError(f"MNIST file {file}: {key} is malformed. {_restore_hint(file)}")
    return Dataset(
        train=Split(arrays["x_train"], arrays["y_train"]),
        test=Split(arrays["x_test"], arrays["y_test"]),
    )
