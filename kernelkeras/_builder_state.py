"""``BuilderState``: the widget-free model behind the visual model builder.

Rows are numbered from 0; row 0 is the model's input. Every edit is checked by
constructing the Keras layer before it is committed, can be undone, and shapes,
parameter counts and errors are recomputed symbolically (no data, no hidden layers).

Example:

>>> state = BuilderState()
>>> state.add("input", shape=(28, 28))
>>> state.add("flatten")
>>> state.add("dense", units=10, activation="softmax")
>>> state.shapes[-1]
((None, 10), 7850)
>>> print(state.code(), end="")
model = (
    keras_model_sequential(input_shape=(28, 28))
    >> layer_flatten()
    >> layer_dense(units=10, activation="softmax")
)
"""

from __future__ import annotations

import difflib
import inspect
import json
from dataclasses import dataclass, field
from typing import Any

from kernelkeras._backend import keras
from kernelkeras._layers import LAYER_FUNCTIONS, _input_shape, activation_names
from kernelkeras._naming import r_name
from kernelkeras._pipe import explain_shape_error

_EMPTY = inspect.Parameter.empty
_EXTRA = ("trainable", "dtype")  # accepted through **kwargs by every layer
_TUPLE_NAMES = {"kernel_size", "pool_size", "strides", "dilation_rate", "target_shape", "dims"}
_ALWAYS_LOCKED = {"Lambda", "TFSMLayer", "InputLayer"}
Shape = tuple[int | None, ...]


@dataclass(frozen=True)
class BuilderRow:
    """One row as the builder shows it (read-only)."""

    index: int
    kind: str
    keras_class: str
    params: dict[str, Any]
    locked: bool


@dataclass(frozen=True, eq=False)
class _Row:
    cls: type
    params: dict[str, Any]
    layer: Any = None  # locked rows: the layer object they keep
    config: dict[str, Any] | None = None  # locked rows: the serialized layer
    cache: dict[Shape, Any] = field(default_factory=dict)

    @property
    def locked(self) -> bool:
        return self.layer is not None or self.config is not None

    def fresh(self) -> Any:
        if self.locked:
            if self.layer is None:
                raise ValueError("this locked layer could not be rebuilt from its saved config")
            return self.layer
        return self.cls(**self.params)


def _defaults(cls: type) -> dict[str, Any]:
    params = inspect.signature(cls).parameters.values()
    kinds = (inspect.Parameter.VAR_KEYWORD, inspect.Parameter.VAR_POSITIONAL)
    out = {p.name: p.default for p in params if p.kind not in kinds and p.name != "name"}
    return out | {k: True if k == "trainable" else None for k in _EXTRA if k not in out}


def _tuplify(key: str, value: Any, ref: Any) -> Any:
    if isinstance(value, list) and (isinstance(ref, tuple) or key in _TUPLE_NAMES):
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


def _fix(cls: type, key: str, ref: Any) -> str:
    if "activation" in key:
        return f"Use one of: {', '.join(activation_names())}"
    if isinstance(ref, tuple) or key in _TUPLE_NAMES:
        size = f"{len(ref)} " if isinstance(ref, tuple) else ""
        example = "" if ref is _EMPTY else f", e.g. {ref}"
        return f"Use a tuple of {size}positive ints (one int for all axes){example}"
    if isinstance(ref, bool):
        return "Use True or False"
    if isinstance(ref, int):
        return f"Use a positive integer, e.g. {ref}"
    if isinstance(ref, float):
        return f"Use a number, e.g. {ref}"
    return f"See help(layer_{r_name(cls.__name__)}) for what {key} accepts"


