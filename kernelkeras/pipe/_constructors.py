"""R-style constructor functions derived from Keras' own classes.

``optimizer_rmsprop()``, ``loss_categorical_crossentropy()``, ``metric_auc()``,
``callback_early_stopping()``, ``regularizer_l2()``, ``initializer_he_normal()``
and ``constraint_maxnorm()`` are generated at import time from the public
classes of the matching ``keras.*`` module, so each one carries the class's
real signature and docstring, and a class that a new Keras adds appears
without a change here.

``loss_*`` and ``metric_*`` also compute, given ``y_true`` and ``y_pred``
(:mod:`kernelkeras.pipe._functions`). R's 2017 spellings are translated and said
once (:mod:`kernelkeras.pipe._spellings`): ``lr=`` and ``decay=`` on optimizers,
``callback_model_checkpoint("x.hdf5")``.

Example:

>>> optimizer_rmsprop(learning_rate=1e-3)
>>> loss_mean_squared_error([[1.0]], [[0.5]])      # tf.Tensor([0.25])
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

from kernelkeras._backend import keras
from kernelkeras.pipe._functions import computing_intro, computing_signature, make_computing
from kernelkeras.pipe._naming import r_name
from kernelkeras.pipe._spellings import checkpoint_arguments, optimizer_arguments


def public_classes(module: ModuleType, base: type) -> Iterator[type]:
    """Yields each public subclass of ``base`` in ``module`` once (aliases folded)."""
    seen: set[type] = set()
    for attr, obj in sorted(vars(module).items()):
        if attr.startswith("_") or not isinstance(obj, type) or obj in seen:
            continue
        if issubclass(obj, base) and obj is not base:
            seen.add(obj)
            yield obj


def class_signature(cls: type) -> inspect.Signature:
    """The signature of ``cls(...)``, or ``(*args, **kwargs)`` if Keras hides it."""
    try:
        return inspect.signature(cls)
    except (TypeError, ValueError):  # pragma: no cover - C-level classes
        params = [
            inspect.Parameter("args", inspect.Parameter.VAR_POSITIONAL),
            inspect.Parameter("kwargs", inspect.Parameter.VAR_KEYWORD),
        ]
        return inspect.Signature(params)


def accepted_arguments(cls: type) -> list[str]:
    """Every keyword ``cls(...)`` accepts, its base classes' included."""
    names: list[str] = []
    for klass in cls.__mro__:
        init = vars(klass).get("__init__")
        if init is None:
            continue
        try:
            params = inspect.signature(init).parameters.values()
        except (TypeError, ValueError):  # pragma: no cover - C-level __init__
            continue
        names += [p.name for p in params if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    if issubclass(cls, keras.layers.Layer):
        names += ["input_shape", "input_dim", "batch_size"]
    return list(dict.fromkeys(n for n in names if n != "self"))


def explain_bad_arguments(
    func_name: str, cls: type, err: Exception, kwargs: dict[str, Any]
) -> Exception:
    """Turns a failed ``cls(...)`` into a message that names a misspelt argument and the fix.

    Returns ``err`` itself when it is about something else (a bad value, say).
    """
    accepted = accepted_arguments(cls)
    own = [p for p in class_signature(cls).parameters if p not in ("args", "kwargs")]
    unknown = [key for key in kwargs if key not in accepted]
    if unknown:
        bad = unknown[0]
        close = difflib.get_close_matches(bad, accepted, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        problem = f"{func_name}() got an unknown argument {bad!r}.{hint}"
    elif isinstance(err, TypeError):
        problem = f"{func_name}(): {str(err).split('() ', 1)[-1]}."
    else:
        return err
    return TypeError(f"{problem} It takes: {', '.join(own)} (see help({func_name})).")


def constructing(cls: type, func_name: str) -> Callable[..., Any]:
    """A function that constructs ``cls``, R's 2017 spellings translated, errors explained."""

    def construct(*args: Any, **kwargs: Any) -> Any:
        if issubclass(cls, keras.optimizers.Optimizer):
            kwargs = optimizer_arguments(func_name, cls, kwargs)
        elif issubclass(cls, keras.callbacks.ModelCheckpoint):
            args, kwargs = checkpoint_arguments(func_name, args, kwargs)
        try:
            return cls(*args, **kwargs)
        except (TypeError, ValueError) as err:
            better = explain_bad_arguments(func_name, cls, err, kwargs)
            if better is err:
                raise
            raise better from None

    return construct


def make_constructor(
    cls: type, func_name: str, call: Callable[..., Any] | None = None, intro: str = ""
) -> Callable[..., Any]:
    """Returns a function named ``func_name`` with ``cls``'s signature and docstring.

    Args:
        cls: the Keras class.
        func_name: the function's name, e.g. ``"optimizer_rmsprop"``.
        call: what the function runs; defaults to constructing ``cls``.
        intro: a first paragraph for the docstring.
    """
    function = call or constructing(cls, func_name)
    function.__name__ = function.__qualname__ = func_name
    function.__module__ = "kernelkeras"
    target = f"keras.{cls.__module__.split('.')[1]}.{cls.__name__}"
    if cls.__module__.startswith("keras.src."):
        public_module = cls.__module__.split(".")[2]
        target = f"keras.{public_module}.{cls.__name__}"
    header = intro or f"Creates a ``{target}``."
    function.__doc__ = f"{header}\n\n{inspect.getdoc(cls) or ''}"
    function.__signature__ = class_signature(cls)  # type: ignore[attr-defined]
    function.keras_class = cls  # type: ignore[attr-defined]
    return function


def make_loss_or_metric(cls: type, func_name: str, module: ModuleType) -> Callable[..., Any]:
    """``loss_*`` / ``metric_*``: constructs ``cls``, or computes given y_true and y_pred."""
    snake = func_name.split("_", 1)[1]
    call, fn = make_computing(cls, func_name, constructing(cls, func_name), module, snake)
    function = make_constructor(cls, func_name, call, computing_intro(cls, func_name, fn))
    function.__signature__ = computing_signature(class_signature(cls))  # type: ignore[attr-defined]
    function.keras_function = fn  # type: ignore[attr-defined]
    return function


# prefix, module, base class, name rule, classes left out (base or internal classes).
_FAMILIES: list[tuple[str, ModuleType, type, Callable[[str], str], tuple[str, ...]]] = [
    ("optimizer", keras.optimizers, keras.optimizers.Optimizer, str.lower, ()),
    ("loss", keras.losses, keras.losses.Loss, r_name, ()),
    ("metric", keras.metrics, keras.metrics.Metric, r_name, ()),
    (
        "callback",
        keras.callbacks,
        keras.callbacks.Callback,
        r_name,
        ("CallbackList", "History"),
    ),
    (
        "regularizer",
        keras.regularizers,
        keras.regularizers.Regularizer,
        lambda n: r_name(n, strip_suffix="Regularizer"),
        (),
    ),
    ("initializer", keras.initializers, keras.initializers.Initializer, r_name, ()),
    ("constraint", keras.constraints, keras.constraints.Constraint, str.lower, ()),
]


def _build_constructors() -> dict[str, Callable[..., Any]]:
    functions: dict[str, Callable[..., Any]] = {}
    for prefix, module, base, rule, skip in _FAMILIES:
        for cls in public_classes(module, base):
            if cls.__name__ in skip:
                continue
            name = f"{prefix}_{rule(cls.__name__)}"
            if name in functions:
                continue
            if prefix in ("loss", "metric"):
                functions[name] = make_loss_or_metric(cls, name, module)
            else:
                functions[name] = make_constructor(cls, name)
    return functions


#: Every generated ``optimizer_*``, ``loss_*``, ``metric_*``, ``callback_*``,
#: ``regularizer_*``, ``initializer_*`` and ``constraint_*`` function by name.
CONSTRUCTORS = _build_constructors()
