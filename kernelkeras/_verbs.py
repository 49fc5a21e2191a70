"""The model verbs: compile, fit, evaluate, predict and friends.

Each works as ``model >> verb(...)`` and as ``verb(model, ...)``, checks its input
before Keras sees it (so a mistake gives a message with the fix, and leaves the
model as it was), then calls the Keras method of the same name.

Example:

>>> model >> compile(loss="categorical_crossentropy", optimizer=optimizer_rmsprop(),
...                  metrics=["accuracy"])
>>> history = model >> fit(x_train, y_train, epochs=30, batch_size=128, validation_split=0.2)
>>> model >> evaluate(x_test, y_test, verbose=0)
{'loss': 0.09…, 'accuracy': 0.98…}
"""

from __future__ import annotations

import builtins
import inspect
import math
from typing import Any

import numpy as np

from kernelkeras._backend import keras
from kernelkeras._history import EpochRecorder, TrainingHistory, metric_order
from kernelkeras._live import LiveMetrics
from kernelkeras._options import want_live_chart
from kernelkeras._step import require_model, verb

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


def _require_compiled(model: Any, verb_name: str) -> None:
    if not getattr(model, "compiled", False) or getattr(model, "optimizer", None) is None:
        raise RuntimeError(
            f"{verb_name}(): model {model.name!r} is not compiled. Compile it first: "
            '`model >> compile(loss="categorical_crossentropy", optimizer="rmsprop", '
            'metrics=["accuracy"])`.'
        )


def _n_samples(data: Any) -> int | None:
    first = data[0] if isinstance(data, (list, tuple)) and data else data
    if isinstance(data, dict) and data:
        first = next(iter(data.values()))
    shape = getattr(first, "shape", None)
    return int(shape[0]) if shape is not None and len(shape) > 0 else None


def _check_x(model: Any, x: Any, verb_name: str) -> None:
    """x's sample shape against the model's single input, when both are known."""
    if not model.built or isinstance(x, (list, tuple, dict)) or not hasattr(x, "shape"):
        return
    inputs = getattr(model, "inputs", None) or []
    if len(inputs) != 1:
        return
    expected = tuple(inputs[0].shape)[1:]
    got = tuple(x.shape)[1:]
    compatible = len(expected) == len(got) and all(
        e is None or e == g for e, g in zip(expected, got, strict=True)
    )
    if not compatible:
        size = int(np.prod(got)) if got else 1
        hint = (
            f" Reshape it: x.reshape(len(x), {', '.join(str(d) for d in expected)})."
            if None not in expected and int(np.prod(expected)) == size
            else ""
        )
        raise ValueError(
            f"{verb_name}(): x has shape {tuple(x.shape)} but model {model.name!r} expects "
            f"(batch, {', '.join(str(d) for d in expected)}).{hint}"
        )


def _check_targets(model: Any, y: Any, verb_name: str) -> None:
    loss = getattr(model, "loss", None)
    if not hasattr(y, "ndim") or not model.built or len(getattr(model, "outputs", []) or []) != 1:
        return
    units = tuple(model.outputs[0].shape)[-1]
    if loss == "categorical_crossentropy" and y.ndim == 1 and units and units > 1:
        raise ValueError(
            f"{verb_name}(): y holds class labels (shape {tuple(y.shape)}) but the loss "
            f"'categorical_crossentropy' needs one-hot rows of {units}. Use "
            f"y = to_categorical(y, {units}), or compile with "
            "loss='sparse_categorical_crossentropy'."
        )


def _check_xy(model: Any, x: Any, y: Any, verb_name: str) -> None:
    _check_x(model, x, verb_name)
    n_x, n_y = _n_samples(x), _n_samples(y)
    if n_x is not None and n_y is not None and n_x != n_y:
        raise ValueError(
            f"{verb_name}(): x has {n_x:,} samples but y has {n_y:,}; they must match "
            "(one target per input row)."
        )
    _check_targets(model, y, verb_name)


