"""Reading, writing and freezing a model's weights."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from kernelkeras._backend import keras
from kernelkeras._text import shown
from kernelkeras.verbs._layers import layer_index
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


def _chosen(model: Any, which: Any, verb_name: str) -> set[int]:
    """The positions of the layers ``which`` picks (R's ``which=``)."""
    argument = f"{verb_name}(): which"
    count = len(model.layers)
    if callable(which) and not isinstance(which, keras.layers.Layer):
        picks = []
        for layer in model.layers:
            answer = which(layer)
            if not isinstance(answer, (bool, np.bool_)):
                raise TypeError(
                    f"{argument}: the function should return True or False for each layer; "
                    f"for layer {shown(layer.name)} it returned {shown(answer)}."
                )
            picks.append(bool(answer))
        which = picks
    items = list(which) if isinstance(which, (list, tuple, np.ndarray)) else [which]
    if items and all(isinstance(item, (bool, np.bool_)) for item in items):
        if len(items) != count:
            raise ValueError(
                f"{argument} has {len(items)} True/False values for the {count} layers of "
                f"model {shown(model.name)}; give one per layer (or names, indices, layers)."
            )
        return {index for index, item in enumerate(items) if item}
    return {layer_index(model, item, argument) for item in items}


def _set_trainable(
    object: Any, from_: Any, to: Any, which: Any, frozen: bool, verb_name: str
) -> Any:
    require_model(object, verb_name, keras.layers.Layer)
    ranged = from_ is not None or to is not None
    if which is not None and ranged:
        raise ValueError(f"{verb_name}(): give which= or a range (from_=, to=), not both.")
    if (which is not None or ranged) and not isinstance(object, keras.Model):
        raise TypeError(
            f"{verb_name}(): {shown(object.name)} is a layer; which=, from_= and to= pick "
            "layers of a model."
        )
    if which is None and not ranged:
        object.trainable = not frozen
    else:
        if which is not None:
            chosen = _chosen(object, which, verb_name)
        else:
            start = 0 if from_ is None else layer_index(object, from_, "from_")
            stop = len(object.layers) - 1 if to is None else layer_index(object, to, "to")
            if start > stop:
                raise ValueError(
                    f"{verb_name}(): from_ (layer {start}) comes after to (layer {stop}); "
                    "give the first layer of the range, then the last."
                )
            chosen = set(range(start, stop + 1))
        object.trainable = True
        for index, layer in enumerate(object.layers):
            layer.trainable = (not frozen) if index in chosen else frozen
    if getattr(object, "compiled", False):
        warnings.warn(
            f"{verb_name}(): model {shown(object.name)} was compiled before; compile it again "
            "so fit() uses the new trainable weights.",
            stacklevel=3,
        )
    return object


@verb(name="freeze_weights")
def freeze_weights(object: Any, from_: Any = None, to: Any = None, which: Any = None) -> Any:
    """Freezes the weights of a model or layer, or of some of a model's layers.

    With a range (``from_``, ``to``: both ends included) or ``which``, the layers chosen
    are frozen and the others made trainable, as in R keras. Layers are given by index
    (0-based, negative counts from the end), name, or the layer itself. ``which`` (R
    keras3's argument) is one of those, a list of them, a list of ``True``/``False``
    (one per layer), or a function of a layer that returns ``True`` or ``False``.
    Compile after freezing.

    Example:

    >>> model >> freeze_weights(to="dense_1")      # freeze up to and including dense_1
    >>> is_norm = lambda layer: isinstance(layer, keras.layers.BatchNormalization)
    >>> freeze_weights(model, which=is_norm)
    """
    return _set_trainable(object, from_, to, which, frozen=True, verb_name="freeze_weights")


@verb(name="unfreeze_weights")
def unfreeze_weights(object: Any, from_: Any = None, to: Any = None, which: Any = None) -> Any:
    """Makes weights trainable again: all, those of layers ``from_`` to ``to``, or ``which``.

    With a range or ``which``, the layers chosen become trainable and the others are
    frozen (see :func:`freeze_weights` for the ways to choose).

    Example:

    >>> model >> unfreeze_weights(from_=-2)         # fine-tune the last two layers
    """
    return _set_trainable(object, from_, to, which, frozen=False, verb_name="unfreeze_weights")
