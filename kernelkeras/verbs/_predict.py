"""The model verbs that use a trained model: evaluate, predict and friends.

Each works as ``model >> verb(...)`` and as ``verb(model, ...)``, checks its input
before Keras sees it (so a mistake gives a message with the fix, and leaves the
model as it was), then calls the Keras method of the same name. NaN and ±inf in the
data are refused unless ``check_finite=False`` (``None``, the default, follows
``kernelkeras.options.check_finite``). If Keras itself fails, the model stays usable.
``compile`` and ``fit`` have modules of their own.

Example:

>>> model >> evaluate(x_test, y_test, verbose=0)
{'loss': 0.09…, 'accuracy': 0.98…}
>>> model >> predict_classes(x_test)
array([7, 2, 1, ..., 4, 5, 6], shape=(10000,))
"""

from __future__ import annotations

import sys
import warnings
from typing import Any

import numpy as np

from kernelkeras._backend import keras
from kernelkeras._options import want_finite_check
from kernelkeras.frames import metric_order
from kernelkeras.verbs._checks import (
    check_numbers,
    n_samples,
    recovering,
    require_compiled,
    retrace_on_new_ranks,
)
from kernelkeras.verbs._data import check_data, check_stream_batch, is_stream, plain
from kernelkeras.verbs._step import require_model, verb

_FINITE = {"check_finite": None}


def _ordered(results: dict[str, Any]) -> dict[str, Any]:
    """Loss first, plain Python floats for scalars."""
    values = {k: float(v) if np.ndim(v) == 0 else np.asarray(v) for k, v in results.items()}
    return {name: values[name] for name in metric_order(values)}


def _checked(
    model: Any, verb_name: str, x: Any, y: Any, check_finite: Any, kwargs: dict[str, Any]
) -> tuple[Any, Any]:
    """The checks every verb here makes: the model, its compile state, the data, numbers.

    Returns ``x`` and ``y`` for Keras: pandas objects as numpy arrays (so is
    ``kwargs["sample_weight"]``).
    """
    require_model(model, verb_name)
    predicting = verb_name in ("predict", "predict_proba", "predict_classes", "predict_on_batch")
    if not predicting:
        require_compiled(model, verb_name)
    finite = want_finite_check(check_finite, verb_name)
    check_numbers(verb_name, kwargs, None if is_stream(x) else n_samples(x))
    check_stream_batch(verb_name, x, kwargs)
    weights = kwargs.get("sample_weight")
    check_data(model, verb_name, x, y, sample_weight=weights, finite=finite, needs_y=not predicting)
    if weights is not None:
        kwargs["sample_weight"] = weights = plain(weights)
    x, y = plain(x), plain(y)
    step = {"train_on_batch": "train", "evaluate": "test", "test_on_batch": "test"}
    retrace_on_new_ranks(model, step.get(verb_name, "predict"), x, y, weights)
    return x, y


@verb(keras.Model.evaluate, extra=_FINITE)
def evaluate(
    object: Any, x: Any = None, y: Any = None, *, check_finite: Any = None, **kwargs: Any
) -> dict[str, Any]:
    """Returns the loss and metrics on data, as a dict ``name -> value``.

    Example:

    >>> model >> evaluate(x_test, y_test, verbose=0)
    {'loss': 0.09…, 'accuracy': 0.98…}
    """
    x, y = _checked(object, "evaluate", x, y, check_finite, kwargs)
    kwargs["return_dict"] = True
    with recovering(object):
        return _ordered(object.evaluate(x, y, **kwargs))


def _predict(model: Any, verb_name: str, x: Any, check_finite: Any, kwargs: dict[str, Any]) -> Any:
    x, _ = _checked(model, verb_name, x, None, check_finite, kwargs)
    kwargs.setdefault("verbose", 0)
    with recovering(model):
        return model.predict(x, **kwargs)


@verb(keras.Model.predict, extra=_FINITE)
def predict(object: Any, x: Any, *, check_finite: Any = None, **kwargs: Any) -> Any:
    """Returns the model's outputs for ``x`` (no progress bar unless ``verbose=1``).

    Example:

    >>> probabilities = model >> predict(x_test)
    """
    return _predict(object, "predict", x, check_finite, kwargs)


@verb(keras.Model.predict, extra=_FINITE)
def predict_proba(object: Any, x: Any, *, check_finite: Any = None, **kwargs: Any) -> Any:
    """Returns class probabilities (the outputs of a softmax or sigmoid model)."""
    return _predict(object, "predict_proba", x, check_finite, kwargs)