@verb(keras.Model.fit)
def fit(
    object: Any, x: Any = None, y: Any = None, view_metrics: Any = "auto", **kwargs: Any
) -> TrainingHistory:
    """Trains a model; returns a :class:`TrainingHistory`.

    Works as ``model >> fit(x, y, ...)`` or ``fit(model, x, y, ...)``; takes every
    argument of Keras' ``Model.fit``. The data are checked against the model first.

    In a notebook, a live chart of the loss and metrics is drawn while the model trains
    and replaced by the static ``plot(history)`` figure at the end (``view_metrics``:
    ``"auto"`` = in Jupyter kernels unless ``kernelkeras.options.view_metrics`` is
    False; ``True``/``False`` force it). While it runs, the Stop button or an interrupt
    ends training gracefully after the current batch.

    Example:

    >>> history = model >> fit(x_train, y_train, epochs=30, batch_size=128,
    ...                        validation_split=0.2)
    """
    require_model(object, "fit")
    _require_compiled(object, "fit")
    split = kwargs.get("validation_split", 0.0) or 0.0
    if not isinstance(split, (int, float)) or not 0.0 <= split < 1.0:
        raise ValueError(
            f"fit(): validation_split must be a fraction in [0, 1), e.g. 0.2 for 20%; "
            f"got {split!r}."
        )
    live_wanted = want_live_chart(view_metrics)
    _check_xy(object, x, y, "fit")
    params = _data_params(x, split, kwargs)
    recorder = EpochRecorder()
    # First, so that an epoch is recorded even when a later callback raises at its end.
    callbacks = [recorder, *list(kwargs.pop("callbacks", None) or [])]
    live = None
    if live_wanted and not any(isinstance(c, LiveMetrics) for c in callbacks):
        live = LiveMetrics(validation=bool(split) or kwargs.get("validation_data") is not None)
        live.extra_params = params
        callbacks.insert(1, live)  # after the recorder, before the user's callbacks
    try:
        object.fit(x, y, callbacks=callbacks, **kwargs)
    except BaseException as err:
        # Keep what ran: the epochs recorded so far, reachable through last_history().
        _remember(
            TrainingHistory.from_records(recorder.rows, {**recorder.params_seen, **params}, object)
        )
        if live is not None:
            interrupted = isinstance(err, KeyboardInterrupt)
            live.finish("interrupted" if interrupted else "failed", err)
        if hasattr(err, "add_note"):
            err.add_note(
                f"kernelkeras: the {len(recorder.rows)} epoch(s) that finished are in "
                "last_history(); the model keeps its trained weights."
            )
        raise
    return _remember(
        TrainingHistory.from_records(recorder.rows, {**recorder.params_seen, **params}, object)
    )


fit.__signature__ = fit.__signature__.replace(  # type: ignore[attr-defined]
    parameters=[
        *fit.__signature__.parameters.values(),  # type: ignore[attr-defined]
        inspect.Parameter("view_metrics", inspect.Parameter.KEYWORD_ONLY, default="auto"),
    ]
)


def _data_params(x: Any, split: float, kwargs: dict[str, Any]) -> dict[str, Any]:
    """What Keras' own params lack: sample counts and batch size."""
    params: dict[str, Any] = {"batch_size": kwargs.get("batch_size") or 32}
    n = _n_samples(x)
    if n is not None:
        train = math.floor(n * (1.0 - split)) if split else n
        params["samples"] = train
        params["validation_samples"] = n - train
    validation_data = kwargs.get("validation_data")
    if validation_data is not None and isinstance(validation_data, (list, tuple)):
        params["validation_samples"] = _n_samples(validation_data[0])
    return params


_last: list[TrainingHistory] = []


def _remember(history: TrainingHistory) -> TrainingHistory:
    _last[:] = [history]
    return history


