"""``fit``: trains a model, with the live chart in notebooks; ``last_history()``."""

from __future__ import annotations

import math
from typing import Any

from kernelkeras._backend import keras
from kernelkeras._options import want_finite_check, want_live_chart
from kernelkeras._text import shown
from kernelkeras.frames import TrainingHistory
from kernelkeras.live import LiveMetrics, TrainingCallback, TrainingRecord
from kernelkeras.verbs._checks import (
    check_numbers,
    forget_traced_steps,
    n_samples,
    require_compiled,
    retrace_on_new_ranks,
)
from kernelkeras.verbs._data import check_data, check_stream_batch, is_stream, plain
from kernelkeras.verbs._step import require_model, verb


@verb(keras.Model.fit, extra={"view_metrics": "auto", "check_finite": None})
def fit(
    object: Any,
    x: Any = None,
    y: Any = None,
    *,
    view_metrics: Any = "auto",
    check_finite: bool | None = None,
    **kwargs: Any,
) -> TrainingHistory:
    """Trains a model; returns a :class:`TrainingHistory`.

    Works as ``model >> fit(x, y, ...)`` or ``fit(model, x, y, ...)``; takes every
    argument of Keras' ``Model.fit``. Before Keras sees them, the data (``x``, ``y``,
    ``sample_weight``, ``validation_data``) are checked against the model and its loss,
    and ``epochs``, ``batch_size``, ``steps_per_epoch``, ``validation_split`` and
    ``initial_epoch`` for type and range; a mistake raises with the fix and leaves the
    model as it was. NaN and ±inf are refused unless ``check_finite=False`` (or
    ``kernelkeras.options.check_finite = False``; ``None`` follows that option). If
    Keras itself fails, the model can still be trained again without recompiling.

    In a notebook, a live chart of the loss and metrics is drawn while the model trains
    and replaced by the static ``plot(history)`` figure at the end (``view_metrics``:
    ``"auto"`` = in Jupyter kernels unless ``kernelkeras.options.view_metrics`` is
    False; ``True``/``False`` force it). While it runs, the Stop button or an interrupt
    ends training gracefully after the current batch, and Keras prints one line per epoch
    (``verbose=2``) unless you choose another ``verbose``.

    Example:

    >>> history = model >> fit(x_train, y_train, epochs=30, batch_size=128,
    ...                        validation_split=0.2)
    """
    require_model(object, "fit")
    require_compiled(object, "fit")
    live_wanted = want_live_chart(view_metrics)
    finite = want_finite_check(check_finite, "fit")
    check_numbers("fit", kwargs, n_samples(x) if not is_stream(x) else None)
    check_stream_batch("fit", x, kwargs)
    split = kwargs.get("validation_split") or 0.0
    check_data(object, "fit", x, y, sample_weight=kwargs.get("sample_weight"), finite=finite)
    _check_validation_data(object, kwargs.get("validation_data"), finite)
    x, y = plain(x), plain(y)
    for key in ("sample_weight", "validation_data"):
        if kwargs.get(key) is not None:
            kwargs[key] = plain(kwargs[key])
    _retrace_on_new_ranks(object, x, y, kwargs)
    record = TrainingRecord(_data_params(x, split, kwargs))
    record.model = object
    callbacks = list(kwargs.pop("callbacks", None) or [])
    # One record per fit: the user's own live chart records it, or one fit adds.
    recorder = _take_live_chart(callbacks)
    if recorder is None and live_wanted:
        recorder = LiveMetrics(validation=bool(split) or kwargs.get("validation_data") is not None)
        # The chart shows the progress; Keras' bar would add a screenful of text per epoch
        # to the saved notebook. One line per epoch keeps a text record.
        kwargs.setdefault("verbose", 2)
    recorder = recorder or TrainingCallback()
    recorder.record = record
    # First, so that an epoch is recorded even when a later callback raises at its end.
    callbacks.insert(0, recorder)
    try:
        object.fit(x, y, callbacks=callbacks, **kwargs)
    except BaseException as err:
        # A step that failed inside Keras must not leave the model untrainable.
        forget_traced_steps(object)
        # Keep what ran: the epochs recorded so far, reachable through last_history().
        _remember(record.history())
        recorder.finish("interrupted" if isinstance(err, KeyboardInterrupt) else "failed", err)
        if hasattr(err, "add_note"):
            err.add_note(
                f"kernelkeras: the {len(record.rows)} epoch(s) that finished are in "
                "last_history(); the model keeps its trained weights."
            )
        raise
    return _remember(record.history())


def _retrace_on_new_ranks(model: Any, x: Any, y: Any, kwargs: dict[str, Any]) -> None:
    """The train step for ``x``, ``y``; the test step for the validation data."""
    weights = kwargs.get("sample_weight")
    retrace_on_new_ranks(model, "train", x, y, weights)
    validation = kwargs.get("validation_data")
    if isinstance(validation, (tuple, list)):
        retrace_on_new_ranks(model, "test", *validation, *[None] * (3 - len(validation)))
    elif validation is not None:
        retrace_on_new_ranks(model, "test", validation, None, None)
    elif kwargs.get("validation_split"):
        retrace_on_new_ranks(model, "test", x, y, weights)


def _check_validation_data(model: Any, data: Any, finite: bool) -> None:
    """``validation_data`` checked like ``x`` and ``y``, before the first epoch trains."""
    if data is None or is_stream(data):
        return
    if not isinstance(data, (tuple, list)) or len(data) not in (2, 3):
        raise TypeError(
            f"fit(): validation_data must be a tuple (x_val, y_val) (or (x_val, y_val, "
            f"sample_weight_val)), or a dataset; got {shown(data, 80)}."
        )
    names = ("validation_data[0]", "validation_data[1]", "validation_data[2]")
    weights = data[2] if len(data) == 3 else None
    check_data(model, "fit", data[0], data[1], sample_weight=weights, finite=finite, names=names)


def _take_live_chart(callbacks: list[Any]) -> TrainingCallback | None:
    """The user's own live chart (``callback_live_metrics()``), taken out of ``callbacks``."""
    for callback in callbacks:
        if isinstance(callback, LiveMetrics):
            callbacks.remove(callback)
            return callback
    return None


def _data_params(x: Any, split: float, kwargs: dict[str, Any]) -> dict[str, Any]:
    """What Keras' own params lack: sample counts and batch size."""
    params: dict[str, Any] = {"batch_size": kwargs.get("batch_size") or 32}
    n = n_samples(x)
    if n is not None:
        train = math.floor(n * (1.0 - split)) if split else n
        params["samples"] = train
        params["validation_samples"] = n - train
    validation_data = kwargs.get("validation_data")
    if validation_data is not None and isinstance(validation_data, (list, tuple)):
        params["validation_samples"] = n_samples(validation_data[0])
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
