"""The builder's rows written out: as Python code (pipe or plain Keras) and as JSON.

:func:`model_code` writes the code of the ``Code`` tab and :meth:`BuilderState.code`;
:func:`state_json` the text of :meth:`BuilderState.to_json`, with tuples tagged so
they come back as tuples (:func:`encode`; ``_format.py`` reads it back).

Example:

>>> print(model_code((784,), (Row(keras.layers.Dense, {"units": 10}),), "pipe"), end="")
model = (
    keras_model_sequential(input_shape=(784,))
    >> layer_dense(units=10)
)
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

from kernelkeras._backend import keras
from kernelkeras._text import shown
from kernelkeras.builder._format import FORMAT, VERSION, code_in
from kernelkeras.builder._rows import Row, Shape
from kernelkeras.pipe import LAYER_FUNCTIONS, r_name


def literal(value: Any) -> str:
    """``value`` as Python source that evaluates back to it, whatever its text holds.

    Strings are written by ``repr`` (so no text can end its literal early, whatever
    quotes, backslashes or newlines it holds), in double quotes where that needs no
    escape; NaN and infinities as ``float("nan")``.
    """
    if isinstance(value, str):
        text = repr(value)
        return f'"{text[1:-1]}"' if text[0] == "'" and '"' not in value else text
    if isinstance(value, float) and not math.isfinite(value):
        return f"float({str(value)!r})"
    if isinstance(value, tuple):
        return "(" + ", ".join(map(literal, value)) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, list):
        return "[" + ", ".join(map(literal, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    if value is None or isinstance(value, (bool, int, float)):
        return repr(value)
    raise TypeError(f"cannot write a {type(value).__name__} as code: {shown(value)}")


def encode(value: Any) -> Any:
    """JSON-ready value; tuples are tagged so they come back as tuples."""
    if isinstance(value, (tuple, list)):
        items = [encode(v) for v in value]
        return {"__tuple__": items} if isinstance(value, tuple) else items
    return {k: encode(v) for k, v in value.items()} if isinstance(value, dict) else value


def _saved(row: Row) -> Any:
    """A locked row's layer, serialized (the configuration it was loaded from, if none)."""
    return keras.saving.serialize_keras_object(row.layer) if row.layer else row.config


def model_code(shape: Shape | None, rows: Sequence[Row], style: str, safe_mode: bool = True) -> str:
    """The model as Python source: ``"pipe"`` (kernelkeras) or ``"keras"`` (plain Keras).

    A locked row whose configuration carries Python code (a Lambda's function) is written
    as loadable code only with ``safe_mode=False`` (the user opted in); otherwise the code
    starts with a ``raise`` that says which row was left out and why.
    """
    if style not in ("pipe", "keras"):
        raise ValueError(f"code(style={shown(style)}): use 'pipe' or 'keras'.")
    calls: list[tuple[str, str]] = []  # (expression, end-of-line comment)
    refused: list[str] = []
    for index, row in enumerate(rows, 1):
        name = row.cls.__name__
        if row.locked:
            config = _saved(row)
            code = code_in(config, name)
            if code is None:
                calls.append((f"keras.layers.deserialize({literal(config)})", ""))
            elif not safe_mode:  # the user opted in, by name: model_builder(..., safe_mode=False)
                load = "keras.saving.deserialize_keras_object"
                note = f"  # {name}: loading it runs its saved Python code (you opted in)"
                calls.append((f"{load}({literal(config)}, safe_mode=False)", note))
            else:
                refused.append(f"row {index} ({name}): {code}")
                calls.append(("", f"# row {index} ({name}) left out: it carries Python code"))
            continue
        args = ", ".join(f"{k}={literal(v)}" for k, v in row.params.items())
        function = LAYER_FUNCTIONS.get(f"layer_{r_name(name)}")
        if style == "pipe" and getattr(function, "keras_class", None) is row.cls:
            calls.append((f"layer_{r_name(name)}({args})", ""))
        else:
            calls.append((f"keras.layers.{name}({args})", ""))
    head = _refusal(refused)
    if style == "pipe":
        start = f"input_shape={literal(shape)}" if shape else ""
        body = "".join(
            f"\n    >> {call}{note}" if call else f"\n    {note}" for call, note in calls
        )
        return f"{head}model = (\n    keras_model_sequential({start}){body}\n)\n"
    first = [(f"keras.Input(shape={literal(shape)})", "")] if shape else []
    body = "".join(
        f"\n        {item},{note}" if item else f"\n        {note}" for item, note in first + calls
    )
    return f"{head}model = keras.Sequential(\n    [{body}\n    ]\n)\n"


def _refusal(refused: list[str]) -> str:
    """The ``raise`` that stops exported code missing a refused row from running unnoticed."""
    if not refused:
        return ""
    reason = (
        f"The builder left out {'; '.join(refused)}. Code saved in a file is not exported "
        "as code to run. Re-create the layer here, or reopen the builder with "
        "model_builder(..., safe_mode=False) if you trust where it came from."
    )
    return f"raise ValueError({literal(reason)})\n\n"


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
