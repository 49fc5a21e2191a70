"""Checking the arguments of the data functions, R's way of writing them included.

R code passes numbers as doubles (``maxlen = 100`` is ``100.0`` after reticulate) and
flags as ``TRUE``/``FALSE``; numpy gives ``np.int64`` and ``np.bool_``. Each helper here
takes those, returns the plain Python value Keras expects, and refuses anything else with
a message that names the function, the argument and what to pass instead.

Example:

>>> whole(100.0, "maxlen", "pad_sequences", minimum=1)
100
>>> flag(np.True_, "shuffle", "skipgrams")
True
"""

from __future__ import annotations

import math
import numbers
import operator
from collections.abc import Sequence
from typing import Any

import numpy as np

from kernelkeras._text import shown


def whole(value: Any, arg: str, fn: str, *, minimum: int | None = None, none: bool = False) -> Any:
    """``value`` as an ``int`` (ints, numpy ints, whole floats); ``None`` where ``none``."""
    if value is None and none:
        return None
    least = f" of at least {minimum}" if minimum is not None else ""
    wanted = f"a whole number{least}{' or None' if none else ''}"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{fn}(): {arg} must be {wanted}, got {type(value).__name__} {shown(value)}."
        )
    if isinstance(value, numbers.Integral):
        number = operator.index(value)
    elif math.isfinite(float(value)) and float(value).is_integer():
        number = int(float(value))
    else:
        raise ValueError(f"{fn}(): {arg} must be {wanted}, got {shown(value)}.")
    if minimum is not None and number < minimum:
        raise ValueError(f"{fn}(): {arg} must be {wanted}, got {number}.")
    return number


def real(
    value: Any,
    arg: str,
    fn: str,
    *,
    low: float | None = None,
    high: float | None = None,
    none: bool = False,
    open_low: bool = False,
) -> Any:
    """``value`` as a finite ``float`` within ``[low, high]`` (``(low, high]`` if ``open_low``)."""
    if value is None and none:
        return None
    bounds = ""
    if low is not None and high is not None:
        bounds = f" between {low} and {high}"
    elif low is not None:
        bounds = f" {'above' if open_low else 'of at least'} {low}"
    wanted = f"a number{bounds}{' or None' if none else ''}"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{fn}(): {arg} must be {wanted}, got {type(value).__name__} {shown(value)}."
        )
    number = float(value)
    too_low = low is not None and (number <= low if open_low else number < low)
    if not math.isfinite(number) or too_low or (high is not None and number > high):
        raise ValueError(f"{fn}(): {arg} must be {wanted}, got {shown(value)}.")
    return number


def flag(value: Any, arg: str, fn: str) -> bool:
    """``value`` as a ``bool``: True/False (numpy's too), never a number or a string."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise TypeError(
        f"{fn}(): {arg} must be True or False (R's TRUE/FALSE), got "
        f"{type(value).__name__} {shown(value)}."
    )


def choice(value: Any, arg: str, fn: str, options: Sequence[Any]) -> Any:
    """``value`` if it is one of ``options``; else a message listing them."""
    if isinstance(value, str) or value is None:
        for option in options:
            if value == option:
                return option
    listed = ", ".join(repr(o) for o in options)
    raise ValueError(f"{fn}(): {arg} must be one of {listed}; got {shown(value)}.")


def plain(value: Any) -> Any:
    """numpy scalars as Python numbers (Keras tests ``type(x) in [int, float]``); others as is."""
    if isinstance(value, np.generic):
        return value.item()
    return value
