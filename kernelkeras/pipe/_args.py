"""What kind of value each layer argument takes, read from Keras' signature and docstring.

Nothing is written per layer: a parameter takes a whole number when its default is one
(``groups=1``) or its docstring's ``Args:`` says so (``units: Positive integer, ...``),
a number when its default is a float or its docstring starts with "Float", a tuple of
whole numbers when its default is a tuple or it is a size such as ``kernel_size``.
:func:`check_layer_args` uses it to refuse a bool where a number is meant (``True`` is
an ``int`` to Python, so Keras would build ``Dense(units=True)``, a layer of one unit);
the builder's parameter form uses the same kinds.

Example:

>>> number_kinds(keras.layers.Dense)["units"]
'int'
>>> check_layer_args(keras.layers.Dense, {"units": True})
TypeError: layer_dense(): units=True is a bool, but units takes a whole number
(Positive integer, dimensionality of the output space.). Pass a number, e.g. units=32.
"""

from __future__ import annotations

import functools
import inspect
import math
import re
from typing import Any

import numpy as np

from kernelkeras.pipe._constructors import class_signature
from kernelkeras.pipe._naming import r_name

EMPTY = inspect.Parameter.empty
#: Parameters whose value is a tuple of ints (one int for all axes is accepted too).
TUPLE_NAMES = {"kernel_size", "pool_size", "strides", "dilation_rate", "target_shape", "dims"}
_EXAMPLES = {"int": "32", "float": "0.5", "tuple": "(3, 3)"}
_WHAT = {"int": "a whole number", "float": "a number", "tuple": "whole numbers"}


def arg_help(cls: type) -> dict[str, str]:
    """``{parameter: description}`` from the ``Args:`` section of the class docstring."""
    doc = inspect.getdoc(cls) or ""
    section = re.split(r"^\s*Args:\s*$", doc, maxsplit=1, flags=re.M)
    if len(section) < 2:
        return {}
    out: dict[str, str] = {}
    current = None
    for line in section[1].splitlines():
        match = re.match(r"^ {4}(\*{0,2}\w+)\s*(?:\([^)]*\))?:\s*(.*)$", line)
        if match:
            current = match.group(1).lstrip("*")
            out[current] = match.group(2)
        elif current and line.startswith("        "):
            out[current] += " " + line.strip()
        elif line.strip() and not line.startswith(" "):
            break
    return {k: " ".join(v.split()) for k, v in out.items()}


def default_kind(name: str, default: Any) -> str | None:
    """``"bool"``, ``"int"``, ``"float"`` or ``"tuple"`` from a default value; else None."""
    if isinstance(default, bool):
        return "bool"
    if isinstance(default, int):
        return "int"
    if isinstance(default, float):
        return "float"
    if isinstance(default, tuple) or name in TUPLE_NAMES:
        return "tuple"
    return None


def kind_from_help(text: str) -> str:
    """``"int"`` for "Positive integer, ...", ``"float"`` for "Float between 0 and 1", ..."""
    words = text.lower().replace(",", " ").replace(".", " ").split()[:3]
    words = [w for w in words if w not in ("optional", "positive", "a")]
    first = words[0] if words else ""
    return {"integer": "int", "int": "int", "float": "float"}.get(first, "text")


@functools.cache
def number_kinds(cls: type) -> dict[str, str]:
    """``{parameter: "int" | "float" | "tuple"}``: the parameters of ``cls`` taking numbers."""
    helps = arg_help(cls)
    kinds = {}
    for name, param in class_signature(cls).parameters.items():
        kind = default_kind(name, param.default)
        if kind is None and (param.default is EMPTY or param.default is None):
            kind = kind_from_help(helps.get(name, ""))
        if kind in _WHAT:
            kinds[name] = kind
    return kinds


def _is_bool(value: Any) -> bool:
    return isinstance(value, (bool, np.bool_))


def check_layer_args(cls: type, kwargs: dict[str, Any], func_name: str | None = None) -> None:
    """Refuses a bool given where ``cls`` takes a number (``units=True``, ``rate=False``).

    Args:
        cls: the Keras layer class.
        kwargs: the arguments it is about to be called with.
        func_name: the function to name in the message (default ``layer_<r name>``).

    Raises:
        TypeError: naming the argument, what it takes and an example.
    """
    kinds = number_kinds(cls)
    for name, value in kwargs.items():
        kind = kinds.get(name)
        inner = isinstance(value, (tuple, list)) and any(_is_bool(v) for v in value)
        if kind is None or not (_is_bool(value) or (kind == "tuple" and inner)):
            continue
        func = func_name or f"layer_{r_name(cls.__name__)}"
        param = class_signature(cls).parameters[name]
        default = param.default
        plain = default is not EMPTY and default is not None and not _is_bool(default)
        example = repr(default) if plain else _EXAMPLES[kind]
        what = "holds a bool" if inner else "is a bool"
        about = arg_help(cls).get(name, "")
        about = f" ({about[:120]}{'…' if len(about) > 120 else ''})" if about else ""
        raise TypeError(
            f"{func}(): {name}={value!r} {what}, but {name} takes {_WHAT[kind]}{about}. "
            f"Pass a number, e.g. {name}={example}."
        )


def whole_number(value: Any) -> Any:
    """``46`` for NumPy's ``int64(46)`` or a whole float ``46.0`` (R's numbers); else as is."""
    if _is_bool(value):
        return value
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (float, np.floating)) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value


def whole_numbers(cls: type, kwargs: dict[str, Any]) -> dict[str, Any]:
    """``kwargs`` with whole numbers as Python ints where ``cls`` takes whole numbers.

    R passes doubles (``units = 46``) and computed sizes are often NumPy integers
    (``units=y_train.max() + 1``); Keras refuses both where it wants an ``int``. As R
    keras' ``as.integer()``, such values become ints; fractions are left for Keras to refuse.

    >>> whole_numbers(keras.layers.Dense, {"units": np.int64(46)})
    {'units': 46}
    """
    kinds = number_kinds(cls)
    out = dict(kwargs)
    for name, value in kwargs.items():
        kind = kinds.get(name)
        if kind == "int":
            out[name] = whole_number(value)
        elif kind == "tuple" and isinstance(value, (tuple, list)):
            out[name] = type(value)(whole_number(v) for v in value)
        elif kind == "tuple":
            out[name] = whole_number(value)
    return out
