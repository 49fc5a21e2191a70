"""House prices for regression: Boston (1970s suburbs) and California (1990 census districts)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from kernelkeras._text import shown
from kernelkeras.datasets._dataset import Dataset, Split
from kernelkeras.datasets._sequences import fraction, read_npz, whole
from kernelkeras.datasets._source import KERAS_DATASETS, Remote, locate

BOSTON = Remote(
    "dataset_boston_housing",
    "the Boston housing file (Keras' boston_housing.npz)",
    KERAS_DATASETS + "boston_housing.npz",
    "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5",
    cache=("boston_housing.npz",),
)
CALIFORNIA = Remote(
    "dataset_california_housing",
    "the California housing file (Keras' california_housing.npz)",
    KERAS_DATASETS + "california_housing.npz",
    "1a2e3a52e0398de6463aebe6f4a8da34fb21fbb6b934cf88c3425e766f2a1a6f",
    cache=("california_housing.npz",),
)


def _split(
    remote: Remote, path: Any, columns: int, test_split: Any, seed: Any, rows: int | None
) -> Dataset:
    """Keras' housing loaders: read x and y, keep ``rows``, shuffle with ``seed``, split."""
    verb = remote.verb
    test_split = fraction(test_split, "test_split", verb)
    seed = whole(seed, "seed", verb, 0)
    found = locate(path, remote)
    arrays = read_npz(found.file, ("x", "y"), remote)
    x, y = arrays["x"], arrays["y"]
    if (
        x.ndim != 2
        or x.shape[1] != columns
        or y.shape != (len(x),)
        or x.dtype.kind + y.dtype.kind != "ff"
    ):
        raise ValueError(
            f"{verb}(): {found.file} is not {remote.what}: x should be floats of {columns} "
            f"columns and y one float per row (x {x.dtype} {x.shape}, y {y.dtype} {y.shape})."
        )
    if rows is not None:
        x, y = x[:rows], y[:rows]
    rng = np.random.RandomState(seed)  # Keras' shuffle and split, step for step
    indices = np.arange(len(x))
    rng.shuffle(indices)
    x, y = x[indices], y[indices]
    idx = int(len(x) * (1 - test_split))
    return Dataset(
        Split(np.array(x[:idx]), np.array(y[:idx])), Split(np.array(x[idx:]), np.array(y[idx:]))
    )


def dataset_boston_housing(
    path: str | Path = "boston_housing.npz", test_split: float = 0.2, seed: int = 113
) -> Dataset:
    """Loads the Boston housing prices: 506 suburbs, 13 attributes, median value in k$.

    The same arrays as ``keras.datasets.boston_housing.load_data()``: ``x`` float
    ``(n, 13)``, ``y`` float ``(n,)``. (Keras warns that the dataset has an ethical
    problem: its attribute "B" encodes an assumption about race.)

    Args:
        path: a file name in the Keras cache (checked by its published sha256, downloaded
            if missing), or the path of your copy.
        test_split: the fraction of rows, after the shuffle, kept for the test set.
        seed: the seed of the shuffle.

    Returns:
        A :class:`Dataset` (``.train.x``, ``.train.y``, ``.test.x``, ``.test.y``).

    Raises:
        OfflineError: no copy and no network (at once, with the URL and the cache path).

    Example:

    >>> (x_train, y_train), (x_test, y_test) = dataset_boston_housing()
    >>> x_train.shape
    (404, 13)
    """
    return _split(BOSTON, path, 13, test_split, seed, None)


def dataset_california_housing(
    version: str = "large",
    path: str | Path = "california_housing.npz",
    test_split: float = 0.2,
    seed: int = 113,
) -> Dataset:
    """Loads the California housing prices: 20,640 districts, 8 features, value in dollars.

    The same arrays as ``keras.datasets.california_housing.load_data()``.

    Args:
        version: ``"large"`` (all 20,640 districts) or ``"small"`` (the first 600, a
            replacement for the Boston data).
        path: a file name in the Keras cache (checked by its published sha256, downloaded
            if missing), or the path of your copy.
        test_split: the fraction of rows, after the shuffle, kept for the test set.
        seed: the seed of the shuffle.

    Example:

    >>> housing = dataset_california_housing(version="small")
    >>> housing.train.x.shape
    (480, 8)
    """
    if version not in ("large", "small"):
        raise ValueError(
            "dataset_california_housing(): version should be 'large' or 'small'; "
            f"got {shown(version)}."
        )
    return _split(CALIFORNIA, path, 8, test_split, seed, 600 if version == "small" else None)
