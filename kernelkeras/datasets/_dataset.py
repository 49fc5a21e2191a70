"""What every ``dataset_*`` loader returns: R's ``train$x``, ``train$y``, ``test$x``, ``test$y``.

A :class:`Dataset` holds two :class:`Split` s. Both read as R's lists do
(``imdb.train.x``) and can be changed in place as R code does
(``imdb.train.x = pad_sequences(imdb.train.x, maxlen=80)``), and both unpack as
Keras' tuples: ``(x_train, y_train), (x_test, y_test) = dataset_imdb()``.

Example:

>>> import numpy as np
>>> data = Dataset(Split(np.zeros((2, 3)), np.arange(2)), Split(np.zeros((1, 3)), np.arange(1)))
>>> (x_train, y_train), (x_test, y_test) = data
>>> data.train.x.shape, len(data.test.y)
((2, 3), 1)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def _described(value: Any) -> str:
    """``uint8 array (60000, 28, 28)``, ``object array (25000,) of lists``, ``list of 3``."""
    shape = getattr(value, "shape", None)
    dtype = getattr(value, "dtype", None)
    if shape is not None and dtype is not None:
        text = f"{dtype} array {tuple(shape)}"
        return text + " of lists" if str(dtype) == "object" else text
    if isinstance(value, (list, tuple)):
        return f"{type(value).__name__} of {len(value):,}"
    return type(value).__name__


class _Pair:
    """Two named values that also unpack and index as a 2-tuple."""

    __slots__: tuple[str, ...] = ()

    def _values(self) -> tuple[Any, Any]:
        first, second = (getattr(self, name) for name in self.__slots__)
        return first, second

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values())

    def __len__(self) -> int:
        return 2

    def __getitem__(self, index: int) -> Any:
        return self._values()[index]


class Split(_Pair):
    """One part of a dataset: inputs ``x`` and targets ``y`` (R's ``train$x``, ``train$y``)."""

    __slots__ = ("x", "y")

    def __init__(self, x: Any, y: Any) -> None:
        self.x = x
        self.y = y

    def __repr__(self) -> str:
        return f"Split(x: {_described(self.x)}, y: {_described(self.y)})"


class Dataset(_Pair):
    """A train/test dataset; unpacks as Keras' ``((x_train, y_train), (x_test, y_test))``."""

    __slots__ = ("train", "test")  # noqa: RUF023 - the order they unpack in

    def __init__(self, train: Split, test: Split) -> None:
        self.train = train
        self.test = test

    def __repr__(self) -> str:
        return f"Dataset(\n  train={self.train!r},\n  test={self.test!r},\n)"
