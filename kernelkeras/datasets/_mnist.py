"""MNIST handwritten digits, bundled with the package (no download)."""

from __future__ import annotations

from pathlib import Path

from kernelkeras.datasets._dataset import Dataset, Split
from kernelkeras.datasets._files import dataset_path, open_npz, read_verified, restore_hint

#: The bundled file, built by ``scripts/build_mnist.py`` from the original IDX files.
MNIST_PATH = Path(__file__).with_name("mnist.npz")
#: sha256 of the bundled ``mnist.npz``; checked on every load.
NPZ_SHA256 = "06af5dfe73b70e3bc1c36439982b18a8d76803db9b544f6fdf838a37fbb01b64"
_ARRAYS: dict[str, tuple[tuple[int, ...], str]] = {
    "x_train": ((60000, 28, 28), "uint8"),
    "y_train": ((60000,), "uint8"),
    "x_test": ((10000, 28, 28), "uint8"),
    "y_test": ((10000,), "uint8"),
}


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
        TypeError: ``path`` is not a str or ``pathlib.Path``.
        FileNotFoundError: the file is missing.
        ChecksumError: (a ``ValueError``) the file is damaged or is not kernelkeras'
            MNIST; the message names the file, both digests and how to restore it.

    Example:

    >>> mnist = dataset_mnist()
    >>> (x_train, y_train), (x_test, y_test) = mnist
    >>> x_train.shape, y_test[:3].tolist()
    ((60000, 28, 28), [7, 2, 1])
    """
    file = dataset_path(path, "dataset_mnist") if path is not None else MNIST_PATH
    fix = restore_hint(file, MNIST_PATH)
    blob = read_verified(file, NPZ_SHA256, what="MNIST file", fix=fix)
    arrays = open_npz(blob, file, _ARRAYS, fix)
    return Dataset(
        train=Split(arrays["x_train"], arrays["y_train"]),
        test=Split(arrays["x_test"], arrays["y_test"]),
    )
