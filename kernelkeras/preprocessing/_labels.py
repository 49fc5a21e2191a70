"""Turning class labels into one-hot targets."""

from __future__ import annotations

from typing import Any

import numpy as np


def to_categorical(y: Any, num_classes: int | None = None, dtype: str = "float32") -> np.ndarray:
    """Converts integer class labels to one-hot rows (``keras.utils.to_categorical``).

    Labels are checked first: they must be whole numbers from 0 to ``num_classes - 1``.

    Args:
        y: class labels, e.g. ``[7, 2, 1]``.
        num_classes: the number of classes; defaults to ``max(y) + 1``.
        dtype: the type of the result.

    Example:

    >>> to_categorical([0, 2], 3)
    array([[1., 0., 0.],
           [0., 0., 1.]], dtype=float32)
    """
    labels = np.asarray(y)
    if labels.size == 0:
        raise ValueError("to_categorical(): y is empty; pass the class labels to encode.")
    if not np.issubdtype(labels.dtype, np.number) or np.issubdtype(
        labels.dtype, np.complexfloating
    ):
        raise TypeError(
            f"to_categorical(): labels must be integers, got {labels.dtype} values such as "
            f"{labels.flat[0]!r}. Map them to 0..k-1 first."
        )
    if not np.all(np.equal(np.mod(labels, 1), 0)):
        raise ValueError(
            "to_categorical(): labels must be whole numbers (class indices); got fractional "
            "values. Did you pass probabilities? Use predict_classes() or np.argmax first."
        )
    labels = labels.astype("int64")
    if labels.ndim > 1 and labels.shape[-1] == 1:
        labels = labels[..., 0]
    low, high = int(labels.min()), int(labels.max())
    if low < 0:
        raise ValueError(f"to_categorical(): labels must be >= 0, got {low}.")
    if num_classes is None:
        num_classes = high + 1
    elif high >= num_classes:
        raise ValueError(
            f"to_categorical(): label {high} does not fit num_classes={num_classes} "
            f"(labels must be 0 to {num_classes - 1}). Pass num_classes={high + 1}, or "
            "check the labels."
        )
    return np.eye(num_classes, dtype=dtype)[labels]
