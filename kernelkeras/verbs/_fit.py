"""``fit``: trains a model, with the live chart in notebooks; ``last_history()``."""

from __future__ import annotations

import inspect
import math
from typing import Any

from kernelkeras._backend import keras
from kernelkeras._options import want_live_chart
from kernelkeras.frames import TrainingHistory
from kernelkeras.live import LiveMetrics, TrainingCallback, TrainingRecord
from kernelkeras.verbs._checks import check_xy, n_samples, require_compiled
from kernelkeras.verbs._step import require_model, verb


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
    ends training gracefully after the current batch, and Keras prints one line per epoch
    (``verbose=2``) unless you choose another ``verbose``.

    Example:

    >>> history = model >> fit(x_train, y_train, epochs=30, batch_size=128,
    ...                        validation_split=0.2)
    """
    require_model(object, "fit")
    require_compiled(object, "fit")
    split = kwargs.get("validation_split", 0.0) or 0.0
    if not isinstance(split, (int, float)) or not 0.0 <= split < 1.0:
        raise ValueError(
            f"fit(): validation_split must be a fraction in [0, 1), e.g. 0.2 for 20%; "
            f"got {split!r}."
        )
    live_wanted = want_live_chart(view_metrics)
    check_xy(object, x, y, "fit")
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


fit.__signature__ = fit.__signature__.replace(  # type: ignore[attr-defined]
    parameters=[
        *fit.__signature__.parameters.values(),  # type: ignore[attr-defined]
        inspect.Parameter("view_metrics", inspect.Parameter.KEYWORD_ONLY, default="auto"),
    ]
)


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
