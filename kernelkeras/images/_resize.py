"""Resizing image arrays: ``image_array_resize`` (R keras 2017) and ``image_smart_resize``.

``image_array_resize(img, height, width)`` stretches an image or a batch of images to a
new size (``keras.ops.image.resize``); ``image_smart_resize(x, size)`` first crops the
centre to the target's aspect ratio, so nothing is distorted
(``keras.preprocessing.image.smart_resize``). Both take NumPy arrays and return them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kernelkeras._backend import keras
from kernelkeras._text import shown
from kernelkeras.images._checks import (
    DATA_FORMATS,
    choice_arg,
    data_format_arg,
    image_array,
    size_arg,
)

RESIZE_INTERPOLATIONS = ("bilinear", "nearest", "bicubic")
SMART_INTERPOLATIONS = ("bilinear", "nearest", "bicubic", "lanczos3", "lanczos5")


def image_array_resize(
    img: Any,
    height: int,
    width: int,
    data_format: str | None = None,
    interpolation: str = "bilinear",
) -> np.ndarray:
    """Resizes an image array, or a batch of them, to ``height`` x ``width``.

    The aspect ratio is not kept (see :func:`image_smart_resize` for that). R keras
    2017 interpolated with SciPy's ``zoom(order=1)``; this is ``keras.ops.image.resize``
    (half-pixel centres), so edge pixels can differ slightly from R's.

    Args:
        img: one image (height, width, channels) or a batch (images, height, width,
            channels), as from :func:`image_to_array`.
        height: the new height in pixels.
        width: the new width in pixels.
        data_format: ``"channels_last"``, ``"channels_first"`` or None (Keras' setting).
        interpolation: ``"bilinear"`` (R's), ``"nearest"`` or ``"bicubic"``.

    Returns:
        A float32 NumPy array of the same rank.

    Example:

    >>> image_array_resize(np.zeros((4, 6, 3)), height=2, width=3).shape
    (2, 3, 3)
    """
    func = "image_array_resize"
    data_format = data_format_arg(data_format, func)
    array = image_array(img, func, data_format, ranks=(3, 4), any_channels=True)
    size = size_arg((height, width), func, "height and width")
    interpolation = choice_arg(interpolation, func, "interpolation", RESIZE_INTERPOLATIONS)
    resized = keras.ops.image.resize(
        array.astype(keras.config.floatx(), copy=False),
        size,
        interpolation=interpolation,
        data_format=data_format,
    )
    return np.asarray(keras.ops.convert_to_numpy(resized))


def image_smart_resize(
    x: Any,
    size: tuple[int, int],
    interpolation: str = "bilinear",
    data_format: str = "channels_last",
) -> np.ndarray:
    """Resizes images to ``size`` without distorting them (crop the centre, then resize).

    The largest centred crop with the target's aspect ratio is resized to ``size``
    (``keras.preprocessing.image.smart_resize``): a 340 x 500 image and
    ``size=(200, 200)`` give the 340 x 340 centre, resized.

    Args:
        x: one image (height, width, channels) or a batch (images, height, width, channels).
        size: ``(height, width)`` of the result.
        interpolation: ``"bilinear"``, ``"nearest"``, ``"bicubic"``, ``"lanczos3"`` or
            ``"lanczos5"``.
        data_format: ``"channels_last"`` or ``"channels_first"``.

    Example:

    >>> image_smart_resize(np.zeros((340, 500, 3)), size=(200, 200)).shape
    (200, 200, 3)
    """
    func = "image_smart_resize"
    if data_format not in DATA_FORMATS:
        raise ValueError(
            f"{func}(): data_format should be 'channels_last' or 'channels_first'; "
            f"got {shown(data_format)}."
        )
    array = image_array(x, func, data_format, ranks=(3, 4), any_channels=True)
    target = size_arg(size, func, "size")
    interpolation = choice_arg(interpolation, func, "interpolation", SMART_INTERPOLATIONS)
    result = keras.preprocessing.image.smart_resize(
        array, target, interpolation=interpolation, data_format=data_format
    )
    return np.asarray(result)
