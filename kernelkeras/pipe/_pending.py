"""Linear-time piping: a Sequential model's graph is made once, when the model is used.

Once a Sequential model knows its input, Keras' ``Sequential.add`` calls every layer
again and remakes the functional graph on each new layer, so piping n layers one by one
costs n²/2 layer calls. :func:`append_in_place` calls only the new layer, on the model's
last output, inside the model's name scope, as Keras' own build would: that checks its
input shape at once (errors come at the ``>>`` that caused them) and creates its weights.
Instead of a graph the model then holds a :class:`PendingGraph` in ``_functional``, the
one attribute through which Keras reaches a Sequential model's graph (``call``,
``inputs``, ``outputs``, ``input_shape``, ``compute_output_spec``, export). The first
time Keras reaches for it, the graph is made from the layers' existing calls (one pass,
what ``keras.Sequential([...])`` does) and put in its place.

Nothing else waits: ``model.layers``, the weights, ``count_params()``, each layer's
output shape and ``model.summary()`` are current after every ``>>``. The model's class
stays ``keras.Sequential``, and it saves, loads and trains as one built from a list.
The train, test and predict functions Keras traced before a ``>>`` are dropped
(:func:`forget_traced_steps`): Keras keeps them across ``add`` and would go on
predicting without the new layer.

Keras makes the graph by recursion, one level per layer. Wherever Keras asks for it
(deep inside ``fit``, say), the graph is made with the stack room of a call at the top
level, so a model Keras could build from a list builds here too; a deeper one gets a
:class:`RecursionError` that gives its depth and the ``sys.setrecursionlimit`` to set.

Example:

>>> model = keras_model_sequential(input_shape=(16,))
>>> for _ in range(200):
...     model >> layer_dense(units=16)   # one layer call each
>>> model.predict(x)                     # the graph is made here, once
"""

from __future__ import annotations

import copy
import math
import sys
import weakref
from typing import Any, NamedTuple

import tensorflow as tf
from keras.src.models.functional import Functional

from kernelkeras._backend import keras

#: Skipped by attribute forwarding: Python's own names and TensorFlow's tracking state.
_OWN_PREFIXES = ("__", "_kk_", "_self_")


class LayerIndex(NamedTuple):
    """The names and ids of a model's layers, to refuse a duplicate in O(1).

    Attributes:
        names: ``layer.name`` of each of ``model.layers``.
        ids: ``id(layer)`` of each of them.
        size: ``len(model._layers)`` when it was last brought up to date.
    """

    names: set[str]
    ids: set[int]
    size: int


class PendingGraph(tf.__internal__.tracking.Trackable):
    """Stands in for a Sequential model's ``_functional`` graph until Keras uses it.

    It holds the model's input tensor and its last layer's output, both from calls
    already made. Any attribute Keras asks of it (``call``, ``outputs``, ...) makes the
    real graph, puts it in the model, and answers from it. TensorFlow's checkpoints
    reach the graph as a tracked child of the model: they make it too.
    """

    def __init__(self, model: Any, inputs: Any, outputs: Any, index: LayerIndex) -> None:
        self._maybe_initialize_trackable()
        self._kk_model = weakref.ref(model)
        self._kk_inputs = inputs
        self._kk_outputs = outputs
        self._kk_index = index
        self._kk_graph: Any = None

    @property
    def pending_output(self) -> Any:
        """The last layer's output, the input of a layer piped next."""
        return self._kk_outputs

    @property
    def pending_input(self) -> Any:
        """The model's input tensor."""
        return self._kk_inputs

    def resolve(self) -> Any:
        """The model's graph, made now if it was not; it replaces this in the model."""
        if self._kk_graph is None:
            model = self._kk_model()
            self._kk_graph = _make_graph(model, self._kk_inputs, self._kk_outputs)
            if model is not None and model.__dict__.get("_functional") is self:
                _put_graph(model, self._kk_graph)
        return self._kk_graph

    def __getattr__(self, name: str) -> Any:
        if name.startswith(_OWN_PREFIXES):
            raise AttributeError(name)
        return getattr(self.resolve(), name)

    def _trackable_children(self, save_type: str = "checkpoint", **kwargs: Any) -> Any:
        return self.resolve()._trackable_children(save_type, **kwargs)

    def _lookup_dependency(self, name: str, cached_dependencies: Any = None) -> Any:
        return self.resolve()._lookup_dependency(name, cached_dependencies)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.resolve()(*args, **kwargs)

    def __bool__(self) -> bool:
        return True

    def __copy__(self) -> Any:
        return self.resolve()

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        return copy.deepcopy(self.resolve(), memo)

    def __repr__(self) -> str:
        model = self._kk_model()
        name = getattr(model, "name", "?")
        return f"<graph of Sequential model {name!r}, made when the model is first used>"


