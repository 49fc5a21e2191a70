"""``compile``: configures a model for training, with its names checked first.

As R writes it: ``metrics="accuracy"`` (one string, not a list) is read as
``metrics=["accuracy"]``, and the ``loss_*``, ``metric_*`` and ``optimizer_*`` functions
may be given uncalled (``loss=loss_categorical_crossentropy``,
``metrics=[metric_binary_accuracy]``): each becomes the Keras object it makes with its
defaults, so histories use Keras' names (``binary_accuracy``) and the model saves and
loads with plain Keras.
"""

from __future__ import annotations

import builtins
import inspect
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


_KINDS = {
    "optimizer": keras.optimizers.Optimizer,
    "loss": keras.losses.Loss,
    "metric": keras.metrics.Metric,
}


def _made(cls: type, name: str, role: str) -> Any:
    """``cls()``; a TypeError naming the arguments it needs if it has no defaults for them.

    A metric that Keras would name ``auc_4`` after other AUCs is named ``auc``, as
    ``metrics=["auc"]`` names it.
    """
    kwargs = {}
    param = inspect.signature(cls).parameters.get("name")
    if role == "metric" and param is not None and param.default is None:
        kwargs["name"] = name.split("_", 1)[-1]
    try:
        return cls(**kwargs)
    except TypeError:
        needed = [
            f"{p.name}=..."
            for p in inspect.signature(cls).parameters.values()
            if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        ]
        call = f"{name}({', '.join(needed)})"
        given, fix = f"{role}={name}", f"{role}={call}"
        if role == "metric":
            given, fix = f"metrics=[{name}]", f"metrics=[{call}]"
        raise TypeError(
            f"{given}: {name} needs arguments ({', '.join(needed)}); call it, e.g. {fix}. "
            f"See help({name})."
        ) from None


def _keras_object(item: Any, role: str) -> Any:
    """An uncalled ``loss_*`` / ``metric_*`` / ``optimizer_*`` function as its Keras object."""
    cls = getattr(item, "keras_class", None)
    if isinstance(item, type) or not isinstance(cls, type) or not callable(item):
        return item
    name = getattr(item, "__name__", "the function")
    function = getattr(item, "keras_function", None)
    if role == "metric" and issubclass(cls, keras.losses.Loss):
        # a loss_* as a metric: Keras names it after its function, as metrics=["mse"] does
        return function if function is not None else _made(cls, name, role)
    if role == "loss" and issubclass(cls, keras.metrics.Metric):
        if function is not None:
            return function  # e.g. loss=metric_mean_squared_error
        raise TypeError(
            f"loss={name}: {name} is a metric that Keras cannot train on. Pass a loss, "
            "e.g. loss=loss_binary_crossentropy, and the metric in metrics=[...]."
        )
    return _made(cls, name, role) if issubclass(cls, _KINDS[role]) else item


def _keras_objects(value: Any, role: str) -> Any:
    """``value`` with every uncalled constructor function in it made (dicts, lists kept)."""
    if isinstance(value, dict):
        return {key: _keras_objects(item, role) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_keras_objects(item, role) for item in value)
    return _keras_object(value, role)


def _as_metric_list(metrics: Any) -> Any:
    """R's ``metrics="accuracy"`` (one metric, not a list) as ``["accuracy"]``."""
    if metrics is None or isinstance(metrics, (list, tuple, dict)):
        return metrics
    return [metrics]


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
    ``metrics="accuracy"`` (one, as R writes it) is a list of one; ``loss_*``,
    ``metric_*`` and ``optimizer_*`` functions may be passed uncalled.
    Called with source code first (``compile(source, filename, mode)``) it is
    Python's built-in ``compile``.

    Example:

    >>> model >> compile(loss="categorical_crossentropy", optimizer=optimizer_rmsprop(),
    ...                  metrics=["accuracy"])
    >>> model >> compile(loss=loss_binary_crossentropy, metrics=metric_binary_accuracy)
    """
    require_model(object, "compile")
    names = ["optimizer", "loss", "loss_weights", "metrics"]
    settings = dict(zip(names, args, strict=False))
    settings.update(kwargs)
    optimizer = _keras_object(settings.get("optimizer", "rmsprop"), "optimizer")
    settings["optimizer"] = _resolve(
        "optimizer",
        keras.optimizers,
        optimizer,
        "or an optimizer_*() object, e.g. optimizer_adam(learning_rate=1e-3)",
    )
    if "loss" in settings:
        settings["loss"] = _keras_objects(settings["loss"], "loss")
    for key in ("metrics", "weighted_metrics"):
        if key in settings:
            settings[key] = _keras_objects(_as_metric_list(settings[key]), "metric")
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
