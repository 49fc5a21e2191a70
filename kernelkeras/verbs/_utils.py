"""R keras' utilities: ``clear_session``, ``set_random_seed``, ``normalize``, ``custom_metric``.

Each with R keras' name and arguments, over Keras' own function where it has one.
Axes are Python's: 0-based, ``-1`` the last (R counts axes from 1).

Example:

>>> set_random_seed(42)                       # Python, NumPy and TensorFlow
>>> normalize(np.array([[3.0, 4.0]]))         # unit L2 norm along the last axis
array([[0.6, 0.8]])
>>> mean_pred = custom_metric("mean_pred", lambda y_true, y_pred: op_mean(y_pred))
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

from kernelkeras._backend import keras
from kernelkeras._text import shown


def clear_session(free_memory: bool = True) -> None:
    """Resets Keras' global state: layer names count from 1 again, memory is freed.

    Models made before stay usable. ``free_memory=False`` skips Python's garbage
    collection (faster in a loop).

    Example:

    >>> clear_session()
    """
    if not isinstance(free_memory, bool):
        raise TypeError(
            f"clear_session(): free_memory should be True or False; got {shown(free_memory)}."
        )
    keras.utils.clear_session(free_memory=free_memory)


def set_random_seed(seed: int) -> None:
    """Seeds Python's ``random``, NumPy and TensorFlow at once, for repeatable runs.

    Example:

    >>> set_random_seed(42)
    """
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"set_random_seed(): seed should be a whole number; got {shown(seed)}.")
    if not 0 <= seed < 2**32:
        raise ValueError(
            f"set_random_seed(): seed should be from 0 to {2**32 - 1:,} (NumPy's range); "
            f"got {seed:,}."
        )
    keras.utils.set_random_seed(int(seed))


def normalize(x: Any, axis: int = -1, order: int = 2) -> Any:
    """``x`` divided by its norm along ``axis`` (L2 by default; zero vectors stay zero).

    ``axis`` is 0-based as in Python (R counts from 1), ``-1`` the last. NumPy arrays
    (and lists) give a NumPy array, tensors a tensor (Keras' ``normalize``).

    Example:

    >>> normalize(np.array([[3.0, 4.0], [0.0, 0.0]]))
    array([[0.6, 0.8],
           [0. , 0. ]])
    """
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"normalize(): axis should be a whole number; got {shown(axis)}.")
    if isinstance(order, bool) or not isinstance(order, (numbers.Integral, float)) or order < 1:
        raise ValueError(
            f"normalize(): order should be 1 or more (1 for L1, 2 for L2); got {shown(order)}."
        )
    if x is None or isinstance(x, (str, bytes)):
        raise TypeError(f"normalize(): x should be an array of numbers; got {shown(x, 80)}.")
    if keras.ops.is_tensor(x):
        return keras.ops.normalize(x, axis=int(axis), order=order)
    array = np.asarray(x)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"normalize(): x should hold numbers; it holds {array.dtype} values.")
    if not -array.ndim <= axis < max(array.ndim, 1):
        raise ValueError(
            f"normalize(): axis={axis} is outside x, which has {array.ndim} axes (0 to "
            f"{array.ndim - 1}, or -{array.ndim} to -1; Python counts from 0)."
        )
    # Keras' normalize(x, axis=0) of an array fails to broadcast: computed here instead.
    norm = np.linalg.norm(np.atleast_1d(array), ord=order, axis=int(axis), keepdims=True)
    norm[norm == 0] = 1
    return np.atleast_1d(array) / norm


def custom_metric(name: str, metric_fn: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """A metric from a function of ``(y_true, y_pred)``, shown under ``name`` in training.

    ``metric_fn`` gets tensors: compute with ``op_*`` (``keras.ops``) functions. To load
    a saved model that uses it, pass it: ``load_model(path, custom_objects={name: fn})``.

    Example:

    >>> mean_pred = custom_metric("mean_pred", lambda y_true, y_pred: op_mean(y_pred))
    >>> model >> compile(loss="mse", optimizer="adam", metrics=[mean_pred])
    """
    if not isinstance(name, str) or not name:
        raise TypeError(f"custom_metric(): name should be a non-empty str; got {shown(name)}.")
    if not callable(metric_fn):
        raise TypeError(
            "custom_metric(): metric_fn should be a function of (y_true, y_pred); got "
            f"{shown(metric_fn, 80)}."
        )

    def metric(y_true: Any, y_pred: Any) -> Any:
        return metric_fn(y_true, y_pred)

    metric.__name__ = metric.__qualname__ = name
    metric.__doc__ = getattr(metric_fn, "__doc__", None)
    return metric
