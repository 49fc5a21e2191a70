"""The ``>>`` pipe between models, tensors, layers and verbs.

``model >> layer`` appends ``layer`` to a Sequential model in place and returns
the model; ``tensor >> layer`` calls the layer (functional API); ``model >> verb``
runs a verb such as ``compile(...)`` or ``fit(...)``. The operator is added to
``keras.Model`` (``__rshift__``) and ``keras.layers.Layer`` (``__rrshift__``) on
import, so it works for every layer, a user's own subclasses included. Models
stay plain ``keras.Sequential`` models; piping into a built one costs one layer call
and its graph is made once, when the model is used (:mod:`kernelkeras.pipe._pending`).

``|`` is deliberately not used: on a Keras 3 ``KerasTensor``, ``x | layer`` is
``logical_or``.

Example:

>>> model = keras_model_sequential(input_shape=(784,)) >> layer_dense(units=10)
>>> inputs = layer_input(shape=(784,))
>>> outputs = inputs >> keras.layers.Dense(10)
"""

from __future__ import annotations

import math
from typing import Any

from kernelkeras._backend import keras
from kernelkeras.pipe._batch import add_input_for
from kernelkeras.pipe._pending import (
    LayerIndex,
    append_in_place,
    forget_traced_steps,
    in_place_ends,
    last_output,
    layer_index,
    too_deep,
)

KerasTensor = keras.KerasTensor


def is_tensor_like(obj: Any) -> bool:
    """A symbolic tensor, or a non-empty list/tuple of them (for merge layers)."""
    if isinstance(obj, KerasTensor):
        return True
    return (
        isinstance(obj, (list, tuple))
        and len(obj) > 0
        and all(isinstance(t, KerasTensor) for t in obj)
    )


def is_pipeable(obj: Any) -> bool:
    """What may stand on the left of ``>>``: a model or symbolic tensor(s)."""
    return isinstance(obj, keras.Model) or is_tensor_like(obj)


def _shape(obj: Any) -> Any:
    if isinstance(obj, (list, tuple)):
        return [tuple(t.shape) for t in obj]
    if isinstance(obj, dict):
        return [tuple(t.shape) for t in keras.tree.flatten(obj)]
    return tuple(obj.shape)


def _reshape_hint(shape: tuple[Any, ...], ndim: int) -> str:
    """A concrete ``layer_reshape`` to suggest, when one is obvious."""
    features = shape[1:]
    if ndim == 4 and len(features) == 1 and features[0]:
        side = math.isqrt(int(features[0]))
        if side * side == features[0]:
            return f"layer_reshape(target_shape=({side}, {side}, 1))"
    if ndim == 3 and len(features) == 1 and features[0]:
        return f"layer_reshape(target_shape=({features[0]}, 1))"
    if len(features) + 1 == ndim - 1 and features and all(features):
        # one axis short, e.g. (28, 28) images for a Conv2D: add a channels axis
        return f"layer_reshape(target_shape=({', '.join(map(str, features))}, 1))"
    if len(features) + 1 > ndim:
        return "layer_flatten()"
    dims = ", ".join(["…"] * (ndim - 1))
    return f"layer_reshape(target_shape=({dims}))"


def explain_shape_error(layer: Any, incoming: Any, err: Exception, after: str) -> ValueError:
    """A message for a layer that cannot take its input: what, why and the fix."""
    kind = type(layer).__name__
    spec = layer.input_spec
    spec = spec[0] if isinstance(spec, (list, tuple)) and spec else spec
    want = getattr(spec, "ndim", None) or getattr(spec, "min_ndim", None)
    lines = [f"{layer.name} ({kind}) cannot take the output of {after}."]
    if want and not isinstance(incoming, list) and len(incoming) != want:
        exact = getattr(spec, "ndim", None)
        need = f"{'exactly' if exact else 'at least'} {want} dimensions (batch included)"
        lines.append(
            f"{kind} needs input with {need}; its input has shape {incoming}. "
            f"Add {_reshape_hint(incoming, want)} before it."
        )
    else:
        lines.append(f"Its input has shape {incoming}.")
    lines.append(f"Keras says: {str(err).strip().splitlines()[0]}")
    return ValueError("\n".join(lines))


def _check_new_layer(model: Any, layer: Any, index: LayerIndex) -> None:
    if id(layer) in index.ids:
        raise ValueError(
            f"Layer {layer.name!r} is already in model {model.name!r}; a layer can be added "
            "once. Create a new one, e.g. layer_dense(units=...), to add another."
        )
    if layer.name in index.names:
        raise ValueError(
            f"Model {model.name!r} already has a layer named {layer.name!r}. "
            "Give the new layer another name (name=...)."
        )


