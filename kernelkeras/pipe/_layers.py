"""``layer_*`` functions for every public class in ``keras.layers``, and model makers.

Each ``layer_*`` function is derived from its Keras class at import time (R-style
name, the class's real signature and docstring) and takes an optional object
first, as in R:

- ``layer_dense(units=64)`` returns the layer;
- ``layer_dense(model, units=64)`` appends it to a Sequential model and returns the model;
- ``layer_dense(tensor, units=64)`` calls it on a symbolic tensor and returns the output;
  merge layers take a list: ``layer_concatenate([a, b])``;
- ``layer_unit_normalization(x)`` with a concrete tensor or numpy array calls the
  layer on it and returns the values.

``input_shape=`` on a first layer becomes the model's input (no Keras warning);
``batch_size=`` with it fixes the input's batch dimension (stateful RNNs). R's 2017
``batch_input_shape=`` and ``layer_embedding(input_length=)`` are translated, and
said once.

Example:

>>> model = (keras_model_sequential()
...          >> layer_dense(units=256, activation="relu", input_shape=(784,))
...          >> layer_dense(units=10, activation="softmax"))
>>> inputs = layer_input(shape=(784,))
>>> outputs = inputs >> layer_dense(units=10)
>>> model2 = keras_model(inputs, outputs)
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from kernelkeras._backend import keras
from kernelkeras.pipe._aliases import build_aliases
from kernelkeras.pipe._args import check_layer_args, whole_number, whole_numbers
from kernelkeras.pipe._batch import add_input_for, check_batch_size, mark_batch_size
from kernelkeras.pipe._constructors import class_signature, explain_bad_arguments, public_classes
from kernelkeras.pipe._naming import r_name
from kernelkeras.pipe._operator import compose, is_pipeable
from kernelkeras.pipe._spellings import batch_input_shape_arguments, embedding_arguments

_P = inspect.Parameter


def activation_names() -> list[str]:
    """Names accepted as ``activation=`` strings."""
    skip = {"get", "serialize", "deserialize"}
    return sorted(
        name
        for name, obj in vars(keras.activations).items()
        if callable(obj) and not name.startswith("_") and name not in skip
    )


def _check_activation(func_name: str, kwargs: dict[str, Any]) -> None:
    for key in ("activation", "recurrent_activation"):
        value = kwargs.get(key)
        if isinstance(value, str):
            try:
                keras.activations.get(value)
            except (ValueError, TypeError):
                raise ValueError(
                    f"{func_name}(): unknown {key} {value!r}. Use one of: "
                    f"{', '.join(activation_names())}; or pass a function."
                ) from None


def check_input_shape(func_name: str, value: Any) -> tuple[int | None, ...]:
    """``value`` as a sample shape (an int becomes a 1-tuple); ValueError naming ``func_name``.

    Whole numbers given as floats or NumPy integers (R's ``c(784)``, ``x.shape[1:]``) count.
    """
    value = whole_number(value)
    shape = (value,) if isinstance(value, int) and not isinstance(value, bool) else value
    if isinstance(shape, (tuple, list)):
        shape = tuple(whole_number(d) for d in shape)
    if not isinstance(shape, (tuple, list)) or not all(
        d is None or (isinstance(d, int) and not isinstance(d, bool) and d > 0) for d in shape
    ):
        raise ValueError(
            f"{func_name}(): input_shape must be a tuple of positive ints (None for any size), "
            f"without the batch dimension, e.g. input_shape=(784,); got {value!r}."
        )
    return tuple(shape)


def _layer_function_signature(cls: type) -> inspect.Signature:
    params = [_P("object", _P.POSITIONAL_ONLY, default=None)]
    own = class_signature(cls).parameters.values()
    params += [
        p.replace(kind=_P.KEYWORD_ONLY)
        for p in own
        if p.kind not in (_P.VAR_KEYWORD,) and p.kind is not _P.VAR_POSITIONAL
    ]
    if not issubclass(cls, keras.layers.InputLayer):
        params.append(_P("input_shape", _P.KEYWORD_ONLY, default=None))
        if "batch_size" not in class_signature(cls).parameters:
            params.append(_P("batch_size", _P.KEYWORD_ONLY, default=None))
    params.append(_P("kwargs", _P.VAR_KEYWORD))
    return inspect.Signature(params)


def is_concrete(obj: Any) -> bool:
    """A concrete tensor or array (not symbolic), or a list of them: data to call a layer on."""
    if isinstance(obj, (list, tuple)):
        return len(obj) > 0 and all(is_concrete(item) for item in obj)
    if not (isinstance(obj, np.ndarray) or keras.ops.is_tensor(obj)):
        return False
    return len(getattr(obj, "shape", ())) >= 1


def make_layer_function(cls: type, func_name: str) -> Callable[..., Any]:
    """Builds ``layer_<name>`` for one Keras layer class."""

    own = class_signature(cls).parameters
    own_input_dim = "input_dim" in own
    own_batch = "batch_size" in own
    positional = [
        p.name for p in own.values() if p.kind in (_P.POSITIONAL_ONLY, _P.POSITIONAL_OR_KEYWORD)
    ]

    def layer_function(*args: Any, **kwargs: Any) -> Any:
        obj = kwargs.pop("object", None)
        if obj is None and args and (is_pipeable(args[0]) or is_concrete(args[0])):
            obj, args = args[0], args[1:]
        if issubclass(cls, keras.layers.Embedding):
            kwargs = embedding_arguments(func_name, kwargs)
        batch_size = None
        if not own_batch:
            kwargs = batch_input_shape_arguments(func_name, kwargs)
            batch_size = kwargs.pop("batch_size", None)
        input_shape = kwargs.pop("input_shape", None)
        # R's input_dim= shortcut, unless the layer has its own (Embedding's vocabulary size).
        if kwargs.get("input_dim") is not None and not own_input_dim:
            input_shape = (whole_number(kwargs.pop("input_dim")),)
        _check_activation(func_name, kwargs)
        named = {**dict(zip(positional, args, strict=False)), **kwargs}
        check_layer_args(cls, named, func_name)
        named = whole_numbers(cls, named)
        args = tuple(named.pop(name) for name in positional[: len(args)])
        kwargs = named
        try:
            layer = cls(*args, **kwargs)
        except (TypeError, ValueError) as err:
            better = explain_bad_arguments(func_name, cls, err, kwargs)
            if better is err:
                raise
            raise better from None
        if input_shape is not None:
            layer._input_shape_arg = check_input_shape(func_name, input_shape)
        mark_batch_size(func_name, layer, batch_size)
        if obj is None:
            return layer
        if is_concrete(obj):
            return layer(obj)
        return _add(obj, layer)

    layer_function.__name__ = layer_function.__qualname__ = func_name
    layer_function.__module__ = "kernelkeras"
    layer_function.__doc__ = (
        f"Creates a ``keras.layers.{cls.__name__}`` layer; with a model or tensor first, "
        f"adds it.\n\n``{func_name}(...)`` returns the layer, ``{func_name}(model, ...)`` "
        f"appends it to a Sequential model and returns the model, ``{func_name}(tensor, ...)`` "
        f"returns the output tensor. ``model >> {func_name}(...)`` does the same as the "
        "second form.\n\n" + (inspect.getdoc(cls) or "")
    )
    layer_function.__signature__ = _layer_function_signature(cls)  # type: ignore[attr-defined]
    layer_function.keras_class = cls  # type: ignore[attr-defined]
    return layer_function


def _add(obj: Any, layer: Any) -> Any:
    """``compose(obj, layer)``, a fixed-batch input first where the layer asks for one."""
    added = add_input_for(obj, layer)
    try:
        return compose(obj, layer)
    except Exception:
        if added:
            obj.pop(rebuild=False)
        raise


def layer_input(shape: Sequence[int | None] | int | None = None, **kwargs: Any) -> Any:
    """Creates a symbolic input tensor (``keras.Input``), the start of a functional model.

    Args:
        shape: the shape of one sample, without the batch dimension, e.g. ``(784,)``.
        **kwargs: as in ``keras.Input`` (``batch_size``, ``dtype``, ``name``, ...).

    Example:

    >>> inputs = layer_input(shape=(784,))
    >>> outputs = inputs >> layer_dense(units=10, activation="softmax")
    >>> model = keras_model(inputs, outputs)
    """
    if shape is not None:
        shape = check_input_shape("layer_input", shape)
    return keras.Input(shape=shape, **kwargs)


layer_input.__signature__ = inspect.signature(keras.Input)  # type: ignore[attr-defined]


def keras_model_sequential(
    layers: Sequence[Any] | None = None,
    input_shape: Sequence[int | None] | int | None = None,
    name: str | None = None,
    batch_size: int | None = None,
    **kwargs: Any,
) -> Any:
    """Creates an empty (or pre-filled) Sequential model to pipe layers into.

    Args:
        layers: layers to add, in order.
        input_shape: the shape of one sample (no batch dimension); makes the input explicit
            so shapes and parameter counts are known at once.
        name: the model's name.
        batch_size: a fixed batch size for the input (stateful RNNs need one); needs
            ``input_shape``. R keras3's ``input_batch_size=`` and R's 2017
            ``batch_input_shape=(batch_size, *input_shape)`` are read as this too.
        **kwargs: passed to ``keras.Sequential`` (e.g. ``trainable``).

    Example:

    >>> model = keras_model_sequential(input_shape=(784,), name="mlp") >> layer_dense(units=10)
    >>> keras_model_sequential(input_shape=(10, 1), batch_size=32).inputs[0].shape
    (32, 10, 1)
    """
    func = "keras_model_sequential"
    r_keras3_size = kwargs.pop("input_batch_size", None)
    batch_size = r_keras3_size if batch_size is None else batch_size
    given = {"input_shape": input_shape, "batch_size": batch_size}
    given = batch_input_shape_arguments(func, {**given, **kwargs})
    input_shape, batch_size = given.pop("input_shape"), given.pop("batch_size")
    batch_size = check_batch_size(func, batch_size)
    if batch_size is not None and input_shape is None:
        raise ValueError(
            f"{func}(): batch_size= fixes the batch dimension of the input, so it needs "
            f"input_shape= too, e.g. {func}(input_shape=(10, 1), batch_size={batch_size})."
        )
    model = keras.Sequential(name=name, **given)
    if input_shape is not None:
        shape = check_input_shape(func, input_shape)
        model.add(keras.Input(shape=shape, batch_size=batch_size))
    for layer in layers or ():
        _add(model, layer)
    return model


def keras_model(inputs: Any, outputs: Any, name: str | None = None, **kwargs: Any) -> Any:
    """Creates a functional model from input and output tensors.

    Example:

    >>> inputs = layer_input(shape=(784,))
    >>> model = keras_model(inputs, inputs >> layer_dense(units=10), name="linear")
    """
    return keras.Model(inputs=inputs, outputs=outputs, name=name, **kwargs)


def _build_layer_functions() -> dict[str, Callable[..., Any]]:
    functions: dict[str, Callable[..., Any]] = {}
    for cls in public_classes(keras.layers, keras.layers.Layer):
        name = f"layer_{r_name(cls.__name__)}"
        if cls is keras.layers.InputLayer:
            layer_input.keras_class = cls  # type: ignore[attr-defined]
            functions[name] = layer_input
            continue
        functions.setdefault(name, make_layer_function(cls, name))
    return functions


#: Every ``layer_*`` function by name, one per public ``keras.layers`` class.
LAYER_FUNCTIONS = _build_layer_functions()

#: R's other names: ``time_distributed``, ``bidirectional``, ``rnn_cell_*``, ``rnn_cells_stack``.
LAYER_ALIASES = build_aliases(LAYER_FUNCTIONS)
