"""Keras 2's backend functions on Keras 3: shapes, joining, padding and resizing.

Keras 2's argument names and defaults, run by ``keras.ops``: ``K.concatenate``
joins on the last axis, ``K.expand_dims`` adds the last axis, ``K.permute_dimensions``
takes ``pattern``, ``K.reverse`` takes ``axes``.

Example:

>>> K = backend()
>>> K.batch_flatten(np.zeros((2, 3, 4))).shape
TensorShape([2, 12])
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from kernelkeras._backend import keras
from kernelkeras.ops._classic import int_shape

ops = keras.ops


def concatenate(tensors: Sequence[Any], axis: int = -1):
    """``tensors`` joined along ``axis`` (Keras 2's default: the last axis)."""
    return ops.concatenate(list(tensors), axis=axis)


def reshape(x: Any, shape: Sequence[int]):
    """``x`` with the new ``shape`` (``-1`` once for the rest)."""
    return ops.reshape(x, tuple(shape))


def permute_dimensions(x: Any, pattern: Sequence[int]):
    """``x`` with its axes in the order ``pattern``."""
    return ops.transpose(x, axes=tuple(pattern))


def flatten(x: Any):
    """``x`` as one axis."""
    return ops.reshape(x, (-1,))


def batch_flatten(x: Any):
    """``x`` as ``(samples, everything else)``."""
    rest = int_shape(x)[1:]
    if all(d is not None for d in rest):
        return ops.reshape(x, (-1, math.prod(rest)))  # type: ignore[arg-type]
    return ops.reshape(x, (ops.shape(x)[0], -1))


def expand_dims(x: Any, axis: int = -1):
    """``x`` with a new axis of size 1 at ``axis`` (default: last)."""
    return ops.expand_dims(x, axis)


def unstack(x: Any, axis: int = 0, num: int | None = None, name: str | None = None):
    """The slices of ``x`` along ``axis``, as a list."""
    return ops.unstack(x, num=num, axis=axis)


def tile(x: Any, n: int | Sequence[int]):
    """``x`` repeated ``n`` times (per axis when ``n`` is a sequence)."""
    return ops.tile(x, n)


def repeat_elements(x: Any, rep: int, axis: int):
    """Each element of ``x`` repeated ``rep`` times along ``axis``."""
    return ops.repeat(x, rep, axis=axis)


def repeat(x: Any, n: int):
    """``(samples, dim)`` to ``(samples, n, dim)``: each row repeated ``n`` times."""
    return ops.repeat(ops.expand_dims(x, 1), n, axis=1)


def arange(start: Any, stop: Any = None, step: Any = 1, dtype: str = "int32"):
    """``start, start + step, ...`` below ``stop`` (one argument: ``0`` to ``start``)."""
    return ops.arange(start, stop, step, dtype=dtype)


def reverse(x: Any, axes: int | Sequence[int]):
    """``x`` reversed along ``axes``."""
    return ops.flip(x, axis=tuple(axes) if isinstance(axes, (list, tuple)) else axes)


def one_hot(indices: Any, num_classes: int):
    """``indices`` as one-hot vectors on a new last axis."""
    return ops.one_hot(indices, num_classes)


def _channels_last(data_format: str | None) -> bool:
    data_format = data_format or keras.config.image_data_format()
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(
            f"data_format must be 'channels_last' or 'channels_first', not {data_format!r}."
        )
    return data_format == "channels_last"


def temporal_padding(x: Any, padding: Sequence[int] = (1, 1)):
    """Zeros before and after the middle axis of a 3D tensor."""
    return ops.pad(x, [(0, 0), tuple(padding), (0, 0)])


def _spatial_padding(x: Any, padding: Sequence[Sequence[int]], data_format: str | None):
    pads = [(0, 0), *(tuple(p) for p in padding)]
    return ops.pad(x, [*pads, (0, 0)] if _channels_last(data_format) else [(0, 0), *pads])


def spatial_2d_padding(
    x: Any, padding: Sequence[Sequence[int]] = ((1, 1), (1, 1)), data_format: str | None = None
):
    """Zeros around the rows and columns of a 4D tensor."""
    return _spatial_padding(x, padding, data_format)


def spatial_3d_padding(
    x: Any,
    padding: Sequence[Sequence[int]] = ((1, 1), (1, 1), (1, 1)),
    data_format: str | None = None,
):
    """Zeros around the three spatial axes of a 5D tensor."""
    return _spatial_padding(x, padding, data_format)


def _repeat_axes(x: Any, factors: Sequence[int], data_format: str | None):
    first = 1 if _channels_last(data_format) else 2
    for i, factor in enumerate(factors):
        x = ops.repeat(x, factor, axis=first + i)
    return x


def resize_images(
    x: Any,
    height_factor: int,
    width_factor: int,
    data_format: str | None = None,
    interpolation: str = "nearest",
):
    """Rows and columns of a 4D tensor scaled by integer factors."""
    if interpolation == "nearest":
        return _repeat_axes(x, (height_factor, width_factor), data_format)
    last = _channels_last(data_format)
    height, width = int_shape(x)[1:3] if last else int_shape(x)[2:4]
    if height is None or width is None:
        raise ValueError(
            f"resize_images(interpolation={interpolation!r}) needs known rows and columns; "
            f"x has shape {int_shape(x)}."
        )
    size = (height * height_factor, width * width_factor)
    data_format = "channels_last" if last else "channels_first"
    return ops.image.resize(x, size, interpolation=interpolation, data_format=data_format)


def resize_volumes(
    x: Any, depth_factor: int, height_factor: int, width_factor: int, data_format: str | None = None
):
    """The three spatial axes of a 5D tensor scaled by integer factors (nearest)."""
    return _repeat_axes(x, (depth_factor, height_factor, width_factor), data_format)