def append(model: Any, layer: Any) -> Any:
    """Adds ``layer`` to a Sequential ``model``; on failure the model is left as it was.

    A built model takes the layer in O(1) (:mod:`kernelkeras.pipe._pending`: the layer is
    called on the last output now, the graph is made when the model is used); others
    go through Keras' ``Sequential.add``.
    """
    if not isinstance(model, keras.Sequential):
        raise TypeError(
            f"`model >> layer` appends to Sequential models, but {model.name!r} is a "
            f"{type(model).__name__} model. For the functional API, pipe tensors: "
            "`outputs = inputs >> layer_dense(units=...)`, then keras_model(inputs, outputs)."
        )
    index = layer_index(model)
    _check_new_layer(model, layer, index)
    # a first layer made with input_shape= and batch_size= brings its fixed-batch input
    added = add_input_for(model, layer)
    try:
        return _append_checked(model, layer, index)
    except BaseException:
        if added:
            model.pop(rebuild=False)
        raise


def _append_checked(model: Any, layer: Any, index: LayerIndex) -> Any:
    layers = model._layers
    after = repr(layers[-1].name) if layers else "the model's input"
    ends = in_place_ends(model, layer)
    if ends is not None:
        try:
            append_in_place(model, layer, ends, index)
        except (TypeError, NotImplementedError):
            pass  # Keras' own add words these (or builds the model without a graph)
        except RecursionError:
            raise too_deep(model) from None
        except Exception as err:
            raise explain_shape_error(layer, _shape(ends[1]), err, after) from None
        else:
            forget_traced_steps(model)
            return model
    _add_with_keras(model, layer, after)
    forget_traced_steps(model)
    return model


def _add_with_keras(model: Any, layer: Any, after: str) -> None:
    snapshot = list(model._layers)
    graph, built = model._functional, model.built
    output = last_output(model)
    incoming = _shape(output) if output is not None else None
    try:
        model.add(layer)
    except Exception as err:
        model._layers[:] = snapshot
        model._functional, model.built = graph, built
        if isinstance(err, RecursionError):
            raise too_deep(model) from None
        if incoming is None and model._layers:
            incoming = getattr(model._layers[0], "batch_shape", None)
        if incoming is not None:
            raise explain_shape_error(layer, incoming, err, after) from None
        raise


def compose(obj: Any, layer: Any) -> Any:
    """``obj >> layer``: append to a Sequential model or call on tensor(s)."""
    if isinstance(obj, keras.Model):
        return append(obj, layer)
    if is_tensor_like(obj):
        try:
            return layer(obj)
        except (ValueError, TypeError) as err:
            names = obj if isinstance(obj, (list, tuple)) else [obj]
            after = ", ".join(repr(getattr(t, "name", "tensor")) for t in names)
            raise explain_shape_error(layer, _shape(obj), err, after) from None
    raise TypeError(not_pipeable_into(obj, layer))


def not_pipeable_into(obj: Any, layer: Any) -> str:
    """Message for ``obj >> layer`` where ``obj`` is not a model or tensor."""
    what = type(obj).__name__
    return (
        f"Cannot pipe a {what} into {getattr(layer, 'name', 'a layer')!r}: the left side of "
        ">> must be a Keras model (keras_model_sequential()) or a symbolic tensor "
        "(layer_input(shape=...)). "
        + (
            "To run a layer on data, build a model first, then predict(model, x)."
            if hasattr(obj, "shape")
            else ""
        )
    ).strip()


def not_a_layer(model: Any, other: Any) -> str:
    """Message for ``model >> other`` where ``other`` is not a layer or verb."""
    if getattr(other, "keras_class", None) is not None or getattr(other, "is_verb", False):
        name = other.__name__
        return f"`model >> {name}` pipes the function itself; call it: `model >> {name}(...)`."
    if isinstance(other, type) and issubclass(other, keras.layers.Layer):
        return (
            f"`model >> {other.__name__}` pipes the class; create a layer: "
            f"`model >> {other.__name__}(...)`."
        )
    if isinstance(other, str):
        return (
            f"`model >> {other!r}`: a string is not a layer. Use a layer function, "
            f"e.g. `model >> layer_{other.lower()}(...)`, or a keras.layers object."
        )
    return (
        f"Cannot pipe a {type(other).__name__} into model {model.name!r}: the right side of "
        ">> must be a Keras layer (layer_dense(units=...)) or a verb (compile(...), fit(...))."
    )


def _model_rshift(self: Any, other: Any) -> Any:
    if isinstance(other, keras.layers.Layer):
        return compose(self, other)
    if callable(other) and getattr(other, "is_step", False):
        return other(self)
    raise TypeError(not_a_layer(self, other))


def _layer_rrshift(self: Any, other: Any) -> Any:
    return compose(other, self)


keras.Model.__rshift__ = _model_rshift
keras.layers.Layer.__rrshift__ = _layer_rrshift