def last_history() -> TrainingHistory | None:
    """The history of the most recent ``fit``, also when it was interrupted or failed.

    After a KeyboardInterrupt (or an error in a callback) the model keeps the weights it
    had reached, and this returns the epochs that finished.

    Example:

    >>> history = model >> fit(x, y, epochs=30)   # interrupted at epoch 7
    KeyboardInterrupt
    >>> history = last_history()                   # the 6 finished epochs
    """
    return _last[0] if _last else None


def _ordered(results: dict[str, Any]) -> dict[str, Any]:
    """Loss first, plain Python floats for scalars."""
    plain = {k: float(v) if np.ndim(v) == 0 else np.asarray(v) for k, v in results.items()}
    return {name: plain[name] for name in metric_order(plain)}


@verb(keras.Model.evaluate)
def evaluate(object: Any, x: Any = None, y: Any = None, **kwargs: Any) -> dict[str, Any]:
    """Returns the loss and metrics on data, as a dict ``name -> value``.

    Example:

    >>> model >> evaluate(x_test, y_test, verbose=0)
    {'loss': 0.09…, 'accuracy': 0.98…}
    """
    require_model(object, "evaluate")
    _require_compiled(object, "evaluate")
    _check_xy(object, x, y, "evaluate")
    kwargs["return_dict"] = True
    return _ordered(object.evaluate(x, y, **kwargs))


@verb(keras.Model.predict)
def predict(object: Any, x: Any, **kwargs: Any) -> Any:
    """Returns the model's outputs for ``x`` (no progress bar unless ``verbose=1``).

    Example:

    >>> probabilities = model >> predict(x_test)
    """
    require_model(object, "predict")
    _check_x(object, x, "predict")
    kwargs.setdefault("verbose", 0)
    return object.predict(x, **kwargs)


@verb(keras.Model.predict)
def predict_proba(object: Any, x: Any, **kwargs: Any) -> Any:
    """Returns class probabilities (the outputs of a softmax or sigmoid model)."""
    require_model(object, "predict_proba")
    return predict(object, x, **kwargs)


@verb(keras.Model.predict)
def predict_classes(object: Any, x: Any, threshold: float = 0.5, **kwargs: Any) -> np.ndarray:
    """Returns predicted class indices: argmax, or 0/1 by ``threshold`` for one sigmoid unit.

    Example:

    >>> model >> predict_classes(x_test)
    array([7, 2, 1, ..., 4, 5, 6], shape=(10000,))
    """
    require_model(object, "predict_classes")
    probabilities = np.asarray(predict(object, x, **kwargs))
    if probabilities.ndim >= 2 and probabilities.shape[-1] == 1:
        return (probabilities[..., 0] > threshold).astype("int32")
    return np.argmax(probabilities, axis=-1).astype("int64")


@verb(keras.Model.train_on_batch)
def train_on_batch(object: Any, x: Any, y: Any = None, **kwargs: Any) -> dict[str, Any]:
    """Runs one gradient update on one batch; returns the loss and metrics as a dict."""
    require_model(object, "train_on_batch")
    _require_compiled(object, "train_on_batch")
    _check_xy(object, x, y, "train_on_batch")
    kwargs["return_dict"] = True
    return _ordered(object.train_on_batch(x, y, **kwargs))


@verb(keras.Model.test_on_batch)
def test_on_batch(object: Any, x: Any, y: Any = None, **kwargs: Any) -> dict[str, Any]:
    """Evaluates one batch without training; returns the loss and metrics as a dict."""
    require_model(object, "test_on_batch")
    _require_compiled(object, "test_on_batch")
    _check_xy(object, x, y, "test_on_batch")
    kwargs["return_dict"] = True
    return _ordered(object.test_on_batch(x, y, **kwargs))


# `from kernelkeras import *` in a test file must not make pytest collect this verb.
test_on_batch.__test__ = False  # type: ignore[attr-defined]
