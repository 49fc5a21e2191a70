"""The builder's parameter form, generated from each layer's signature and docstring.

Nothing here is written per layer: a parameter's kind comes from its default value
(int, float, bool, tuple, text), its choices from the names Keras knows (activations,
initializers, regularizers, constraints) or from the quoted values its docstring lists
(``padding: string, "valid" or "same"``), its help from the docstring's ``Args:``.
The kinds of numbers and the ``Args:`` reading are pipe's (:func:`pipe.default_kind`,
:func:`pipe.kind_from_help`, :func:`pipe.arg_help`), which the ``layer_*`` functions use
to refuse ``units=True``.

Example:

>>> [spec] = [s for s in field_specs(keras.layers.Dense) if s.name == "units"]
>>> spec.kind, parse_value(spec, "128")
('int', 128)
"""

from __future__ import annotations

import ast
import functools
import inspect
import re
from dataclasses import dataclass
from typing import Any

from kernelkeras._backend import keras
from kernelkeras.pipe import TUPLE_NAMES as TUPLE_NAMES  # the rows read it from here
from kernelkeras.pipe import activation_names, arg_help, default_kind, kind_from_help

EMPTY = inspect.Parameter.empty
_EXTRA = ("trainable", "dtype")  # accepted through **kwargs by every layer
_NAMED = {
    "regularizer": ("l1", "l2", "l1_l2", "orthogonal_regularizer"),
    "constraint": ("max_norm", "min_max_norm", "non_neg", "unit_norm"),
}


@dataclass(frozen=True)
class FieldSpec:
    """One field of the form: ``kind`` is int, float, bool, tuple, choice or text."""

    name: str
    kind: str
    default: Any
    choices: tuple[str, ...] = ()
    help: str = ""

    @property
    def required(self) -> bool:
        return self.default is EMPTY


def defaults(cls: type) -> dict[str, Any]:
    """Every settable parameter of ``cls`` and its default (``EMPTY`` when required)."""
    params = inspect.signature(cls).parameters.values()
    kinds = (inspect.Parameter.VAR_KEYWORD, inspect.Parameter.VAR_POSITIONAL)
    out = {p.name: p.default for p in params if p.kind not in kinds and p.name != "name"}
    return out | {k: True if k == "trainable" else None for k in _EXTRA if k not in out}


@functools.cache
def _initializer_names() -> tuple[str, ...]:
    names = {n for n in dir(keras.initializers) if n[:1].islower() and n[0] != "_"}
    return tuple(sorted(names - {"deserialize", "get", "serialize"}))


@functools.cache
def field_specs(cls: type) -> tuple[FieldSpec, ...]:
    """The form's fields for layer class ``cls``, in signature order."""
    helps = arg_help(cls)
    specs = []
    for name, default in defaults(cls).items():
        text = helps.get(name, "")
        choices: tuple[str, ...] = ()
        basic = default_kind(name, default)  # pipe's kinds: the layer functions use them too
        if basic is not None:
            kind = basic
        elif "activation" in name:
            kind, choices = "choice", tuple(activation_names())
        elif name.endswith("initializer"):
            kind, choices = "choice", _initializer_names()
        elif name.split("_")[-1] in _NAMED:
            kind, choices = "choice", _NAMED[name.split("_")[-1]]
        else:
            quoted = tuple(dict.fromkeys(re.findall(r'`"([A-Za-z_]\w*)"`', text)))
            ok = (isinstance(default, str) and default in quoted) or default is None
            kind, choices = ("choice", quoted) if len(quoted) > 1 and ok else ("text", ())
            if kind == "text" and default in (EMPTY, None):
                kind = kind_from_help(text)
        specs.append(FieldSpec(name, kind, default, choices, text))
    return tuple(specs)


def format_value(value: Any) -> str:
    """The text a field shows for ``value`` (the inverse of :func:`parse_value`)."""
    if value is EMPTY:
        return ""
    if isinstance(value, str):
        return value
    return repr(value)


def parse_value(spec: FieldSpec, text: str) -> Any:
    """The value typed into a field, checked against the field's kind.

    An empty field means the default. Raises ValueError naming the field, the
    problem and the fix; the caller keeps the layer's last good configuration.
    """
    text = text.strip()
    where = f"{spec.name}: {text!r} is not"
    if text == "":
        if spec.required:
            raise ValueError(f"{spec.name} is required: type a value.")
        return spec.default
    if text == "None" and spec.kind != "bool":
        return None
    if spec.kind == "choice" or isinstance(spec.default, str):
        quoted = len(text) > 1 and text[0] == text[-1] and text[0] in "'\""
        return text[1:-1] if quoted else text
    if spec.kind == "text":
        try:
            return ast.literal_eval(text)
        except (ValueError, SyntaxError):
            return text
    if spec.kind == "bool":
        if text.lower() in ("true", "1", "yes"):
            return True
        if text.lower() in ("false", "0", "no"):
            return False
        raise ValueError(f"{where} True or False.")
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        value = None
        if spec.kind != "tuple":
            kind = "a whole number" if spec.kind == "int" else "a number"
            raise ValueError(f"{where} {kind}: type digits, e.g. {_example(spec)}.") from None
    if spec.kind == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"{where} a whole number: type digits, e.g. {_example(spec)}.")
        return value
    if spec.kind == "float":
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise ValueError(f"{where} a number: type e.g. {_example(spec)}.")
        return float(value)
    if isinstance(value, list):
        value = tuple(value)
    ok = isinstance(value, int) and not isinstance(value, bool)
    if isinstance(value, tuple):
        ok = all((isinstance(v, int) and not isinstance(v, bool)) or v is None for v in value)
    if not ok:
        raise ValueError(
            f"{where} a tuple of whole numbers: type e.g. {_example(spec)} "
            "(parentheses, numbers separated by commas; one number for all axes)."
        )
    return value


def _example(spec: FieldSpec) -> str:
    if spec.default is not EMPTY and spec.default is not None:
        return format_value(spec.default)
    return {"int": "32", "float": "0.5", "tuple": "(3, 3)"}.get(spec.kind, "...")
