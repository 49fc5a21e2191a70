"""Verbs that work both as ``verb(model, ...)`` and as ``model >> verb(...)``.

A verb called without a model first returns a :class:`Step`, which waits for the
model on the left of ``>>``. With a model first, it runs at once.

Example:

>>> model >> compile(loss="mse", optimizer="adam")     # a Step, run by >>
>>> compile(model, loss="mse", optimizer="adam")        # the same, object first
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from kernelkeras._backend import keras

F = TypeVar("F", bound=Callable[..., Any])


class Step:
    """A verb with its arguments, waiting for a model: ``model >> step``."""

    is_step = True

    def __init__(self, verb: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]):
        self.verb = verb
        self.args = args
        self.kwargs = kwargs

    def __call__(self, model: Any) -> Any:
        return self.verb(model, *self.args, **self.kwargs)

    def __rrshift__(self, other: Any) -> Any:
        return self(other)

    def __repr__(self) -> str:
        shown = [type(a).__name__ for a in self.args]
        shown += [f"{key}=…" for key in self.kwargs]
        name = self.verb.__name__
        return (
            f"<kernelkeras step {name}({', '.join(shown)}): waiting for a model; "
            f"run it with `model >> {name}(...)` or `{name}(model, ...)`>"
        )


def require_model(obj: Any, verb_name: str, kind: type | None = None) -> None:
    """Raises a clear TypeError unless ``obj`` is a Keras model (or ``kind``)."""
    kind = kind or keras.Model
    if not isinstance(obj, kind):
        wanted = "a Keras model" if kind is keras.Model else f"a Keras {kind.__name__}"
        raise TypeError(
            f"{verb_name}() needs {wanted} first, got a {type(obj).__name__}. "
            f"Use `model >> {verb_name}(...)` or `{verb_name}(model, ...)`, with a model made by "
            "keras_model_sequential() or keras_model(inputs, outputs)."
        )


def verb(
    signature_from: Callable[..., Any] | None = None,
    name: str | None = None,
    extra: dict[str, Any] | None = None,
    takes: tuple[type, ...] = (),
) -> Callable[[F], F]:
    """Decorates ``fn(object, ...)`` so that ``fn(...)`` without a layer or model is a Step.

    Args:
        signature_from: a Keras method whose parameters (after ``self``) to show in
            ``help()`` and tab completion, behind ``object``.
        name: the verb's public name, if not ``fn.__name__``.
        extra: kernelkeras' own keyword arguments and their defaults, shown after
            Keras' (``{"check_finite": None}``).
        takes: what else the verb runs on at once besides layers and models (a Keras
            ``Metric`` for ``reset_states``).
    """

    def decorate(fn: F) -> F:
        if name is not None:
            fn.__name__ = fn.__qualname__ = name
        first = next(iter(inspect.signature(fn).parameters))  # "object", or R's "model"
        kinds = (keras.layers.Layer, *takes)

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if first in kwargs:
                return fn(kwargs.pop(first), *args, **kwargs)
            if args and isinstance(args[0], kinds):
                return fn(*args, **kwargs)
            return Step(fn, args, kwargs)

        wrapper.__module__ = "kernelkeras"
        wrapper.is_verb = True  # type: ignore[attr-defined]
        if signature_from is not None:
            own = list(inspect.signature(signature_from).parameters.values())[1:]
            params = [inspect.Parameter(first, inspect.Parameter.POSITIONAL_OR_KEYWORD)]
            var_keyword = [p for p in own if p.kind is inspect.Parameter.VAR_KEYWORD]
            params += [p for p in own if p.kind is not inspect.Parameter.VAR_KEYWORD]
            params += [
                inspect.Parameter(key, inspect.Parameter.KEYWORD_ONLY, default=default)
                for key, default in (extra or {}).items()
            ]
            params += var_keyword
            wrapper.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate
