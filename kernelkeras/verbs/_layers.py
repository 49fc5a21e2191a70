"""A model's layers: ``get_layer``, ``pop_layer``, ``clone_model``, ``count_params``, ...

and ``reset_states``: R keras' names and arguments, for Keras models (and, where R
allows it, layers).
Layers are given as Python counts them: ``index=0`` is the first of ``model.layers``
and ``index=-1`` the last (R keras3 counts from 1; R keras of 2017 passed the index to
Keras, so counted from 0 as here). A layer may also be given by name or as itself.

Example:

>>> get_layer(model, index=0)              # the first layer (R keras3: index = 1)
>>> model >> get_layer("dense_1")
>>> count_params(model)
235146
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kernelkeras._backend import keras
from kernelkeras._text import shown
from kernelkeras.verbs._step import require_model, verb


def layer_index(model: Any, which: Any, argument: str) -> int:
    """The 0-based position in ``model.layers`` of ``which``: an index, a name or a layer.

    Raises:
        ValueError: no such layer (the message lists the model's layers).
        IndexError: an index outside the model.
        TypeError: ``which`` is none of these.
    """
    layers = model.layers
    names = [layer.name for layer in layers]
    if isinstance(which, keras.layers.Layer):
        for index, layer in enumerate(layers):
            if layer is which:
                return index
        raise ValueError(
            f"{argument}: layer {shown(which.name)} is not in model {shown(model.name)}."
        )
    if isinstance(which, str):
        if which in names:
            return names.index(which)
        listed = ", ".join(names[:20]) + (", …" if len(names) > 20 else "")
        if len(listed) > 200:
            listed = listed[:199] + "…"
        raise ValueError(
            f"{argument}: model {shown(model.name)} has no layer {shown(which)}; its layers "
            f"are {listed}."
        )
    if isinstance(which, (int, np.integer)) and not isinstance(which, bool):
        if -len(layers) <= which < len(layers):
            return int(which) % len(layers)
        if not layers:
            raise IndexError(f"{argument}={which}: model {shown(model.name)} has no layers.")
        raise IndexError(
            f"{argument}={which} is outside model {shown(model.name)}, which has "
            f"{len(layers)} layers (indices 0 to {len(layers) - 1}, or -{len(layers)} to -1; "
            "Python counts from 0)."
        )
    raise TypeError(f"{argument} must be a layer index, name or layer, got {shown(which)}.")


@verb(name="get_layer")
def get_layer(object: Any, name: str | None = None, index: int | None = None) -> Any:
    """Returns a layer of a model, by ``name`` or by ``index`` (0-based, as in Python).

    ``index=0`` is the first layer of ``model.layers`` and ``index=-1`` the last. R keras3
    counts from 1, so R's ``get_layer(model, index = 1)`` is ``get_layer(model, index=0)``.
    Give a name or an index, not both.

    Example:

    >>> get_layer(model, name="dense_1")
    >>> model >> get_layer(index=-1)        # the last layer
    """
    require_model(object, "get_layer")
    if (name is None) == (index is None):
        raise ValueError(
            "get_layer(): give the layer's name or its index (0-based), "
            f"{'not both' if name is not None else 'one of them'}: e.g. "
            "get_layer(model, name='dense') or get_layer(model, index=0)."
        )
    if name is not None and not isinstance(name, str):
        raise TypeError(f"get_layer(): name should be a str; got {shown(name)}.")
    if index is not None and (isinstance(index, bool) or not isinstance(index, (int, np.integer))):
        raise TypeError(f"get_layer(): index should be a whole number; got {shown(index)}.")
    which = "name" if name is not None else "index"
    return object.layers[layer_index(object, name if name is not None else index, which)]


@verb(name="pop_layer")
def pop_layer(object: Any) -> Any:
    """Removes the last layer of a Sequential model; returns the model.

    Example:

    >>> model >> pop_layer()
    """
    require_model(object, "pop_layer")
    if not isinstance(object, keras.Sequential):
        raise TypeError(
            f"pop_layer(): {shown(object.name)} is a functional model; pop_layer() removes the "
            "last layer of a Sequential one. Make a new model ending where you want: "
            "keras_model(model.inputs, get_layer(model, index=-2).output)."
        )
    if not object.layers:
        raise ValueError(f"pop_layer(): model {shown(object.name)} has no layers to remove.")
    object.pop()
    return object


@verb(name="clone_model")
def clone_model(
    model: Any,
    input_tensors: Any = None,
    clone_function: Any = None,
    call_function: Any = None,
    recursive: bool = False,
) -> Any:
    """A new model with the same layers as ``model``, and new weights (Keras' ``clone_model``).

    The clone is not compiled and its weights are freshly initialised; copy them with
    ``set_weights(clone, get_weights(model))``. The other arguments are Keras': see
    ``help(keras.models.clone_model)``.

    Example:

    >>> twin = clone_model(model)
    >>> twin >> set_weights(get_weights(model))
    """
    require_model(model, "clone_model")
    for argument, value in (("clone_function", clone_function), ("call_function", call_function)):
        if value is not None and not callable(value):
            raise TypeError(
                f"clone_model(): {argument} should be a function of a layer; got {shown(value)}."
            )
    return keras.models.clone_model(
        model,
        input_tensors=input_tensors,
        clone_function=clone_function,
        call_function=call_function,
        recursive=recursive,
    )


@verb(name="count_params")
def count_params(object: Any) -> int:
    """The number of weights (scalars) of a model or layer, trainable or not.

    Example:

    >>> count_params(model)
    235146
    """
    require_model(object, "count_params", keras.layers.Layer)
    if not object.built:
        raise ValueError(
            f"count_params(): {shown(object.name)} is not built yet, so it has no weights to "
            "count. Give the model its input shape (keras_model_sequential(input_shape=...)"
            " or input_shape= on its first layer), or call it on data first."
        )
    return int(object.count_params())


@verb(name="reset_states", takes=(keras.metrics.Metric,))
def reset_states(object: Any) -> Any:
    """Resets the states of a model's stateful layers, of a layer, or of a metric.

    For a model, every stateful layer (a recurrent layer with ``stateful=True``, also
    inside nested models) starts again from zeros, as R keras' ``reset_states``; a layer
    or metric is reset itself. Returns ``object``.

    Example:

    >>> model >> reset_states()        # between two independent sequences
    """
    if isinstance(object, keras.metrics.Metric):
        object.reset_state()
        return object
    require_model(object, "reset_states", keras.layers.Layer)
    if isinstance(object, keras.Model):
        for layer in _stateful_layers(object):
            layer.reset_state()
        return object
    if not callable(getattr(object, "reset_state", None)):
        raise TypeError(
            f"reset_states(): layer {shown(object.name)} ({type(object).__name__}) has no "
            "state to reset; recurrent layers (stateful=True), preprocessing layers that "
            "adapt() and metrics have."
        )
    object.reset_state()
    return object


def _stateful_layers(model: Any) -> list[Any]:
    found = []
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            found += _stateful_layers(layer)
        elif getattr(layer, "stateful", False) and callable(getattr(layer, "reset_state", None)):
            found.append(layer)
    return found
