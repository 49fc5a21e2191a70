"""Keras functions under R names: a thin wrapper with the real signature and docstring.

A wrapper costs next to nothing to make, so hundreds are made at import time: its
signature is Keras' own, read only when asked for (``inspect.signature`` follows
``__wrapped__``), and its docstring is Keras' own with one line on top, joined without
re-indenting. A call goes straight to Keras; only a failed call is looked at, to name
a misspelt argument.

Example:

>>> op_add = wrap_function(keras.ops.add, "op_add", "keras.ops.add")
>>> op_add(1, 2)                     # tf.Tensor(3, ...)
>>> op_add(1, y=2)                   # TypeError: op_add() got an unknown argument 'y'. ...
"""

from __future__ import annotations

import difflib
import inspect
import re
from collections.abc import Callable, Iterator
from types import FunctionType, ModuleType
from typing import Any

from kernelkeras._text import shown
from kernelkeras.pipe import class_signature, explain_bad_arguments

_INDENTED = re.compile(r"\n([ \t]+)\S")


def public_functions(module: ModuleType) -> Iterator[tuple[str, Callable[..., Any]]]:
    """Each public function of ``module`` by name, in name order (classes and modules left out)."""
    for name, obj in sorted(vars(module).items()):
        if not name.startswith("_") and isinstance(obj, FunctionType):
            yield name, obj


def with_header(header: str, doc: str | None) -> str:
    """``doc`` with ``header`` as its first paragraph, indented so ``inspect.getdoc`` reads it.

    Keras' docstrings start on the line of the opening quotes and indent the rest; the
    closing quotes' line (or else the first indented line) gives that indent, so no line
    is re-indented here: this runs for hundreds of functions at import.
    """
    if not doc:
        return header
    last = doc[doc.rfind("\n") + 1 :]
    if "\n" in doc and not last.strip():
        indent = last
    else:
        found = _INDENTED.search(doc)
        indent = found.group(1) if found else ""
    return f"{header}\n\n{indent}{doc}"


def explain_call(func_name: str, fn: Callable[..., Any], args: tuple, kwargs: dict) -> str | None:
    """Why ``fn(*args, **kwargs)`` cannot be called, in ``func_name``'s words, or None if it can."""
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):  # pragma: no cover - C-level functions
        return None
    params = signature.parameters
    takes = [n for n, p in params.items() if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    any_keyword = any(p.kind is p.VAR_KEYWORD for p in params.values())
    unknown = [k for k in kwargs if k not in params and not any_keyword]
    if unknown:
        close = difflib.get_close_matches(unknown[0], takes, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        problem = f"{func_name}() got an unknown argument {shown(unknown[0])}.{hint}"
    else:
        try:
            signature.bind(*args, **kwargs)
        except TypeError as err:
            problem = f"{func_name}(): {err}."
        else:
            return None
    return f"{problem} It takes: {', '.join(takes) or 'no arguments'} (see help({func_name}))."


def wrap_function(fn: Callable[..., Any], func_name: str, target: str) -> Callable[..., Any]:
    """Returns ``fn`` as a function named ``func_name``, with its signature and docstring.

    Args:
        fn: the Keras function.
        func_name: the R name, e.g. ``"op_add"``.
        target: the public Keras name for the docstring, e.g. ``"keras.ops.add"``.
    """

    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except TypeError as err:
            problem = explain_call(func_name, fn, args, kwargs)
            if problem is None:
                raise
            raise TypeError(problem) from err

    call.__name__ = call.__qualname__ = func_name
    call.__module__ = "kernelkeras"
    call.__doc__ = with_header(f"Calls ``{target}``.", fn.__doc__)
    call.__wrapped__ = fn  # type: ignore[attr-defined]
    call.keras_function = fn  # type: ignore[attr-defined]
    return call


def wrap_class(cls: type, func_name: str, target: str) -> Callable[..., Any]:
    """Returns a function named ``func_name`` that constructs ``cls`` (Keras' signature and doc)."""

    def construct(*args: Any, **kwargs: Any) -> Any:
        try:
            return cls(*args, **kwargs)
        except (TypeError, ValueError) as err:
            better = explain_bad_arguments(func_name, cls, err, kwargs)
            if better is err:
                raise
            raise better from None

    construct.__name__ = construct.__qualname__ = func_name
    construct.__module__ = "kernelkeras"
    construct.__doc__ = with_header(f"Creates a ``{target}``.", cls.__doc__)
    construct.__signature__ = class_signature(cls)  # type: ignore[attr-defined]
    construct.keras_class = cls  # type: ignore[attr-defined]
    return construct
