"""Keras 2's backend functions on Keras 3: variables, maths and shapes.

2017 code calls ``K.mean(x, axis=1, keepdims=True)``, ``K.dot``, ``K.variable``...
Each name here keeps Keras 2's arguments and defaults (``K.concatenate`` joins on the
last axis, ``K.argmax`` too, ``K.cumsum`` on the first) and runs ``keras.ops``. Names
whose arguments and meaning Keras 3 kept are Keras' own functions (:data:`SAME_AS_OPS`).
Axes are 0-based, as in Keras 2 (R's ``K$mean(x, axis = 1L)`` was Python's axis 1 too).

Example:

>>> K = backend()
>>> K.concatenate([np.ones((2, 1)), np.zeros((2, 2))]).shape    # Keras 2: last axis
TensorShape([2, 3])
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from kernelkeras._backend import keras

ops = keras.ops

#: Keras 2 names that Keras 3 kept with the same arguments and meaning.
# fmt: off
SAME_AS_OPS = (
    "abs", "all", "any", "cast", "cos", "dtype", "elu", "exp", "is_tensor", "log", "logsumexp",
    "max", "mean", "min", "ndim", "prod", "round", "shape", "sigmoid", "sign", "sin", "softmax",
    "softplus", "softsign", "square", "squeeze", "stack", "std", "sum", "tanh", "transpose",
    "var",
)
# fmt: on
#: Keras 2's elementwise comparisons, ``f(x, y)`` (``keras.ops`` names them ``x1, x2``).
BINARY = [
    "equal",
    "not_equal",
    "greater",
    "greater_equal",
    "less",
    "less_equal",
    "maximum",
    "minimum",
]


def _binary(name: str) -> Callable[[Any, Any], Any]:
    fn = getattr(ops, name)

    def binary(x: Any, y: Any) -> Any:
        return fn(x, y)

    binary.__name__ = binary.__qualname__ = name
    binary.__doc__ = f"Keras 2's ``K.{name}(x, y)``: ``keras.ops.{name}``, elementwise."
    return binary


# -- variables and values ---------------------------------------------------------


def variable(value: Any, dtype: str | None = None, name: str | None = None, constraint: Any = None):
    """A ``keras.Variable`` holding ``value`` (``dtype`` defaults to ``config_floatx()``)."""
    v = keras.Variable(np.asarray(value), dtype=dtype or keras.config.floatx(), name=name)
    if constraint is not None:
        v.constraint = constraint
    return v


def constant(value: Any, dtype: str | None = None, shape: Sequence[int] | None = None, name=None):
    """A tensor of ``value``; with ``shape``, a scalar fills it and an array is reshaped."""
    tensor = ops.convert_to_tensor(value, dtype=dtype or keras.config.floatx())
    if shape is None:
        return tensor
    if ops.ndim(tensor) == 0:
        return ops.full(tuple(shape), tensor, dtype=tensor.dtype)
    return ops.reshape(tensor, tuple(shape))


def int_shape(x: Any) -> tuple[int | None, ...]:
    """The static shape as a tuple of ints (``None`` where unknown)."""
    shape = x.shape if hasattr(x, "shape") else np.shape(x)
    return tuple(None if d is None else int(d) for d in shape)


def get_variable_shape(x: Any) -> tuple[int | None, ...]:
    """Keras 2's ``K.get_variable_shape``: ``K.int_shape``."""
    return int_shape(x)


def count_params(x: Any) -> int:
    """The number of values in ``x``."""
    return math.prod(d or 0 for d in int_shape(x))


def eval(x: Any) -> np.ndarray:
    """The value of a tensor or variable as a numpy array."""
    return ops.convert_to_numpy(x)


get_value = eval


def batch_get_value(ops_list: Sequence[Any]) -> list[np.ndarray]:
    """``[K.eval(x) for x in ops_list]``."""
    return [eval(x) for x in ops_list]


def set_value(x: Any, value: Any) -> None:
    """Assigns ``value`` (a numpy array or list) to the variable ``x``."""
    x.assign(np.asarray(value))


def batch_set_value(tuples: Sequence[tuple[Any, Any]]) -> None:
    """``K.set_value(x, value)`` for each ``(x, value)``."""
    for x, value in tuples:
        set_value(x, value)


def update(x: Any, new_x: Any) -> Any:
    """Assigns ``new_x`` to the variable ``x``; returns ``x``."""
    x.assign(new_x)
    return x


def update_add(x: Any, increment: Any) -> Any:
    """Adds ``increment`` to the variable ``x``; returns ``x``."""
    x.assign_add(increment)
    return x


def update_sub(x: Any, decrement: Any) -> Any:
    """Subtracts ``decrement`` from the variable ``x``; returns ``x``."""
    x.assign_sub(decrement)
    return x


def moving_average_update(x: Any, value: Any, momentum: float) -> Any:
    """``x = x * momentum + value * (1 - momentum)``; returns ``x``."""
    x.assign(x * momentum + ops.cast(value, x.dtype) * (1 - momentum))
    return x


def zeros(shape: Sequence[int], dtype: str | None = None, name: str | None = None):
    """A variable of zeros (Keras 2 made variables here, not tensors)."""
    return variable(ops.zeros(tuple(shape), dtype=dtype or keras.config.floatx()), dtype, name)


def ones(shape: Sequence[int], dtype: str | None = None, name: str | None = None):
    """A variable of ones."""
    return variable(ops.ones(tuple(shape), dtype=dtype or keras.config.floatx()), dtype, name)


