"""Rows of the model builder: one layer each, checked and evaluated on a shape.

A :class:`Row` holds a layer class and the parameters that differ from its defaults
(or, when locked, a layer the builder cannot edit). :func:`evaluate` gives a row's
output shape and parameter count on an input shape, symbolically (no data);
:func:`row_from_layer` and :func:`linear_chain` import layers of existing models
(``_code.py`` writes rows out as code and JSON).
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from keras.src.backend.common import global_state
from keras.src.backend.common.stateless_scope import StatelessScope
from keras.src.layers.input_spec import assert_input_compatibility

from kernelkeras._backend import keras
from kernelkeras._text import shown
from kernelkeras.builder._format import RowEntry, code_in
from kernelkeras.builder._params import EMPTY, TUPLE_NAMES, defaults, field_specs
from kernelkeras.pipe import LAYER_FUNCTIONS, activation_names, check_layer_args, r_name

Shape = tuple[int | None, ...]
_ALWAYS_LOCKED = {"Lambda", "TFSMLayer", "InputLayer"}


@dataclass(frozen=True)
class BuilderRow:
    """One row as the builder shows it (read-only)."""

    index: int
    kind: str
    keras_class: str
    params: dict[str, Any]
    locked: bool


@dataclass(frozen=True, eq=False)
class Row:
    cls: type
    params: dict[str, Any]
    layer: Any = None  # locked rows: the layer object they keep
    config: dict[str, Any] | None = None  # locked rows: the serialized layer
    problem: str | None = None  # locked rows not rebuilt: why (shown on the row)
    cache: dict[Shape, Any] = field(default_factory=dict)

    @property
    def locked(self) -> bool:
        return self.layer is not None or self.config is not None

    @property
    def missing(self) -> list[str]:
        """Required parameters not given yet (a row just taken from the palette)."""
        if self.locked:
            return []
        return [k for k, v in defaults(self.cls).items() if v is EMPTY and k not in self.params]

    def fresh(self) -> Any:
        if self.locked:
            if self.layer is None:
                raise ValueError(self.problem or UNLOADED.format(name=self.cls.__name__))
            return self.layer
        if self.missing:
            names = ", ".join(self.missing)
            raise ValueError(f"{self.cls.__name__} needs a value for {names}")
        return self.cls(**self.params)


UNLOADED = (
    "{name} is locked and could not be rebuilt from its saved configuration (Keras does "
    "not load Python code such as a Lambda's from text in safe mode). Remove the row, or "
    "replace it with a layer from the palette"
)


def copy_layer(layer: Any) -> Any:
    """A new layer with the same configuration (a Lambda keeps its function).

    ``layer`` is a live object of this process (a model the user passed in, or a row the
    user opted in to load), so its function is already here: rebuilding it from the
    configuration just serialized from it runs no code that was not running already.
    """
    config = keras.saving.serialize_keras_object(layer)
    try:
        return keras.saving.deserialize_keras_object(config, safe_mode=False)
    except Exception:  # a layer that cannot be rebuilt from its config: the layer itself
        return layer


#: Stand-ins for required parameters not given yet, so the others can be checked.
_STAND_INS = {"int": 1, "float": 0.5, "tuple": 1}


def check_params(cls: type, params: dict[str, Any]) -> None:
    """Constructs ``cls`` with ``params`` (stand-ins for missing required numbers).

    A bool where a number is meant (``units=True``, which Keras would take as 1) is
    refused first, by the same check as the ``layer_*`` functions.
    """
    check_layer_args(cls, params)
    trial = dict(params)
    for spec in field_specs(cls):
        if spec.required and spec.name not in trial:
            if spec.kind not in _STAND_INS:
                return  # cannot check without it; the row lists it as missing
            trial[spec.name] = _STAND_INS[spec.kind]
    cls(**trial)


def tuplify(key: str, value: Any, ref: Any) -> Any:
    if isinstance(value, list) and (isinstance(ref, tuple) or key in TUPLE_NAMES):
        return tuple(value)
    return value


def resolve_kind(kind: str) -> type:
    """The Keras class for ``"dense"``, ``"conv_2d"``, ``"Dense"``, ...; ValueError if unknown."""
    function = LAYER_FUNCTIONS.get(f"layer_{kind}")
    cls = getattr(function, "keras_class", None) or getattr(keras.layers, kind, None)
    if isinstance(cls, type) and issubclass(cls, keras.layers.Layer):
        return cls
    names = [n.removeprefix("layer_") for n in LAYER_FUNCTIONS]
    close = difflib.get_close_matches(kind, names, n=3)
    hint = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
    raise ValueError(
        f"Unknown layer kind {kind!r}.{hint} Use a layer_* name without the prefix "
        "('dense', 'conv_2d') or a Keras class name ('Dense')."
    )


def fix_hint(cls: type, key: str, ref: Any) -> str:
    if "activation" in key:
        return f"Use one of: {', '.join(activation_names())}"
    if isinstance(ref, tuple) or key in TUPLE_NAMES:
        size = f"{len(ref)} " if isinstance(ref, tuple) else ""
        example = "" if ref is EMPTY else f", e.g. {ref}"
        return f"Use a tuple of {size}positive ints (one int for all axes){example}"
    if isinstance(ref, bool):
        return "Use True or False"
    if isinstance(ref, int):
        return f"Use a positive integer, e.g. {ref}"
    if isinstance(ref, float):
        return f"Use a number, e.g. {ref}"
    return f"See help(layer_{r_name(cls.__name__)}) for what {key} accepts"


@contextlib.contextmanager
def _weights_without_memory() -> Iterator[None]:
    """Layers built inside get weights with shapes but no values (no memory, no time).

    The parameter count of a row needs only the shapes, so a row of 10 billion weights
    (typed, or read from someone's builder JSON) is counted, not allocated. The layers
    built here are thrown away: their weights are never initialised.
    """
    key = "uninitialized_variables"
    pending = list(global_state.get_global_attribute(key, []) or [])
    try:
        with StatelessScope(initialize_variables=False):
            yield
    finally:
        global_state.set_global_attribute(key, pending)


def evaluate(row: Row, shape: Shape) -> tuple[Shape, int | None] | Exception:
    """Output shape and parameter count of ``row`` on ``shape`` (batch included), cached."""
    if shape in row.cache:
        return row.cache[shape]
    result: tuple[Shape, int | None] | Exception
    try:
        # A locked row's layer is the one the model will use: it is built for real.
        scope = contextlib.nullcontext() if row.locked else _weights_without_memory()
        with scope:
            result = _shape_and_count(row, shape)
    except Exception as err:
        result = err
    row.cache[shape] = result
    return result


def _shape_and_count(row: Row, shape: Shape) -> tuple[Shape, int | None]:
    """Builds a fresh layer of ``row`` on ``shape``: its output shape and weight count."""
    layer = row.fresh()
    tensor = keras.KerasTensor(shape)
    assert_input_compatibility(layer.input_spec, tensor, layer.name)
    try:
        out = layer.compute_output_shape(shape)
        if not layer.built:
            layer.build(shape)
    except NotImplementedError:
        layer = row.fresh()
        out = layer(tensor).shape
    if not isinstance(out, (tuple, list)) or not all(d is None or isinstance(d, int) for d in out):
        raise ValueError("it gives several outputs; a linear stack needs one")
    return (tuple(out), layer.count_params() if layer.built else None)


def linear_chain(model: Any) -> list[Any]:
    """The layers of a functional model from input to output; NotImplementedError if branching."""
    chain: list[Any] = []
    tensor = model.outputs[0] if len(model.outputs) == 1 else None
    while tensor is not None and len(model.inputs) == 1:
        history = tensor._keras_history
        layer = history.operation
        if isinstance(layer, keras.layers.InputLayer):
            break
        node = layer._inbound_nodes[history.node_index]
        inputs = node.input_tensors
        chain.insert(0, layer)
        tensor = inputs[0] if len(inputs) == 1 else None
    others = [lay for lay in model.layers if not isinstance(lay, keras.layers.InputLayer)]
    if tensor is None or len(others) != len(chain) or len({id(x) for x in chain}) != len(chain):
        raise NotImplementedError(
            f"Model {model.name!r} is a branching graph: the builder edits only linear chains "
            "for now; branching graphs are read-only (use summary(model) or plot(model))."
        )
    return chain


def row_from_layer(layer: Any) -> Row:
    cls = type(layer)
    if getattr(keras.layers, cls.__name__, None) is cls and cls.__name__ not in _ALWAYS_LOCKED:
        try:
            config = layer.get_config()
            known = defaults(cls)
            required = {k: config[k] for k, v in known.items() if v is EMPTY and k in config}
            baseline = cls(**required).get_config()
            params = {
                k: tuplify(k, config[k], known[k])
                for k in known
                if k in config and (k in required or bool(config[k] != baseline.get(k)))
            }
            rebuilt = cls(**params).get_config()
            if {**rebuilt, "name": None} == {**config, "name": None}:
                return Row(cls, params)
        except Exception:
            pass
    return Row(cls, {}, layer)


def locked_row(entry: RowEntry, safe_mode: bool) -> Row:
    """A locked row from builder JSON, loaded or kept unloaded with the reason.

    It is loaded in safe mode unless the user opted out (``safe_mode=False``); a row
    whose configuration carries code is not loaded at all in safe mode.
    """
    config = entry.locked
    known = getattr(keras.layers, entry.class_name, None)
    klass = known if isinstance(known, type) else keras.layers.Layer
    code = code_in(config, f"{entry.field}.locked")
    if code is not None and safe_mode:
        problem = (
            f"{entry.class_name} is not loaded: {code}, and loading it would run that "
            "code. Open the builder with model_builder.from_json(text, safe_mode=False) "
            "only if you trust where the file came from; or remove the row"
        )
        return Row(klass, {}, None, config, problem)
    try:
        layer = keras.saving.deserialize_keras_object(config, safe_mode=safe_mode)
        if not isinstance(layer, keras.layers.Layer):
            raise TypeError(f"it is a {type(layer).__name__}, not a layer")
    except Exception as err:
        problem = (
            f"{entry.class_name} could not be rebuilt from its saved configuration "
            f"({shown(str(err))}). Remove the row, or replace it with a layer from the palette"
        )
        return Row(klass, {}, None, config, problem)
    return Row(type(layer), {}, layer, config)
