"""Fixed batch sizes: ``batch_size=`` on a first layer, as R's stateful RNN recipe writes.

A stateful RNN keeps its state from one batch to the next, so the model's input needs
a fixed batch dimension. R keras writes it on the first layer::

    model <- keras_model_sequential()
    model %>% layer_lstm(units = 50, input_shape = c(1, 1), batch_size = 25, stateful = TRUE)

Keras 3 layers take no ``batch_size=``: the layer function keeps it on the layer
(:func:`mark_batch_size`), and the Sequential model gets a
``keras.Input(shape=input_shape, batch_size=batch_size)`` before that layer
(:func:`input_layer_for`).

Example:

>>> model = keras_model_sequential()
>>> layer_lstm(model, units=50, input_shape=(1, 1), batch_size=25, stateful=True)
>>> model.inputs[0].shape
(25, 1, 1)
"""

from __future__ import annotations

from typing import Any

from kernelkeras._backend import keras
from kernelkeras._text import shown

#: The attribute a layer function sets on a layer made with ``batch_size=``.
BATCH_SIZE_ATTR = "_kernelkeras_batch_size"


def check_batch_size(func_name: str, value: Any) -> int | None:
    """``value`` as a batch size (a positive whole number or None); ValueError otherwise."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(
            f"{func_name}(): batch_size={shown(value)} must be a positive whole number, "
            "the fixed number of samples in every batch, e.g. batch_size=32."
        )
    return int(value)


def mark_batch_size(func_name: str, layer: Any, batch_size: Any) -> None:
    """Keeps ``batch_size`` on ``layer`` for the model's input (needs ``input_shape=``)."""
    size = check_batch_size(func_name, batch_size)
    if size is None:
        return
    if getattr(layer, "_input_shape_arg", None) is None:
        raise ValueError(
            f"{func_name}(): batch_size= fixes the batch dimension of a model's input, so "
            "it goes on the first layer together with input_shape=, e.g. "
            f"{func_name}(..., input_shape=(10, 1), batch_size={size})."
        )
    setattr(layer, BATCH_SIZE_ATTR, size)


def input_layer_for(layer: Any) -> Any | None:
    """The fixed-batch ``InputLayer`` to add before ``layer`` in an empty model, or None.

    None unless ``layer`` was made with ``input_shape=`` and ``batch_size=``.
    """
    size = getattr(layer, BATCH_SIZE_ATTR, None)
    shape = getattr(layer, "_input_shape_arg", None)
    if size is None or shape is None:
        return None
    return keras.layers.InputLayer(shape=tuple(shape), batch_size=size)


def add_input_for(model: Any, layer: Any) -> bool:
    """Adds ``layer``'s fixed-batch input to ``model`` if it has no layers yet; True if so."""
    if not isinstance(model, keras.Sequential) or model._layers:
        return False
    first = input_layer_for(layer)
    if first is None:
        return False
    model.add(first)
    return True