def eye(size: int | Sequence[int], dtype: str | None = None, name: str | None = None):
    """A variable holding an identity matrix (``size`` an int or ``(rows, columns)``)."""
    rows, columns = (size, size) if isinstance(size, int) else tuple(size)
    return variable(ops.eye(rows, columns, dtype=dtype or keras.config.floatx()), dtype, name)


def zeros_like(x: Any, dtype: str | None = None, name: str | None = None):
    """A tensor of zeros shaped as ``x``."""
    return ops.zeros_like(x, dtype=dtype)


def ones_like(x: Any, dtype: str | None = None, name: str | None = None):
    """A tensor of ones shaped as ``x``."""
    return ops.ones_like(x, dtype=dtype)


def identity(x: Any, name: str | None = None):
    """A copy of ``x`` (``keras.ops.identity`` is the identity *matrix*; this is not)."""
    return ops.copy(x)


def cast_to_floatx(x: Any) -> np.ndarray:
    """``x`` as a numpy array of ``config_floatx()``."""
    return np.asarray(x, dtype=keras.config.floatx())


# -- maths ------------------------------------------------------------------------


def dot(x: Any, y: Any):
    """Keras 2's ``K.dot``: the last axis of ``x`` with the second-to-last of ``y``."""
    return ops.dot(x, y)


def batch_dot(x: Any, y: Any, axes: int | Sequence[int] | None = None):
    """Dot product per sample (axis 0 is the batch), as Keras 2's ``K.batch_dot``."""
    # lazy: Keras keeps Keras 2's batch_dot for its Dot layer only
    from keras.src.layers.merging.dot import batch_dot as keras_batch_dot

    return keras_batch_dot(ops.convert_to_tensor(x), ops.convert_to_tensor(y), axes=axes)


def gather(reference: Any, indices: Any):
    """The rows ``indices`` of ``reference`` (axis 0)."""
    return ops.take(reference, indices, axis=0)


def cumsum(x: Any, axis: int = 0):
    """Cumulative sum along ``axis`` (Keras 2's default: the first axis)."""
    return ops.cumsum(x, axis=axis)


def cumprod(x: Any, axis: int = 0):
    """Cumulative product along ``axis`` (default: the first axis)."""
    return ops.cumprod(x, axis=axis)


def argmax(x: Any, axis: int = -1):
    """Index of the largest value along ``axis`` (default: the last axis)."""
    return ops.argmax(x, axis=axis)


def argmin(x: Any, axis: int = -1):
    """Index of the smallest value along ``axis`` (default: the last axis)."""
    return ops.argmin(x, axis=axis)


def sqrt(x: Any):
    """Square root, negative values taken as 0 (as Keras 2 did)."""
    return ops.sqrt(ops.maximum(x, 0))


def pow(x: Any, a: Any):
    """``x`` to the power ``a``."""
    return ops.power(x, a)


def clip(x: Any, min_value: Any = None, max_value: Any = None):
    """``x`` clipped to ``[min_value, max_value]`` (``None``: no bound)."""
    low = -np.inf if min_value is None else min_value
    high = np.inf if max_value is None else max_value
    if min_value is not None and max_value is not None and max_value < min_value:
        high = min_value
    return ops.clip(x, low, high)


def l2_normalize(x: Any, axis: int | Sequence[int] | None = None):
    """``x / sqrt(max(sum(x**2, axis), 1e-12))``, as Keras 2 (TensorFlow's ``l2_normalize``)."""
    squares = ops.sum(ops.square(x), axis=axis, keepdims=True)
    return x * ops.rsqrt(ops.maximum(squares, 1e-12))


def switch(condition: Any, then_expression: Any, else_expression: Any):
    """``then_expression`` where ``condition``, else ``else_expression`` (callables called).

    A condition of lower rank is extended on its right, as Keras 2 did (a per-sample
    condition chooses whole rows).
    """
    then = then_expression() if callable(then_expression) else then_expression
    other = else_expression() if callable(else_expression) else else_expression
    condition = ops.convert_to_tensor(condition)
    while ops.ndim(condition) and ops.ndim(condition) < ops.ndim(then):
        condition = ops.expand_dims(condition, -1)
    return ops.where(condition, then, other)


def stop_gradient(variables: Any):
    """``keras.ops.stop_gradient`` of a tensor, or of each in a list."""
    if isinstance(variables, (list, tuple)):
        return [ops.stop_gradient(v) for v in variables]
    return ops.stop_gradient(variables)


def map_fn(fn: Callable[[Any], Any], elems: Any, name: str | None = None, dtype: Any = None):
    """``fn`` applied to each element of ``elems`` along axis 0, stacked."""
    return ops.map(fn, elems)


def _fold(fn: Callable[[Any, Any], Any], elems: Any, initializer: Any, reverse: bool):
    elems = ops.convert_to_tensor(elems)
    if initializer is None:
        initializer = elems[-1] if reverse else elems[0]
        elems = elems[:-1] if reverse else elems[1:]
    elif isinstance(initializer, (int, float)):  # a Python number takes the elements' dtype
        initializer = ops.cast(initializer, elems.dtype)
    last, _ = ops.scan(lambda acc, x: (fn(acc, x), x), initializer, elems, reverse=reverse)
    return last


def foldl(fn: Callable[[Any, Any], Any], elems: Any, initializer: Any = None, name=None):
    """``fn(acc, x)`` over ``elems`` from the first (``initializer``: the first element)."""
    return _fold(fn, elems, initializer, reverse=False)


def foldr(fn: Callable[[Any, Any], Any], elems: Any, initializer: Any = None, name=None):
    """``fn(acc, x)`` over ``elems`` from the last (``initializer``: the last element)."""
    return _fold(fn, elems, initializer, reverse=True)
