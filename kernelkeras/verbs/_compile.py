"""``compile``: configures a model for training, with its names checked first."""

from __future__ import annotations

import builtins
from typing import Any

from kernelkeras._backend import keras
from kernelkeras.verbs._step import require_model, verb

# Metric strings Keras resolves itself in compile(), by the loss.
_COMPILE_METRIC_ALIASES = {"accuracy", "acc", "crossentropy", "ce"}


def _names(module: Any) -> list[str]:
    """The string names ``module.get`` accepts: lowercase functions or class names."""
    skip = {"get", "serialize", "deserialize"}
    names = {
        name
        for name, obj in vars(module).items()
        if not name.startswith("_") and name not in skip and name[0].islower() and callable(obj)
    }
    if not names:  # keras.optimizers: names are the lowercased classes
        names = {name.lower() for name, obj in vars(module).items() if isinstance(obj, type)}
        names -= {"optimizer", "lossscaleoptimizer", "multioptimizer"}
    return sorted(names)


def _resolve(kind: str, module: Any, value: Any, fix: str) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return module.get(value)
    except (ValueError, TypeError):
        raise ValueError(
            f"Unknown {kind} {value!r}. Use one of: {', '.join(_names(module))}; {fix}."
        ) from None


def _check_losses(loss: Any) -> None:
    items = (
        loss.values()
        if isinstance(loss, dict)
        else (loss if isinstance(loss, (list, tuple)) else [loss])
    )
    for item in items:
        _resolve("loss", keras.losses, item, "or a loss_*() object, e.g. loss_huber()")


def _check_metrics(metrics: Any) -> None:
    if metrics is None:
        return
    items: list[Any] = []
    for group in metrics.values() if isinstance(metrics, dict) else [metrics]:
        items += list(group) if isinstance(group, (list, tuple)) else [group]
    for item in items:
        if isinstance(item, str) and item in _COMPILE_METRIC_ALIASES:
            continue
        _resolve("metric", keras.metrics, item, "or a metric_*() object, e.g. metric_auc()")


@verb(keras.Model.compile, name="compile")
def _compile(object: Any, *args: Any, **kwargs: Any) -> Any:
    """Configures a model for training; returns the model.

    Works as ``model >> compile(...)`` or ``compile(model, ...)``. Optimizer, loss
    and metric names are checked first, so a typo leaves the model untouched.
    Called with source code first (``compile(source, filename, mode)``) it is
    Python's built-in ``compile``.

    Example:

    >>> model >> compile(loss="categorical_crossentropy", optimizer=optimizer_rmsprop(),
    ...                  metrics=["accuracy"])
    """
    require_model(object, "compile")
    names = ["optimizer", "loss", "loss_weights", "metrics"]
    settings = dict(zip(names, args, strict=False))
    settings.update(kwargs)
    optimizer = settings.get("optimizer", "rmsprop")
    settings["optimizer"] = _resolve(
        "optimizer",
        keras.optimizers,
        optimizer,
        "or an optimizer_*() object, e.g. optimizer_adam(learning_rate=1e-3)",
    )
    _check_losses(settings.get("loss"))
    _check_metrics(settings.get("metrics"))
    _check_metrics(settings.get("weighted_metrics"))
    object.compile(**settings)
    return object


def compile(*args: Any, **kwargs: Any) -> Any:
    if (args and isinstance(args[0], (str, bytes))) or "source" in kwargs:
        return builtins.compile(*args, **kwargs)
    return _compile(*args, **kwargs)


compile.__doc__ = _compile.__doc__
compile.__signature__ = _compile.__signature__  # type: ignore[attr-defined]
compile.__module__ = "kernelkeras"
compile.is_verb = True  # type: ignore[attr-defined]
