"""Padding sequences to one length: R's ``pad_sequences`` over ``keras.utils.pad_sequences``.

The sequences are checked before Keras sees them, so the mistakes Keras lets through
(texts instead of sequences, fractions that an integer ``dtype`` would cut, numbers that
do not fit the ``dtype``) give a message with the fix instead of wrong numbers.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from kernelkeras._backend import keras
from kernelkeras._text import shown
from kernelkeras.preprocessing._args import choice, whole
from kernelkeras.preprocessing._pipe import Pending

_FN = "pad_sequences"


def pad_sequences(
    sequences: Any = None,
    maxlen: int | None = None,
    dtype: Any = "int32",
    padding: str = "pre",
    truncating: str = "pre",
    value: Any = 0.0,
) -> Any:
    """Pads (or cuts) each sequence to the same length: a ``(samples, maxlen)`` array.

    As R keras' ``pad_sequences`` (``keras.utils.pad_sequences``): sequences shorter than
    ``maxlen`` get ``value`` added, longer ones lose items, both at the start by default
    (``"pre"``) or at the end (``"post"``). Without ``maxlen`` the longest sequence sets
    the length. Called without ``sequences`` it waits for them on the left of ``>>``,
    as ``x_train %>% pad_sequences(maxlen = 80)`` does in R.

    Args:
        sequences: a list of sequences of integers (lists, arrays, a numpy array of lists
            as the IMDB loader gives).
        maxlen: the length of every row; the longest sequence's length if None.
        dtype: the type of the result (``"int32"``; ``object`` for tokens as strings).
        padding: ``"pre"`` or ``"post"``: where short sequences are padded.
        truncating: ``"pre"`` or ``"post"``: where long sequences are cut.
        value: what padding adds (0, which ``text_tokenizer`` never gives a word).

    Returns:
        A numpy array of shape ``(len(sequences), maxlen)``.

    Example:

    >>> pad_sequences([[1, 2, 3], [4]], maxlen=2)
    array([[2, 3],
           [0, 4]], dtype=int32)
    >>> [[1, 2, 3], [4]] >> pad_sequences(maxlen=4, padding="post")
    array([[1, 2, 3, 0],
           [4, 0, 0, 0]], dtype=int32)
    """
    maxlen = whole(maxlen, "maxlen", _FN, minimum=1, none=True)
    kind = _dtype(dtype)
    padding = choice(padding, "padding", _FN, ("pre", "post"))
    truncating = choice(truncating, "truncating", _FN, ("pre", "post"))
    _check_value(value, kind)
    settings = dict(maxlen=maxlen, dtype=dtype, padding=padding, truncating=truncating)
    if sequences is None:
        return Pending(pad_sequences, (), {**settings, "value": value}, "sequences")
    rows = _rows(sequences)
    if not rows and maxlen is None:
        raise ValueError(
            f"{_FN}(): sequences is empty, so there is no longest sequence to take the length "
            "from; pass maxlen= for an empty (0, maxlen) array."
        )
    for i, row in enumerate(rows):
        _check_row(row, i, kind)
    return keras.utils.pad_sequences(rows, value=value, **settings)


def _dtype(dtype: Any) -> np.dtype:
    try:
        return np.dtype(dtype)
    except TypeError:
        raise TypeError(
            f"{_FN}(): dtype {shown(dtype)} is not a numpy type; use e.g. 'int32', 'float32', "
            "or object for sequences of strings."
        ) from None


def _check_value(value: Any, kind: np.dtype) -> None:
    if kind.kind in "iu":
        if not isinstance(value, numbers.Real):
            raise TypeError(
                f"{_FN}(): value {shown(value)} cannot pad a dtype={kind} array; pass a number, "
                "or dtype=object for sequences of strings."
            )
        if not math.isfinite(value) or value != math.floor(value):
            raise ValueError(
                f"{_FN}(): value={shown(value)} is not a whole number, but dtype={kind} holds "
                "only whole numbers; pass dtype='float32' to pad with it."
            )


def _rows(sequences: Any) -> list[Any]:
    if isinstance(sequences, (str, bytes)):
        raise TypeError(
            f"{_FN}(): sequences is a text, {shown(sequences)}. Turn texts into sequences of "
            "word indices first: texts_to_sequences(tokenizer, texts)."
        )
    if isinstance(sequences, dict) or not hasattr(sequences, "__iter__"):
        raise TypeError(
            f"{_FN}(): sequences must be a list of sequences (e.g. [[1, 2], [3]]), got "
            f"{type(sequences).__name__} {shown(sequences)}."
        )
    return list(sequences)


def _check_row(row: Any, i: int, kind: np.dtype) -> None:
    if isinstance(row, (str, bytes)):
        raise TypeError(
            f"{_FN}(): sequences[{i}] is a text, {shown(row)}, not a sequence. Turn texts into "
            "sequences of word indices first: texts_to_sequences(tokenizer, texts)."
        )
    if row is None or np.isscalar(row) or not hasattr(row, "__len__"):
        one = " For one sequence, pass a list of it: [sequence]." if np.isscalar(row) else ""
        raise TypeError(
            f"{_FN}(): sequences[{i}] is {type(row).__name__} {shown(row)}, not a sequence; "
            f"sequences must be a list of sequences such as [[1, 2], [3]].{one}"
        )
    if kind.kind not in "iu" or not len(row):
        return
    try:
        items = np.asarray(row)
    except ValueError:
        raise ValueError(
            f"{_FN}(): sequences[{i}] has items of different lengths; each item of a sequence "
            "must have the same shape."
        ) from None
    if items.dtype.kind == "f":
        bad = ~np.isfinite(items) | (items != np.floor(items))
        if bad.any():
            raise ValueError(
                f"{_FN}(): sequences[{i}] holds {items[bad].flat[0].item()!r}, which "
                f"dtype={kind} would cut to a whole number; pass dtype='float32' to keep it."
            )
    elif items.dtype.kind not in "iub":
        raise TypeError(
            f"{_FN}(): sequences[{i}] holds {items.dtype} values such as {shown(items.flat[0])}, "
            "not numbers; for tokens as strings pass dtype=object and value=''."
        )
    limits = np.iinfo(kind)
    if items.size and (items.min() < limits.min or items.max() > limits.max):
        outside = items.max() if items.max() > limits.max else items.min()
        raise ValueError(
            f"{_FN}(): sequences[{i}] holds {outside.item()!r}, which dtype={kind} cannot hold "
            f"({limits.min} to {limits.max}); pass dtype='int64'."
        )
