"""Builder JSON: the declared format, checked field by field before anything is built.

Builder JSON comes from other people, so :func:`parse` reads it as untrusted text. It
refuses, with a message naming the field, anything that is not this format::

    {"format": "kernelkeras.builder", "version": 1,
     "input_shape": {"__tuple__": [784]} | [784] | null,
     "rows": [{"kind": "dense", "class": "Dense", "params": {"units": 10}},
              {"kind": "lambda", "class": "Lambda", "locked": {<a Keras layer config>}}]}

Limits: :data:`MAX_CHARS` characters, :data:`MAX_ROWS` rows, :data:`MAX_DEPTH` levels of
nesting; error messages quote at most ~200 characters of any value. A value that would
load Python code when rebuilt (a Lambda's function, a function or class from a module
outside Keras) is found by :func:`code_in`; the builder refuses to run or export it
unless the user opted in by name (``safe_mode=False``).

Example:

>>> document = parse('{"format": "kernelkeras.builder", "version": 1, '
...                  '"input_shape": [784], "rows": []}')
>>> document.input_shape
(784,)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from kernelkeras._configs import find_code
from kernelkeras._text import shown

#: Marks builder JSON (``to_json``) and its version.
FORMAT = "kernelkeras.builder"
VERSION = 1
#: Limits on untrusted builder JSON: far above any real builder (a 1,000-row stack with
#: locked rows is about 1 MB), far below what would stall a notebook.
MAX_CHARS = 10_000_000
MAX_ROWS = 2_000
MAX_DEPTH = 40
MAX_DIMS = 8
_KEYS = {"format", "version", "input_shape", "rows"}
_ROW_KEYS = {"kind", "class"}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,99}\Z")


class BuilderJSONError(ValueError):
    """Builder JSON that is not the declared format; the message names the field."""


@dataclass(frozen=True)
class RowEntry:
    """One row of builder JSON: ``params`` for an editable row, ``locked`` for a saved layer."""

    field: str  # where it is, for messages: "rows[3]"
    kind: str
    class_name: str
    params: dict[str, Any] | None
    locked: dict[str, Any] | None


@dataclass(frozen=True)
class BuilderDocument:
    input_shape: tuple[int | None, ...] | None
    rows: list[RowEntry]


def _fail(field: str, problem: str) -> BuilderJSONError:
    return BuilderJSONError(f"Builder JSON: {field} {problem}")


def decode(value: Any) -> Any:
    """JSON data with ``{"__tuple__": [...]}`` turned back into tuples."""
    if isinstance(value, dict):
        if set(value) == {"__tuple__"} and isinstance(value["__tuple__"], list):
            return tuple(decode(v) for v in value["__tuple__"])
        return {k: decode(v) for k, v in value.items()}
    return [decode(v) for v in value] if isinstance(value, list) else value


def _depth(value: Any) -> int:
    """Nesting depth of JSON data, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            return deepest
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
    return deepest


def code_in(value: Any, field: str) -> str | None:
    """Where rebuilding ``value`` would load Python code, for a message; or None.

    The check is ``_configs.find_code``, shared with ``load_model``: a function's
    bytecode (a Lambda's), a layer that loads code from outside the file (TFSMLayer), or a
    class or function named in a module outside Keras.
    """
    found = find_code(value)
    if found is None:
        return None
    where = f"{field} (layer {shown(found.layer)})" if found.layer else field
    if found.kind == "lambda":
        return f"{where} holds a Python function's bytecode (a Lambda)"
    if found.kind == "code layer":
        return f"{where} is a {found.class_name}, which loads code from outside the file"
    return f"{where} names {shown(found.class_name)} in the module {shown(found.module)}"


def _shape(value: Any) -> tuple[int | None, ...] | None:
    if value is None:
        return None
    if not isinstance(value, (list, tuple)) or not 1 <= len(value) <= MAX_DIMS:
        raise _fail(
            "input_shape",
            f"must be a list of 1 to {MAX_DIMS} positive integers (null for any size) or "
            f"null; got {shown(value)}.",
        )
    for i, dim in enumerate(value):
        if dim is not None and (type(dim) is not int or not 0 < dim < 2**31):
            raise _fail(
                f"input_shape[{i}]",
                f"must be a positive integer (or null for any size); got {shown(dim)}.",
            )
    return tuple(value)