@verb(keras.Model.predict, extra={"threshold": 0.5, **_FINITE})
def predict_classes(
    object: Any, x: Any, threshold: float = 0.5, *, check_finite: Any = None, **kwargs: Any
) -> np.ndarray:
    """Returns predicted class indices: argmax, or 0/1 by ``threshold`` for one sigmoid unit.

    A row whose outputs are NaN (a NaN in its ``x``, or weights that diverged) has no
    class: it is -1, with a warning naming the rows (no warning with
    ``check_finite=False``).

    Example:

    >>> model >> predict_classes(x_test)
    array([7, 2, 1, ..., 4, 5, 6], shape=(10000,))
    """
    require_model(object, "predict_classes")
    warn = want_finite_check(check_finite, "predict_classes")
    probabilities = np.asarray(_predict(object, "predict_classes", x, False, kwargs))
    if probabilities.ndim >= 2 and probabilities.shape[-1] == 1:
        classes = (probabilities[..., 0] > threshold).astype("int32")
    else:
        classes = np.argmax(probabilities, axis=-1).astype("int64")
    with np.errstate(invalid="ignore"):
        unknown = ~np.isfinite(probabilities).all(axis=-1)
    if unknown.any():
        classes[unknown] = -1
        if warn:
            _warn_unknown(unknown, plain(x))
    return classes


def _warn_unknown(unknown: np.ndarray, x: Any) -> None:
    rows = np.flatnonzero(unknown.reshape(len(unknown), -1).any(axis=1))
    listed = ", ".join(str(r) for r in rows[:5]) + (", …" if len(rows) > 5 else "")
    x_bad = False
    if isinstance(x, np.ndarray) and x.dtype.kind == "f":
        x_bad = not np.isfinite(x[rows]).all()
    cause = (
        "x has NaN or ±inf there: clean those rows"
        if x_bad
        else "the model's outputs are NaN there: are its weights finite? (training may "
        "have diverged; try a smaller learning rate)"
    )
    warnings.warn(
        f"predict_classes(): {len(rows):,} of {len(unknown):,} rows have no class (rows "
        f"{listed}); they are -1 in the result. {cause}. check_finite=False silences "
        "this warning.",
        RuntimeWarning,
        stacklevel=_caller_level(),
    )


def _caller_level() -> int:
    """The ``stacklevel`` of the first frame outside kernelkeras (``>>`` adds frames)."""
    frame, level = sys._getframe(1), 1
    while frame.f_back is not None and frame.f_globals.get("__name__", "").startswith(
        "kernelkeras"
    ):
        frame, level = frame.f_back, level + 1
    return level


@verb(keras.Model.predict_on_batch, extra=_FINITE)
def predict_on_batch(object: Any, x: Any, *, check_finite: Any = None) -> Any:
    """Returns the model's outputs for one batch ``x``, in a single step (no batching).

    Example:

    >>> model >> predict_on_batch(x_test[:32])
    """
    x, _ = _checked(object, "predict_on_batch", x, None, check_finite, {})
    with recovering(object):
        return object.predict_on_batch(x)


@verb(keras.Model.train_on_batch, extra=_FINITE)
def train_on_batch(
    object: Any, x: Any, y: Any = None, *, check_finite: Any = None, **kwargs: Any
) -> dict[str, Any]:
    """Runs one gradient update on one batch; returns the loss and metrics as a dict."""
    x, y = _checked(object, "train_on_batch", x, y, check_finite, kwargs)
    kwargs["return_dict"] = True
    with recovering(object):
        return _ordered(object.train_on_batch(x, y, **kwargs))


@verb(keras.Model.test_on_batch, extra=_FINITE)
def test_on_batch(
    object: Any, x: Any, y: Any = None, *, check_finite: Any = None, **kwargs: Any
) -> dict[str, Any]:
    """Evaluates one batch without training; returns the loss and metrics as a dict."""
    x, y = _checked(object, "test_on_batch", x, y, check_finite, kwargs)
    kwargs["return_dict"] = True
    with recovering(object):
        return _ordered(object.test_on_batch(x, y, **kwargs))


# `from kernelkeras import *` in a test file must not make pytest collect this verb.
test_on_batch.__test__ = False  # type: ignore[attr-defined]
