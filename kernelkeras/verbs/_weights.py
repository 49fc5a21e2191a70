"""Reading, writing and freezing a model's weights."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from kernelkeras._backend import keras
from kernelkeras.verbs._step import require_model, verb


@verb(name="get_weights")
def get_weights(object: Any) -> list[np.ndarray]:
    """Returns the weights of a model or layer as a list of numpy arrays.

    Example:

    >>> [w.shape for w in get_weights(model)]
    [(784, 256), (256,), ...]
    """
    require_model(object, "get_weights", keras.layers.Layer)
    return list(object.get_weights())


@verb(name="set_weights")
def set_weights(object: Any, weights: list[Any]) -> Any:
    """Sets the weights of a model or layer from a list of arrays; returns the object.

    Every array is checked against the model's own weight shapes first, so a wrong
    list changes nothing.

    Example:

    >>> model >> set_weights(get_weights(other_model))
    """
    require_model(object, "set_weights", keras.layers.Layer)
    current = object.get_weights()
    if not isinstance(weights, (list, tuple)) or len(weights) != len(current):
        count = len(weights) if isinstance(weights, (list, tuple)) else type(weights).__name__
        raise ValueError(
            f"set_weights(): {object.name!r} has {len(current)} weight arrays, got {count}. "
            "Pass the list that get_weights() returns for a model of the same architecture."
        )
    for index, (new, old) in enumerate(zip(weights, current, strict=True)):
        if np.shape(new) != old.shape:
            raise ValueError(
                f"set_weights(): weight {index} ({object.weights[index].path}) has shape "
                f"{old.shape}, got {np.shape(new)}. Nothing was changed."
            )
    object.set_weights([np.asarray(w) for w in weights])
    return object


def _layer_index(model: Any, which: Any, argument: str) -> int:
    layers = model.layers
    names = [layer.name for layer in layers]
    if isinstance(which, keras.layers.Layer):
        for index, layer in enumerate(layers):
            if layer is which:
                return index
        raise ValueError(f"{argument}: layer {which.name!r} is not in model {model.name!r}.")
    if isinstance(which, str):
        if which in names:
            return names.index(which)
        raise ValueError(
            f"{argument}: model {model.name!r} has no layer {which!r}; its layers are "
            f"{', '.join(names)}."
        )
    if isinstance(which, (int, np.integer)) and not isinstance(which, bool):
        if -len(layers) <= which < len(layers):
            return int(which) % len(layers)
        raise IndexError(
            f"{argument}={which} is outside model {model.name!r}, which has {len(layers)} "
            f"layers (indices 0 to {len(layers) - 1}, or -{len(layers)} to -1)."
        )
    raise TypeError(f"{argument} must be a layer index, name or layer, got {which!r}.")


def _set_trainable(object: Any, from_: Any, to: Any, frozen: bool, verb_name: str) -> Any:
    require_model(object, verb_name)
    if from_ is None and to is None:
        object.trainable = not frozen
    else:
        n = len(object.layers)
        start = 0 if from_ is None else _layer_index(object, from_, "from_")
        stop = n - 1 if to is None else _layer_index(object, to, "to")
        if start > stop:
            raise ValueError(
                f"{verb_name}(): from_ (layer {start}) comes after to (layer {stop}); "
                "give the first layer of the range, then the last."
            )
        object.trainable = True
        for index, layer in enumerate(object.layers):
            layer.trainable = (not frozen) if start <= index <= stop else frozen
    if getattr(object, "compiled", False):
        warnings.warn(
            f"{verb_name}(): model {object.name!r} was compiled before; compile it again so "
            "fit() uses the new trainable weights.",
            stacklevel=3,
        )
    return object


@verb(name="freeze_weights")
def freeze_weights(object: Any, from_: Any = None, to: Any = None) -> Any:
    """Freezes the weights of a model, or of the layers from ``from_`` to ``to``.

    With a range, the layers in it (both ends included) are frozen and the others
    made trainable, as in R keras. Layers are given by index (0-based, negative
    counts from the end), name, or the layer itself. Compile after freezing.

    Example:

    >>> model >> freeze_weights(to="dense_1")      # freeze up to and including dense_1
    """
    return _set_trainable(object, from_, to, frozen=True, verb_name="freeze_weights")


@verb(name="unfreeze_weights")
def unfreeze_weights(object: Any, from_: Any = None, to: Any = None) -> Any:
    """Makes a model's weights trainable again, or only those of layers ``from_`` to ``to``.

    With a range, the layers in it become trainable and the others are frozen.

    Example:

    >>> model >> unfreeze_weights(from_=-2)         # fine-tune the last two layers
    """
    return _set_trainable(object, from_, to, frozen=False, verb_name="unfreeze_weights")