def _row(entry: Any, field: str) -> RowEntry:
    if not isinstance(entry, dict):
        raise _fail(field, f"must be an object with kind, class and params; got {shown(entry)}.")
    body = ({"params", "locked"} & set(entry)) or {"params"}
    unknown = set(entry) - _ROW_KEYS - body
    if len(body) != 1 or unknown or not set(entry) >= _ROW_KEYS:
        raise _fail(
            field,
            "must have the keys kind, class and either params (an editable row) or locked (a "
            f"saved layer); it has {shown(sorted(entry))}.",
        )
    for key in ("kind", "class"):
        if not isinstance(entry[key], str) or not _NAME.match(entry[key]):
            raise _fail(
                f"{field}.{key}",
                f"must be a layer name of letters, digits and _ (at most 100); got "
                f"{shown(entry[key])}.",
            )
    (which,) = body
    value = entry.get(which)
    if not isinstance(value, dict):
        raise _fail(f"{field}.{which}", f"must be an object; got {shown(value)}.")
    if which == "params":
        for key in value:
            if not _NAME.match(key):
                raise _fail(f"{field}.params", f"has a parameter name {shown(key)}.")
        return RowEntry(field, entry["kind"], entry["class"], value, None)
    if not isinstance(value.get("class_name"), str) or not isinstance(value.get("config"), dict):
        raise _fail(
            f"{field}.locked",
            "must be a Keras layer configuration (an object with class_name and config); got "
            f"{shown(value)}.",
        )
    return RowEntry(field, entry["kind"], entry["class"], None, value)


def parse(text: Any) -> BuilderDocument:
    """Reads builder JSON text; :class:`BuilderJSONError` naming the field if it is not one."""
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as err:
            raise _fail("text", f"is not UTF-8 ({err.reason} at byte {err.start}).") from None
    if not isinstance(text, str):
        raise BuilderJSONError(
            f"Builder JSON: expected the text of builder.to_json() (a str), got a "
            f"{type(text).__name__}: {shown(text)}. Read a file with open(path).read()."
        )
    if len(text) > MAX_CHARS:
        raise _fail(
            "text",
            f"is {len(text):,} characters; builder JSON is at most {MAX_CHARS:,}. This is not "
            "a builder's JSON (a 1,000-row builder is about 1 MB).",
        )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise _fail(
            "text", f"is not JSON: {err.msg} at line {err.lineno} column {err.colno}."
        ) from None
    except RecursionError:
        raise _fail("text", f"is nested deeper than {MAX_DEPTH} levels.") from None
    if _depth(data) > MAX_DEPTH:
        raise _fail("text", f"is nested deeper than {MAX_DEPTH} levels.")
    if not isinstance(data, dict):
        raise BuilderJSONError(
            f"Builder JSON must be an object with format {FORMAT!r}; got "
            f"{'null' if data is None else 'a ' + type(data).__name__}: {shown(data)}."
        )
    if data.get("format") != FORMAT:
        hint = ""
        if data.get("format") == "kernelkeras.history":
            hint = " It is a training history: read it with load_history(path)."
        raise _fail("format", f"must be {FORMAT!r}; got {shown(data.get('format'))}.{hint}")
    version = data.get("version")
    if type(version) is not int or version < 1:
        raise _fail("version", f"must be a positive integer; got {shown(version)}.")
    if version > VERSION:
        raise _fail(
            "version",
            f"is {version}: written by a newer kernelkeras (this one reads version {VERSION}). "
            "Upgrade kernelkeras.",
        )
    unknown = set(data) - _KEYS
    if unknown:
        fields = shown(sorted(unknown))
        raise _fail("text", f"has unknown fields {fields}; it takes {sorted(_KEYS)}.")
    rows = data.get("rows", [])
    if not isinstance(rows, list):
        raise _fail("rows", f"must be a list of rows; got {shown(rows)}.")
    if len(rows) > MAX_ROWS:
        raise _fail("rows", f"has {len(rows):,} rows; the builder takes at most {MAX_ROWS:,}.")
    entries = [_row(decode(entry), f"rows[{i}]") for i, entry in enumerate(rows)]
    return BuilderDocument(_shape(decode(data.get("input_shape"))), entries)
