"""R keras' 2017 spellings that Keras 3 renamed, translated as R code meant them.

- ``lr=`` on an optimizer is ``learning_rate=``.
- ``decay=`` on an optimizer was Keras 2's inverse-time decay of the learning rate,
  ``lr / (1 + decay * iterations)`` (Keras 3 ignores it with a warning); it becomes a
  ``keras.optimizers.schedules.InverseTimeDecay(lr, decay_steps=1, decay_rate=decay)``,
  the same value at every step.
- ``input_length=`` on ``layer_embedding`` was the length of its input sequences:
  ``input_shape=(input_length,)``.
- ``batch_input_shape=(32, 10, 1)`` on a layer is ``input_shape=(10, 1), batch_size=32``.
- ``callback_model_checkpoint("weights.hdf5")``: Keras 3 writes models to ``.keras``
  files and weights to ``.weights.h5`` files; the path gets that ending.

Each is said once per session (:func:`kernelkeras.pipe._notes.say_once`).

Example:

>>> optimizer_sgd(lr=0.01, decay=1e-6).learning_rate    # 0.01 at step 0, then decaying
"""

from __future__ import annotations

import inspect
import os
from typing import Any

from kernelkeras._backend import keras
from kernelkeras._text import shown
from kernelkeras.pipe._notes import say_once

_HDF5 = (".hdf5", ".h5")


def _number(func_name: str, name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(
            f"{func_name}(): {name}={shown(value)} must be a number of at least 0, "
            f"e.g. {name}=1e-6."
        )
    return float(value)


def optimizer_arguments(func_name: str, cls: type, kwargs: dict[str, Any]) -> dict[str, Any]:
    """``kwargs`` for ``cls(...)`` with ``lr=`` and ``decay=`` translated (a new dict)."""
    if "lr" not in kwargs and "decay" not in kwargs:
        return kwargs
    kwargs = dict(kwargs)
    if "lr" in kwargs:
        if "learning_rate" in kwargs:
            raise TypeError(
                f"{func_name}(): lr= and learning_rate= are the same argument; "
                "pass learning_rate= alone."
            )
        kwargs["learning_rate"] = kwargs.pop("lr")
        say_once(
            "lr=",
            f"{func_name}(lr=): Keras 3 calls it learning_rate=; "
            f"read as learning_rate={kwargs['learning_rate']!r}.",
        )
    if "decay" in kwargs:
        decay = _number(func_name, "decay", kwargs.pop("decay"))
        if decay > 0:
            kwargs["learning_rate"] = _inverse_time_decay(func_name, cls, kwargs, decay)
        say_once(
            "decay=",
            f"{func_name}(decay=): Keras 3 has no decay=; read as Keras 2's decay, "
            "learning_rate=keras.optimizers.schedules.InverseTimeDecay(learning_rate, "
            "decay_steps=1, decay_rate=decay), i.e. lr / (1 + decay * iterations).",
        )
    return kwargs


def _inverse_time_decay(func_name: str, cls: type, kwargs: dict[str, Any], decay: float) -> Any:
    rate = kwargs.get("learning_rate", inspect.signature(cls).parameters["learning_rate"].default)
    if not isinstance(rate, (int, float)) or isinstance(rate, bool):
        raise TypeError(
            f"{func_name}(): decay= decays a fixed learning rate, but learning_rate is "
            f"{shown(rate)}. Pass a number as learning_rate= (or lr=), or drop decay= and "
            "give learning_rate= a schedule such as "
            "keras.optimizers.schedules.InverseTimeDecay(...)."
        )
    return keras.optimizers.schedules.InverseTimeDecay(
        initial_learning_rate=float(rate), decay_steps=1, decay_rate=decay
    )


def checkpoint_arguments(
    func_name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """``callback_model_checkpoint("x.hdf5")``'s path with the ending Keras 3 writes."""
    args, kwargs = tuple(args), dict(kwargs)
    in_args = bool(args)
    path = args[0] if in_args else kwargs.get("filepath")
    if not isinstance(path, (str, os.PathLike)):
        return args, kwargs
    text = os.fspath(path)
    weights_only = kwargs.get("save_weights_only", args[4] if len(args) > 4 else False)
    if weights_only:
        if text.endswith(".weights.h5") or not text.endswith(_HDF5):
            return args, kwargs
        new = text[: -len(".hdf5" if text.endswith(".hdf5") else ".h5")] + ".weights.h5"
        what = "weights to files ending .weights.h5"
    else:
        if not text.endswith(".hdf5"):
            return args, kwargs  # .h5 Keras still writes (as legacy HDF5); others it explains
        new = text[: -len(".hdf5")] + ".keras"
        what = "whole models to files ending .keras (load them with load_model())"
    if in_args:
        args = (new, *args[1:])
    else:
        kwargs["filepath"] = new
    say_once(
        "checkpoint .hdf5",
        f"{func_name}({text!r}): Keras 3 saves {what}; saving to {new!r}.",
    )
    return args, kwargs


def embedding_arguments(func_name: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    """``input_length=N`` on ``layer_embedding`` as ``input_shape=(N,)`` (a new dict)."""
    if "input_length" not in kwargs:
        return kwargs
    kwargs = dict(kwargs)
    length = kwargs.pop("input_length")
    if length is not None and kwargs.get("input_shape") is None:
        kwargs["input_shape"] = (length,)
    say_once(
        "input_length=",
        f"{func_name}(input_length=): Keras 3 has no input_length=; read as "
        f"input_shape=({length!r},), the sequence length of a first layer.",
    )
    return kwargs


def batch_input_shape_arguments(func_name: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    """``batch_input_shape=(b, *shape)`` as ``input_shape=shape, batch_size=b``."""
    if "batch_input_shape" not in kwargs:
        return kwargs
    kwargs = dict(kwargs)
    value = kwargs.pop("batch_input_shape")
    if not isinstance(value, (tuple, list)) or len(value) < 2:
        raise ValueError(
            f"{func_name}(): batch_input_shape={shown(value)} must be the batch size "
            "followed by the shape of one sample, e.g. batch_input_shape=(32, 10, 1); "
            "or write input_shape=(10, 1), batch_size=32."
        )
    for name in ("input_shape", "batch_size"):
        if kwargs.get(name) is not None:
            raise TypeError(
                f"{func_name}(): pass batch_input_shape= or input_shape= with batch_size=, "
                "not both."
            )
    kwargs["batch_size"], kwargs["input_shape"] = value[0], tuple(value[1:])
    say_once(
        "batch_input_shape=",
        f"{func_name}(batch_input_shape=): Keras 3 has no batch_input_shape=; read as "
        f"input_shape={tuple(value[1:])!r}, batch_size={value[0]!r}.",
    )
    return kwargs
