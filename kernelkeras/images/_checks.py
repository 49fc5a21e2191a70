"""Checks of the arguments the image functions share: sizes, data formats, image arrays.

Each returns the value in the form Keras takes, or raises an error that names the
function, the argument and the fix.

Example:

>>> size_arg((224, 224), "image_load", "target_size")
(224, 224)
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from kernelkeras._text import shown

DATA_FORMATS = ("channels_last", "channels_first")


def data_format_arg(value: Any, func: str) -> str | None:
    """``None`` (Keras' setting), ``"channels_last"`` or ``"channels_first"``."""
    if value is None or (isinstance(value, str) and value in DATA_FORMATS):
        return value
    raise ValueError(
        f"{func}(): data_format should be 'channels_last' (height, width, channels), "
        f"'channels_first' or None; got {shown(value)}."
    )


def size_arg(value: Any, func: str, arg: str) -> tuple[int, int]:
    """A ``(height, width)`` pair of positive whole numbers (R's ``c(h, w)``)."""
    try:
        items = list(value)
    except TypeError:
        items = []
    whole = all(
        isinstance(v, numbers.Integral) and not isinstance(v, bool) and int(v) > 0 for v in items
    )
    if len(items) != 2 or not whole:
        raise ValueError(
            f"{func}(): {arg} should be (height, width), two positive whole numbers, "
            f"e.g. {arg}=(224, 224); got {shown(value)}."
        )
    return int(items[0]), int(items[1])


def choice_arg(value: Any, func: str, arg: str, choices: tuple[str, ...]) -> str:
    """One of ``choices``, or a ``ValueError`` listing them."""
    if isinstance(value, str) and value in choices:
        return value
    listed = ", ".join(repr(c) for c in choices)
    raise ValueError(f"{func}(): {arg} should be one of {listed}; got {shown(value)}.")


def image_array(
    x: Any,
    func: str,
    data_format: str | None,
    ranks: tuple[int, ...] = (3,),
    any_channels: bool = False,
) -> np.ndarray:
    """``x`` as a finite numeric NumPy array of one of ``ranks`` (3: one image, 4: a batch).

    Arrays, lists, PIL images and eager tensors are accepted. One image must have 1, 3
    or 4 channels unless ``any_channels``.
    """
    if hasattr(x, "numpy") and not isinstance(x, np.ndarray):
        x = x.numpy()
    array = np.asarray(x)
    if array.dtype == object or not (np.issubdtype(array.dtype, np.number) or array.dtype == bool):
        raise TypeError(
            f"{func}(): x should be an array of pixel values; got {array.dtype} values "
            f"({type(x).__name__})."
        )
    if array.ndim not in ranks:
        wanted = " or ".join(
            {3: "3 (height, width, channels)", 4: "4 (images, height, width, channels)"}[r]
            for r in ranks
        )
        hint = ""
        if array.ndim == 4 and array.shape[0] == 1 and 3 in ranks:
            hint = " It is a batch of one image: pass x[0]."
        elif array.ndim == 2:
            hint = " For a grey image add a channel axis: x[..., None]."
        raise ValueError(f"{func}(): x should have rank {wanted}; got shape {array.shape}.{hint}")
    channels = array.shape[1 if data_format == "channels_first" and array.ndim == 3 else -1]
    if array.ndim == 3 and channels not in (1, 3, 4) and not any_channels:
        raise ValueError(
            f"{func}(): an image has 1 (grey), 3 (RGB) or 4 (RGBA) channels; x has shape "
            f"{array.shape}, {channels} channels on the "
            f"{'first' if data_format == 'channels_first' else 'last'} axis. Check "
            "data_format."
        )
    if np.issubdtype(array.dtype, np.floating) and not np.all(np.isfinite(array)):
        bad = int(np.size(array) - np.count_nonzero(np.isfinite(array)))
        raise ValueError(
            f"{func}(): x has {bad:,} NaN or infinite values; an image needs finite pixel "
            "values (replace them, e.g. np.nan_to_num(x))."
        )
    return array
