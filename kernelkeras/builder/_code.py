"""The builder's rows written out: as Python code (pipe or plain Keras) and as JSON.

:func:`model_code` writes the code of the ``Code`` tab and :meth:`BuilderState.code`;
:func:`state_json` the text of :meth:`BuilderState.to_json`, with tuples tagged so
they come back as tuples (:func:`encode`, :func:`decode`).

Example:

>>> print(model_code((784,), (Row(keras.layers.Dense, {"units": 10}),), "pipe"), end="")
model = (
    keras_model_sequential(input_shape=(784,))
    >> layer_dense(units=10)
)
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from kernelkeras._backend import keras
from kernelkeras.builder._rows import Row, Shape
from kernelkeras.pipe import LAYER_FUNCTIONS, r_name

#: Marks builder JSON (``to_json``) and its version.
FORMAT = "kernelkeras.builder"
VERSION = 1


def loads_safely(config: Any) -> bool:
    """Whether Keras rebuilds ``config`` in safe mode (False for Python code in it)."""
    try:
        keras.saving.deserialize_keras_object(config)
    except Exception:
        return False
    return True


def literal(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, tuple):
        return "(" + ", ".join(map(literal, value)) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, list):
        return "[" + ", ".join(map(literal, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


def encode(value: Any) -> Any:
    """JSON-ready value; tuples are tagged so they come back as tuples."""
    if isinstance(value, (tuple, list)):
        items = [encode(v) for v in value]
        return {"__tuple__": items} if isinstance(value, tuple) else items
    return {k: encode(v) for k, v in value.items()} if isinstance(value, dict) else value


def decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"__tuple__"}:
            return tuple(decode(v) for v in value["__tuple__"])
        return {k: decode(v) for k, v in value.items()}
    return [decode(v) for v in value] if isinstance(value, list) else value


def _saved(row: Row) -> Any:
    """A locked row's layer, serialized (the configuration it was loaded from, if none)."""
    return keras.saving.serialize_keras_object(row.layer) if row.layer else row.config


def model_code(shape: Shape | None, rows: Sequence[Row], style: str) -> str:
    """The model as Python source: ``"pipe"`` (kernelkeras) or ``"keras"`` (plain Keras)."""
    if style not in ("pipe", "keras"):
        raise ValueError(f"code(style={style!r}): use 'pipe' or 'keras'.")
    calls: list[tuple[str, str]] = []  # (expression, end-of-line comment)
    for row in rows:
        name = row.cls.__name__
        if row.locked:
            config = _saved(row)
            if loads_safely(config):
                calls.append((f"keras.layers.deserialize({literal(config)})", ""))
            else:  # Python code inside (a Lambda): loading it runs that code
                load = "keras.saving.deserialize_keras_object"
                note = f"  # {name}: loading it runs its saved Python code"
                calls.append((f"{load}({literal(config)}, safe_mode=False)", note))
            continue
        args = ", ".join(f"{k}={literal(v)}" for k, v in row.params.items())
        function = LAYER_FUNCTIONS.get(f"layer_{r_name(name)}")
        if style == "pipe" and getattr(function, "keras_class", None) is row.cls:
            calls.append((f"layer_{r_name(name)}({args})", ""))
        else:
            calls.append((f"keras.layers.{name}({args})", ""))
    if style == "pipe":
        head = f"input_shape={literal(shape)}" if shape else ""
        body = "".join(f"\n    >> {call}{note}" for call, note in calls)
        return f"model = (\n    keras_model_sequential({head}){body}\n)\n"
    first = [(f"keras.Input(shape={literal(shape)})", "")] if shape else []
    body = "".join(f"\n        {item},{note}" for item, note in first + calls)
    return f"model = keras.Sequential(\n    [{body}\n    ]\n)\n"


def state_json(shape: Shape | None, rows: Sequence[Row]) -> str:
    """The input shape and rows as builder JSON text."""
    entries: list[dict[str, Any]] = []
    for row in rows:
        entry: dict[str, Any] = {"kind": r_name(row.cls.__name__), "class": row.cls.__name__}
        if row.locked:
            entry["locked"] = _saved(row)
        else:
            entry["params"] = row.params
        entries.append(entry)
    state = {"format": FORMAT, "version": VERSION, "input_shape": shape}
    return json.dumps(encode(state | {"rows": entries}), indent=1)
