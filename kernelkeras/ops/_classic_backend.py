"""``backend()``: Keras 2's backend object for 2017 code (R's ``K <- backend()``).

``K = backend()`` gives an object whose attributes are Keras 2's backend functions,
with Keras 2's arguments, run by Keras 3's ``keras.ops``: ``K.mean``, ``K.square``,
``K.sum``, ``K.dot``, ``K.batch_dot``, ``K.int_shape``, ``K.variable``, ``K.epsilon``,
... Names with no Keras 3 counterpart (``K.gradients``, ``K.function``,
``K.placeholder``, ``K.get_session``, ...) raise :class:`RemovedInKeras3Error` with
the Keras 3 way. Other names are looked up in ``keras.ops`` (``K.einsum``); a name
found nowhere is an ``AttributeError`` that suggests the closest names.

Example:

>>> K = backend()
>>> K.mean(np.array([[1.0, 2.0], [3.0, 4.0]]), axis=1, keepdims=True).shape
TensorShape([2, 1])
>>> K.int_shape(np.zeros((3, 4)))
(3, 4)
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from types import FunctionType, ModuleType
from typing import Any

from kernelkeras._backend import keras
from kernelkeras._text import shown
from kernelkeras.ops import _classic, _classic_nn, _classic_shapes
from kernelkeras.ops._removed import REMOVED, refusal


def _defined_in(module: ModuleType) -> dict[str, Callable[..., Any]]:
    """The public functions ``module`` defines (not those it imports)."""
    return {
        name: fn
        for name, fn in vars(module).items()
        if not name.startswith("_")
        and isinstance(fn, FunctionType)
        and fn.__module__ == module.__name__
    }


def _classic_functions() -> dict[str, Callable[..., Any]]:
    """Every Keras 2 backend name kernelkeras maps, by name."""
    ops = keras.ops
    functions: dict[str, Callable[..., Any]] = {n: getattr(ops, n) for n in _classic.SAME_AS_OPS}
    functions.update({n: _classic._binary(n) for n in _classic.BINARY})
    for module in (_classic, _classic_shapes, _classic_nn):
        functions.update(_defined_in(module))
    config = keras.config
    functions.update(
        epsilon=config.epsilon,
        set_epsilon=config.set_epsilon,
        floatx=config.floatx,
        set_floatx=config.set_floatx,
        image_data_format=config.image_data_format,
        set_image_data_format=config.set_image_data_format,
        backend=config.backend,
        clear_session=keras.backend.clear_session,
        get_uid=keras.backend.get_uid,
        is_keras_tensor=keras.backend.is_keras_tensor,
        name_scope=keras.name_scope,
    )
    return functions


#: Keras 2 backend name -> the function that runs it on Keras 3.
CLASSIC = _classic_functions()


class KerasBackend:
    """Keras 2's backend functions on Keras 3, as ``K`` in ``K <- backend()``.

    ``dir(K)`` lists Keras 2's names; each keeps its Keras 2 arguments. Names that
    Keras 3 dropped raise an error that shows the Keras 3 way; names Keras 2 never had
    come from ``keras.ops``.
    """

    def __init__(self) -> None:
        self.__dict__.update(CLASSIC)
        self.__dict__.update({name: refusal(name) for name in REMOVED})

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        fn = getattr(keras.ops, name, None)
        if callable(fn) and not isinstance(fn, ModuleType):
            return fn
        known = [n for n in self.__dict__ if not n.startswith("_")]
        names = dict.fromkeys(known + [n for n in dir(keras.ops) if not n.startswith("_")])
        close = difflib.get_close_matches(name, list(names), n=3)
        hint = f" Did you mean {', '.join(f'K.{c}' for c in close)}?" if close else ""
        raise AttributeError(
            f"K has no {shown(name)}: neither Keras 2's backend nor keras.ops has it.{hint} "
            f"dir(K) lists Keras 2's names."
        )

    def __dir__(self) -> list[str]:
        return sorted(n for n in self.__dict__ if not n.startswith("_"))

    def __repr__(self) -> str:
        return (
            f"<Keras 2 backend on keras.ops ({keras.config.backend()}): "
            f"{len(CLASSIC)} names, {len(REMOVED)} refused with the Keras 3 way>"
        )


#: The one backend object, ``backend()``.
K = KerasBackend()
