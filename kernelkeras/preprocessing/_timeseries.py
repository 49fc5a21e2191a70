"""Sliding windows over a series: R's ``timeseries_dataset_from_array``.

A wrapper of ``keras.utils.timeseries_dataset_from_array`` with R's arguments, taking
R's numbers (``batch_size = 32`` is a double in R) and checking what Keras lets through:
a window longer than the data gives an empty dataset in Keras, an error here.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kernelkeras._backend import keras
from kernelkeras._text import shown
from kernelkeras.preprocessing._args import flag, plain, whole

_FN = "timeseries_dataset_from_array"


def timeseries_dataset_from_array(
    data: Any,
    targets: Any,
    sequence_length: int,
    sequence_stride: int = 1,
    sampling_rate: int = 1,
    batch_size: int | None = 128,
    shuffle: bool = False,
    seed: int | None = None,
    start_index: int | None = None,
    end_index: int | None = None,
    **kwargs: Any,
) -> Any:
    """A ``tf.data.Dataset`` of windows over ``data`` (Keras' function of this name).

    Window ``i`` holds ``data[s], data[s + sampling_rate], ...`` (``sequence_length``
    steps) with ``s = start_index + i * sequence_stride``; with ``targets``, it is paired
    with ``targets[s]``. Indices are 0-based, as everywhere in Python.

    Args:
        data: an array (or list) whose first axis is time.
        targets: one target per time step, or None for windows alone.
        sequence_length: steps per window.
        sequence_stride: steps between the starts of two windows.
        sampling_rate: steps between two items of a window.
        batch_size: windows per batch; None for single windows.
        shuffle: whether to shuffle the windows.
        seed: the random seed for ``shuffle``.
        start_index: the first step used (0-based).
        end_index: the step after the last one used (exclusive), below ``len(data)``.
        **kwargs: other arguments of the Keras function (``format=``).

    Returns:
        A ``tf.data.Dataset`` of ``(windows, targets)`` batches, or of windows alone.

    Example:

    >>> ds = timeseries_dataset_from_array(np.arange(20), np.arange(10, 20), sequence_length=10)
    >>> x, y = next(iter(ds))
    >>> x.shape, int(y[0])
    (TensorShape([10, 10]), 10)
    """
    if isinstance(data, (list, tuple)):
        data = np.asarray(data)
    if isinstance(targets, (list, tuple)):
        targets = np.asarray(targets)
    if not hasattr(data, "__len__") or isinstance(data, (str, bytes)) or np.ndim(data) == 0:
        raise TypeError(
            f"{_FN}(): data must be an array whose first axis is time, got {shown(data)}."
        )
    length = whole(sequence_length, "sequence_length", _FN, minimum=1)
    stride = whole(sequence_stride, "sequence_stride", _FN, minimum=1)
    rate = whole(sampling_rate, "sampling_rate", _FN, minimum=1)
    start = whole(start_index, "start_index", _FN, minimum=0, none=True)
    end = whole(end_index, "end_index", _FN, minimum=1, none=True)
    span = (end if end is not None else len(data)) - (start or 0)
    needed = (length - 1) * rate + 1
    if needed > span:
        raise ValueError(
            f"{_FN}(): a window of sequence_length={length} steps every sampling_rate={rate} "
            f"spans {needed} steps, but the data used has {span}; no window fits. Use a "
            "shorter sequence_length or more data."
        )
    if targets is not None and (not hasattr(targets, "__len__") or np.ndim(targets) == 0):
        raise TypeError(
            f"{_FN}(): targets must be an array (one per step) or None, got {shown(targets)}."
        )
    return keras.utils.timeseries_dataset_from_array(
        data,
        targets,
        sequence_length=length,
        sequence_stride=stride,
        sampling_rate=rate,
        batch_size=whole(batch_size, "batch_size", _FN, minimum=1, none=True),
        shuffle=flag(shuffle, "shuffle", _FN),
        seed=whole(seed, "seed", _FN, none=True),
        start_index=start,
        end_index=end,
        **{k: plain(v) for k, v in kwargs.items()},
    )