def _put_graph(model: Any, graph: Any) -> None:
    """``model._functional = graph``, with this stand-in left as TensorFlow's dependency.

    TensorFlow lists a model's tracked children more than once while it writes a
    checkpoint; the child must stay the same object, and this one forwards to the graph.
    """
    tracking = getattr(model, "_self_setattr_tracking", True)
    model._self_setattr_tracking = False
    try:
        model._functional = graph
    finally:
        model._self_setattr_tracking = tracking


def _stack_depth() -> int:
    frame, depth = sys._getframe(1), 1
    while frame.f_back is not None:
        frame, depth = frame.f_back, depth + 1
    return depth


def _make_graph(model: Any, inputs: Any, outputs: Any) -> Any:
    """``Functional(inputs, outputs)``, with the recursion budget of a top-level call."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(limit + _stack_depth())
    try:
        return Functional(inputs=inputs, outputs=outputs)
    except RecursionError:
        raise too_deep(model, limit) from None
    finally:
        sys.setrecursionlimit(limit)


def too_deep(model: Any, limit: int | None = None) -> RecursionError:
    """The error for a graph deeper than Python's recursion limit: the depth and the fix."""
    limit = sys.getrecursionlimit() if limit is None else limit
    depth = len(model.layers) if model is not None else 0
    name = repr(model.name) if model is not None else "this model"
    wanted = int(math.ceil((limit + 2 * depth) / 1000) * 1000)
    return RecursionError(
        f"Model {name} is {depth} layers deep, deeper than Python's recursion limit "
        f"({limit}) allows: Keras walks a model's graph one recursion level per layer. "
        f"Raise the limit, e.g. `import sys; sys.setrecursionlimit({wanted})`, "
        "then use the model again."
    )


def _ends(model: Any) -> tuple[Any, Any] | None:
    """The model's (input, last output) if its graph ends at its last layer, else None."""
    graph = model.__dict__.get("_functional")
    if isinstance(graph, PendingGraph):
        inputs, outputs = graph.pending_input, graph.pending_output
    elif isinstance(graph, Functional):
        inputs, outputs = graph.input, graph.output
    else:
        return None
    layers = model._layers
    if len(layers) < 2 or inputs is not layers[0].output:
        return None
    flat = keras.tree.flatten(outputs)
    history = getattr(flat[0], "_keras_history", None) if flat else None
    if history is None or history.operation is not layers[-1]:
        return None
    return inputs, outputs


def forget_traced_steps(model: Any) -> None:
    """Drops the train, test and predict functions Keras traced for the model's old graph.

    Keras keeps them across ``add``: ``predict`` after an ``add`` would still run the
    model without its new layer. New ones are traced on the next call.
    """
    for attr in ("train_function", "test_function", "predict_function"):
        if model.__dict__.get(attr) is not None:
            setattr(model, attr, None)


def layer_index(model: Any) -> LayerIndex:
    """The names and ids of ``model.layers``: kept by a pending graph, else collected."""
    graph = model.__dict__.get("_functional")
    if isinstance(graph, PendingGraph) and graph._kk_index.size == len(model._layers):
        return graph._kk_index
    layers = model.layers
    return LayerIndex({layer.name for layer in layers}, {id(layer) for layer in layers}, -1)


def in_place_ends(model: Any, layer: Any) -> tuple[Any, Any] | None:
    """The model's (input, last output) if ``model >> layer`` can skip Keras' rebuild.

    That is: a plain (or not-overriding) ``keras.Sequential``, built, whose graph ends at
    its last layer, and a layer that is not an ``InputLayer``. Else None.
    """
    cls = type(model)
    if (
        isinstance(layer, keras.layers.Layer)
        and not isinstance(layer, keras.layers.InputLayer)
        and cls.add is keras.Sequential.add
        and cls.build is keras.Sequential.build
        and cls._maybe_rebuild is keras.Sequential._maybe_rebuild
        and model.built
    ):
        return _ends(model)
    return None


def last_output(model: Any) -> Any | None:
    """The output of the model's last layer (a ``KerasTensor``), None if it has none yet."""
    ends = _ends(model)
    return None if ends is None else ends[1]


def append_in_place(model: Any, layer: Any, ends: tuple[Any, Any], index: LayerIndex) -> None:
    """Calls ``layer`` on the model's last output and appends it; the graph is made later.

    Args:
        model: the Sequential model.
        layer: the new layer.
        ends: the model's (input, last output), from :func:`in_place_ends`.
        index: the model's :func:`layer_index`, which takes in the new layer.

    If the layer cannot take the model's output, Keras' error propagates and the model
    is as it was.
    """
    inputs, outputs = ends
    with model._open_name_scope():
        new_outputs = layer(outputs)
    model._layers.append(layer)
    index.names.add(layer.name)
    index.ids.add(id(layer))
    index = index._replace(size=len(model._layers))
    model._functional = PendingGraph(model, inputs, new_outputs, index)
