"""Splitting data in two (train / test): R's ``split_dataset`` over ``keras.utils.split_dataset``.

Sizes follow R: a number below 1 is a fraction, from 1 on a count of samples, so
``left_size = 800`` (a double in R, ``800.0`` here) means 800 samples. numpy numbers
are taken (Keras itself refuses ``np.float64(0.8)``), and pandas frames become arrays.
"""

from __future__ import annotations

from typing import Any

from kernelkeras._backend import keras
from kernelkeras._text import shown
from kernelkeras.preprocessing._args import flag, plain, real, whole

_FN = "split_dataset"


def split_dataset(
    dataset: Any,
    left_size: float | None = None,
    right_size: float | None = None,
    shuffle: bool = False,
    seed: int | None = None,
    **kwargs: Any,
) -> tuple[Any, Any]:
    """Splits ``dataset`` in two ``tf.data.Dataset`` (``keras.utils.split_dataset``).

    Args:
        dataset: an array, a tuple/list of arrays of the same length (``(x, y)``), or a
            ``tf.data.Dataset``.
        left_size: the left part: a fraction below 1, or a number of samples from 1 on;
            None for what ``right_size`` leaves.
        right_size: the right part, likewise; None for what ``left_size`` leaves.
        shuffle: whether to shuffle the samples before splitting.
        seed: the random seed for ``shuffle``.
        **kwargs: other arguments of the Keras function (``preferred_backend=``).

    Returns:
        A tuple ``(left, right)`` of datasets.

    Example:

    >>> train, test = split_dataset((np.zeros((10, 2)), np.arange(10)), left_size=0.8)
    >>> int(train.cardinality()), int(test.cardinality())
    (8, 2)
    """
    if left_size is None and right_size is None:
        raise ValueError(
            f"{_FN}(): pass left_size or right_size (a fraction below 1, or a number of "
            "samples), e.g. left_size=0.8."
        )
    if isinstance(dataset, (str, bytes)) or dataset is None:
        raise TypeError(
            f"{_FN}(): dataset must be arrays or a tf.data.Dataset, got {shown(dataset)}."
        )
    if isinstance(dataset, (list, tuple)):
        dataset = type(dataset)(_array(part) for part in dataset)
    else:
        dataset = _array(dataset)
    left, right = keras.utils.split_dataset(
        dataset,
        left_size=_size(left_size, "left_size"),
        right_size=_size(right_size, "right_size"),
        shuffle=flag(shuffle, "shuffle", _FN),
        seed=whole(seed, "seed", _FN, none=True),
        **{k: plain(v) for k, v in kwargs.items()},
    )
    return left, right


def _size(value: Any, arg: str) -> Any:
    number = real(value, arg, _FN, low=0, none=True, open_low=True)
    if number is None or number < 1:
        return number
    return whole(value, arg, _FN, minimum=1)


def _array(part: Any) -> Any:
    to_numpy = getattr(part, "to_numpy", None)  # pandas DataFrame / Series
    return to_numpy() if callable(to_numpy) and not hasattr(part, "cardinality") else part