def _literal(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, tuple):
        return "(" + ", ".join(map(_literal, value)) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, list):
        return "[" + ", ".join(map(_literal, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_literal(k)}: {_literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


def _encode(value: Any) -> Any:
    """JSON-ready value; tuples are tagged so they come back as tuples."""
    if isinstance(value, (tuple, list)):
        items = [_encode(v) for v in value]
        return {"__tuple__": items} if isinstance(value, tuple) else items
    return {k: _encode(v) for k, v in value.items()} if isinstance(value, dict) else value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"__tuple__"}:
            return tuple(_decode(v) for v in value["__tuple__"])
        return {k: _decode(v) for k, v in value.items()}
    return [_decode(v) for v in value] if isinstance(value, list) else value


def _evaluate(row: _Row, shape: Shape) -> tuple[Shape, int | None] | Exception:
    """Output shape and parameter count of ``row`` on ``shape`` (batch included), cached."""
    if shape in row.cache:
        return row.cache[shape]
    from keras.src.layers.input_spec import assert_input_compatibility

    result: tuple[Shape, int | None] | Exception
    try:
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
        if not isinstance(out, (tuple, list)) or not all(
            d is None or isinstance(d, int) for d in out
        ):
            raise ValueError("it gives several outputs; a linear stack needs one")
        result = (tuple(out), layer.count_params() if layer.built else None)
    except Exception as err:
        result = err
    row.cache[shape] = result
    return result


class BuilderState:
    """A model being built row by row, with undo/redo, live shapes, errors and code export.

    Example:

    >>> state = BuilderState()
    >>> state.add("input", shape=(784,))
    >>> state.add("conv_2d", filters=8, kernel_size=(3, 3))
    >>> state.errors[0][0]
    1
    >>> state.insert(1, "reshape", target_shape=(28, 28, 1))
    >>> state.errors
    []
    """

    def __init__(self) -> None:
        self._shape: Shape | None = None
        self._rows: tuple[_Row, ...] = ()
        self._undo: list[tuple[Shape | None, tuple[_Row, ...]]] = []
        self._redo: list[tuple[Shape | None, tuple[_Row, ...]]] = []
        self._result: list[tuple[Shape | None, int | None, str | None]] | None = None

    # ---- edits ------------------------------------------------------------------------
    def _commit(self, shape: Shape | None, rows: tuple[_Row, ...]) -> None:
        self._undo.append((self._shape, self._rows))
        self._redo.clear()
        self._shape, self._rows, self._result = shape, rows, None

    def _check_index(self, index: int, last: int) -> None:
        if not isinstance(index, int) or not 1 <= index <= last:
            raise ValueError(
                f"Row {index!r} is not a layer row: use 1 to {last} (row 0 is the input; "
                "set its shape with add('input', shape=...))."
            )

    def _make_row(self, index: int, cls: type, params: dict[str, Any], old: _Row | None) -> _Row:
        if old is not None and old.locked:
            raise ValueError(f"Row {index} ({cls.__name__}) is locked: it cannot be edited here.")
        defaults = _defaults(cls)
        current = dict(old.params) if old else {}
        for key, value in params.items():
            if key not in defaults:
                close = difflib.get_close_matches(key, list(defaults), n=1)
                hint = f" Did you mean {close[0]!r}?" if close else ""
                if key in ("input_shape", "input_dim"):
                    hint = " Set the input on row 0 instead: add('input', shape=(...))."
                raise TypeError(
                    f"Row {index} ({cls.__name__}): unknown parameter {key!r}.{hint} "
                    f"It takes: {', '.join(defaults)}."
                )
            ref = current.get(key, defaults[key])
            value = _tuplify(key, value, ref)
            default = defaults[key]
            if default is not _EMPTY and type(value) is type(default) and value == default:
                current.pop(key, None)
            else:
                current[key] = value
        try:
            cls(**current)
        except (ValueError, TypeError) as err:
            text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            key = next((k for k in params if k in text), next(iter(params), "?"))
            ref = (old.params if old else {}).get(key, defaults.get(key, _EMPTY))
            raise type(err)(
                f"Row {index} ({cls.__name__}): cannot set {key}={params.get(key)!r}: {text}. "
                f"{_fix(cls, key, ref)}. The row keeps its last good configuration."
            ) from None
        return _Row(cls, current)

    def add(self, kind: str, **params: Any) -> None:
        """Appends a layer row; ``add("input", shape=...)`` sets row 0's shape instead."""
        if kind == "input":
            self.set(0, **params)
        else:
            self.insert(len(self._rows) + 1, kind, **params)

    def insert(self, index: int, kind: str, **params: Any) -> None:
        """Inserts a layer row at ``index`` (1 to len(rows)); later rows move down."""
        self._check_index(index, len(self._rows) + 1)
        row = self._make_row(index, resolve_kind(kind), params, None)
        self._commit(self._shape, (*self._rows[: index - 1], row, *self._rows[index - 1 :]))

    def remove(self, index: int) -> None:
        """Removes layer row ``index`` (not row 0)."""
        self._check_index(index, len(self._rows))
        self._commit(self._shape, self._rows[: index - 1] + self._rows[index:])

    def move(self, index: int, new_index: int) -> None:
        """Moves layer row ``index`` to ``new_index``."""
        self._check_index(index, len(self._rows))
        self._check_index(new_index, len(self._rows))
        rows = list(self._rows)
        rows.insert(new_index - 1, rows.pop(index - 1))
        self._commit(self._shape, tuple(rows))

    def set(self, index: int, **params: Any) -> None:
        """Changes parameters of a row; a bad value raises and changes nothing.

        Row 0 takes ``shape=`` (``None`` removes it). A value equal to the default
        removes the parameter.
        """
        if index == 0:
            if set(params) - {"shape"}:
                raise TypeError(f"Row 0 (input) takes only shape=, not {sorted(params)}.")
            shape = params.get("shape")
            try:
                shape = None if shape is None else _input_shape("input", shape)
            except ValueError as err:
                raise ValueError(f"Row 0 {str(err).removeprefix('input(): ')}") from None
            return self._commit(shape, self._rows)
        self._check_index(index, len(self._rows))
        old = self._rows[index - 1]
        row = self._make_row(index, old.cls, params, old)
        self._commit(self._shape, (*self._rows[: index - 1], row, *self._rows[index:]))

    def _step(self, source: list[Any], target: list[Any]) -> bool:
        if not source:
            return False
        target.append((self._shape, self._rows))
        (self._shape, self._rows), self._result = source.pop(), None
        return True

    def undo(self) -> bool:
        """Undoes the last edit; False if there is nothing to undo."""
        return self._step(self._undo, self._redo)

    def redo(self) -> bool:
        """Redoes the last undone edit; False if there is nothing to redo."""
        return self._step(self._redo, self._undo)

    # ---- reading ----------------------------------------------------------------------
    @property
    def rows(self) -> list[BuilderRow]:
        """Every row, the input first: index, kind, Keras class name, params, locked."""
        first = BuilderRow(
            0, "input", "InputLayer", {"shape": self._shape} if self._shape else {}, False
        )
        return [first] + [
            BuilderRow(i, r_name(r.cls.__name__), r.cls.__name__, dict(r.params), r.locked)
            for i, r in enumerate(self._rows, 1)
        ]

    def _analyse(self) -> list[tuple[Shape | None, int | None, str | None]]:
        if self._result is not None:
            return self._result
        shape: Shape | None = None if self._shape is None else (None, *self._shape)
        result: list[tuple[Shape | None, int | None, str | None]] = [(shape, 0, None)]
        for i, row in enumerate(self._rows, 1):
            outcome = None if shape is None else _evaluate(row, shape)
            if isinstance(outcome, Exception):
                prev = "the input" if i == 1 else f"row {i - 1} ({self._rows[i - 2].cls.__name__})"
                try:
                    lines = str(explain_shape_error(row.fresh(), shape, outcome, prev)).splitlines()
                except Exception:
                    lines = ["", f"Keras says: {outcome}"]
                lines[0] = f"Row {i} ({row.cls.__name__}) cannot take the output of {prev}."
                if i < len(self._rows):
                    later = (
                        f"Rows {i + 1}-{len(self._rows)} are"
                        if i + 1 < len(self._rows)
                        else f"Row {i + 1} is"
                    )
                    lines.append(f"{later} not checked until this row is fixed.")
                result.append((None, None, "\n".join(lines)))
                shape = None
            else:
                shape, params = outcome if outcome else (None, None)
                result.append((shape, params, None))
        self._result = result
        return result

    @property
    def errors(self) -> list[tuple[int, str]]:
        """(row index, message with a hint) for each row that cannot take its input."""
        return [(i, err) for i, (_, _, err) in enumerate(self._analyse()) if err]

    @property
    def shapes(self) -> list[tuple[Shape | None, int | None]]:
        """(output shape, parameter count) per row; None where unknown."""
        return [(shape, params) for shape, params, _ in self._analyse()]

    @property
    def frame(self) -> Any:
        """The rows as a DataFrame like ``summary(model).frame``, plus an ``error`` column."""
        import pandas as pd

        seen: dict[str, int] = {}
        records = []
        for row, (shape, params, err) in zip(self.rows, self._analyse(), strict=True):
            count = seen[row.kind] = seen.get(row.kind, -1) + 1
            text = "?" if shape is None else "(" + ", ".join(map(str, shape)) + ")"
            trainable = row.params.get("trainable", True)
            name = row.kind if count == 0 else f"{row.kind}_{count}"
            records.append([name, row.keras_class, text, params, trainable, err or ""])
        columns = ["layer", "type", "output_shape", "params", "trainable", "error"]
        frame = pd.DataFrame(records, columns=columns)
        frame["params"] = frame["params"].astype("Int64")
        return frame

    @property
    def model(self) -> Any:
        """A fresh Keras Sequential model; ValueError listing the rows at fault if any."""
        problems = self.errors
        if not problems:
            try:
                head = [] if self._shape is None else [keras.Input(shape=self._shape)]
                return keras.Sequential(head + [row.fresh() for row in self._rows])
            except Exception as err:
                problems = [(0, f"Keras could not build the model: {err}")]
        listing = "\n".join(f"- row {i}: {message}" for i, message in problems)
        raise ValueError(f"The model cannot be built yet; rows at fault:\n{listing}")

    # ---- code and files ---------------------------------------------------------------
    def code(self, style: str = "pipe") -> str:
        """The model as Python source: ``"pipe"`` (kernelkeras) or ``"keras"`` (plain Keras)."""
        if style not in ("pipe", "keras"):
            raise ValueError(f"code(style={style!r}): use 'pipe' or 'keras'.")
        calls = []
        for row in self._rows:
            name = row.cls.__name__
            if row.locked:
                config = keras.saving.serialize_keras_object(row.layer) if row.layer else row.config
                calls.append(f"keras.layers.deserialize({_literal(config)})")
                continue
            args = ", ".join(f"{k}={_literal(v)}" for k, v in row.params.items())
            function = LAYER_FUNCTIONS.get(f"layer_{r_name(name)}")
            if style == "pipe" and getattr(function, "keras_class", None) is row.cls:
                calls.append(f"layer_{r_name(name)}({args})")
            else:
                calls.append(f"keras.layers.{name}({args})")
        shape = self._shape
        if style == "pipe":
            head = f"input_shape={_literal(shape)}" if shape else ""
            body = "".join(f"\n    >> {call}" for call in calls)
            return f"model = (\n    keras_model_sequential({head}){body}\n)\n"
        items = ([f"keras.Input(shape={_literal(shape)})"] if shape else []) + calls
        body = "".join(f"\n        {item}," for item in items)
        return f"model = keras.Sequential(\n    [{body}\n    ]\n)\n"

    def to_json(self) -> str:
        """The rows as JSON text (not the undo history); see :meth:`from_json`."""
        rows: list[dict[str, Any]] = []
        for row in self._rows:
            entry: dict[str, Any] = {"kind": r_name(row.cls.__name__), "class": row.cls.__name__}
            if row.locked:
                saved = keras.saving.serialize_keras_object(row.layer) if row.layer else row.config
                entry["locked"] = saved
            else:
                entry["params"] = row.params
            rows.append(entry)
        state = {"format": "kernelkeras.builder", "version": 1, "input_shape": self._shape}
        return json.dumps(_encode(state | {"rows": rows}), indent=1)

    @classmethod
    def from_json(cls, text: str) -> BuilderState:
        """Rebuilds a state from :meth:`to_json` text; locked rows are deserialized safely."""
        data = _decode(json.loads(text))
        state = cls()
        shape = data.get("input_shape")
        state._shape = None if shape is None else tuple(shape)
        rows = []
        for i, entry in enumerate(data.get("rows", []), 1):
            if "locked" in entry:
                try:
                    layer = keras.saving.deserialize_keras_object(entry["locked"])
                except Exception:
                    layer = None
                klass = getattr(keras.layers, entry["class"], keras.layers.Layer)
                rows.append(_Row(type(layer) if layer else klass, {}, layer, entry["locked"]))
            else:
                rows.append(state._make_row(i, resolve_kind(entry["class"]), entry["params"], None))
        state._rows = tuple(rows)
        return state

    @classmethod
    def from_model(cls, model: Any) -> BuilderState:
        """Imports a Sequential model or a functional model that is a linear chain."""
        state = cls()
        if isinstance(model, keras.Sequential):
            layers = list(model.layers)
            inputs = model.inputs if model.built and getattr(model, "_functional", None) else None
        elif isinstance(model, keras.Model) and hasattr(model, "_nodes_by_depth"):
            layers, inputs = _linear_chain(model), model.inputs
        else:
            raise TypeError(f"from_model() needs a Keras model, got a {type(model).__name__}.")
        state._shape = tuple(inputs[0].shape[1:]) if inputs else None
        state._rows = tuple(_row_from_layer(layer) for layer in layers)
        return state


def _linear_chain(model: Any) -> list[Any]:
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


def _row_from_layer(layer: Any) -> _Row:
    cls = type(layer)
    if getattr(keras.layers, cls.__name__, None) is cls and cls.__name__ not in _ALWAYS_LOCKED:
        try:
            config = layer.get_config()
            defaults = _defaults(cls)
            required = {k: config[k] for k, v in defaults.items() if v is _EMPTY and k in config}
            baseline = cls(**required).get_config()
            params = {
                k: _tuplify(k, config[k], defaults[k])
                for k in defaults
                if k in config and (k in required or bool(config[k] != baseline.get(k)))
            }
            rebuilt = cls(**params).get_config()
            if {**rebuilt, "name": None} == {**config, "name": None}:
                return _Row(cls, params)
        except Exception:
            pass
    return _Row(cls, {}, layer)
