"""Fashion-MNIST: Zalando's 28x28 article images, read from the four IDX files Keras uses."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path
from typing import Any

import numpy as np

from kernelkeras.datasets._dataset import Dataset, Split
from kernelkeras.datasets._download import OfflineError, cache_root, download
from kernelkeras.datasets._files import dataset_path
from kernelkeras.datasets._source import KERAS_DATASETS

#: The four files, in Keras' order, with the IDX magic number each must start with.
FILES = {
    "train-labels-idx1-ubyte.gz": 0x801,
    "train-images-idx3-ubyte.gz": 0x803,
    "t10k-labels-idx1-ubyte.gz": 0x801,
    "t10k-images-idx3-ubyte.gz": 0x803,
}
#: Debian's package `dataset-fashion-mnist` installs the same files here.
DEBIAN_FOLDER = Path("/usr/share/datasets/fashion-mnist")
#: Fashion-MNIST's classes, label 0 to 9.
CLASSES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)  # fmt: skip
_MAX_ITEMS = 100_000


def read_idx(path: Path, magic: int) -> np.ndarray:
    """The uint8 array in the gzipped IDX file ``path`` (labels: (n,), images: (n, 28, 28))."""
    rank = magic & 0xFF
    try:
        with gzip.open(path, "rb") as f:
            header = f.read(4 + 4 * rank)
            dims = [int.from_bytes(header[4 + 4 * i : 8 + 4 * i], "big") for i in range(rank)]
            if int.from_bytes(header[:4], "big") != magic or len(header) < 4 + 4 * rank:
                raise ValueError(
                    f"it does not start as an IDX file of rank {rank} (magic {magic:#06x})"
                )
            if not 0 < dims[0] <= _MAX_ITEMS or dims[1:] not in ([], [28, 28]):
                raise ValueError(f"its dimensions {dims} are not Fashion-MNIST's")
            size = int(np.prod(dims))
            body = f.read(size + 1)
    except (OSError, EOFError, zlib.error) as err:
        raise ValueError(f"Fashion-MNIST file {path} cannot be read ({err}).") from None
    except ValueError as err:
        raise ValueError(f"Fashion-MNIST file {path}: {err}.") from None
    if len(body) != size:
        raise ValueError(
            f"Fashion-MNIST file {path} holds {len(body):,} bytes of data, not {size:,}."
        )
    return np.frombuffer(body, dtype=np.uint8).reshape(dims)


def _offline(cache: Path, missing: list[str], why: str) -> str:
    urls = "\n".join(f"  {KERAS_DATASETS}{name}" for name in missing)
    return (
        f"dataset_fashion_mnist(): Fashion-MNIST is not in the Keras cache and cannot be "
        f"downloaded ({why}). Either download, where there is internet access,\n{urls}\n"
        f"into the folder\n  {cache}\nor on Debian install the package with "
        "`apt-get install dataset-fashion-mnist` (read from its folder, "
        f"{DEBIAN_FOLDER}), or pass the folder of the four files you have: "
        "dataset_fashion_mnist(path='/path/to/fashion-mnist')."
    )


def _folder(path: Any) -> Path:
    """The folder holding the four files: yours, the Keras cache, Debian's, or downloaded."""
    if path is not None:
        folder = dataset_path(path, "dataset_fashion_mnist").expanduser()
        missing = [name for name in FILES if not (folder / name).is_file()]
        if missing:
            raise FileNotFoundError(
                f"dataset_fashion_mnist(): path should be a folder holding {', '.join(FILES)}; "
                f"{folder} lacks {', '.join(missing)}."
            )
        return folder
    cache = cache_root() / "datasets" / "fashion-mnist"
    for folder in (cache, DEBIAN_FOLDER):
        if all((folder / name).is_file() for name in FILES):
            return folder
    missing = [name for name in FILES if not (cache / name).is_file()]
    for name in missing:
        try:
            download(KERAS_DATASETS + name, cache / name)
        except OfflineError as err:
            raise OfflineError(_offline(cache, missing, str(err))) from None
        except ConnectionError as err:
            raise ConnectionError(f"dataset_fashion_mnist(): {err}") from None
    return cache


def dataset_fashion_mnist(path: str | Path | None = None) -> Dataset:
    """Loads Fashion-MNIST: 60,000 training and 10,000 test images of 10 kinds of article.

    Images are 28x28 grey pixels (uint8, 0-255), labels uint8 0-9: T-shirt/top,
    Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot
    (``CLASSES``). The same arrays as ``keras.datasets.fashion_mnist.load_data()``.

    Args:
        path: a folder holding the four ``*-ubyte.gz`` files. Without it they come from
            the Keras cache (``KERAS_HOME/datasets/fashion-mnist``), else from Debian's
            package ``dataset-fashion-mnist``, else they are downloaded into the cache.

    Returns:
        A :class:`Dataset`: ``.train.x``, ``.train.y``, ``.test.x``, ``.test.y``; it also
        unpacks as ``(x_train, y_train), (x_test, y_test)``.

    Raises:
        OfflineError: (a ``ConnectionError``) no files and no network, raised at once.
        ValueError: a file is not a Fashion-MNIST IDX file (the message names it).

    Example:

    >>> fashion = dataset_fashion_mnist()
    >>> fashion.train.x.shape, fashion.test.y[:3].tolist()
    ((60000, 28, 28), [9, 2, 1])
    """
    folder = _folder(path)
    y_train, x_train, y_test, x_test = (read_idx(folder / n, m) for n, m in FILES.items())
    for x, y, part in ((x_train, y_train, "train"), (x_test, y_test, "t10k")):
        if x.ndim != 3 or y.ndim != 1 or len(x) != len(y):
            raise ValueError(
                f"dataset_fashion_mnist(): {folder}: the {part} images and labels differ in number."
            )
        if y.max(initial=0) > 9:
            raise ValueError(f"dataset_fashion_mnist(): {folder}: {part} labels go beyond 9.")
    return Dataset(Split(x_train, y_train), Split(x_test, y_test))
