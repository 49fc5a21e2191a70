"""The model verbs that use a trained model: evaluate, predict and friends.

Each works as ``model >> verb(...)`` and as ``verb(model, ...)``, checks its input
before Keras sees it (so a mistake gives a message with the fix, and leaves the
model as it was), then calls the Keras method of the same name. ``compile`` and
``fit`` have modules of their own.

Example:

>>> model >> evaluate(x_test, y_test, verbose=0)
{'loss': 0.09…, 'accuracy': 0.98…}
>>> model >> predict_classes(x_test)
array([7, 2, 1, ..., 4, 5, 6], shape=(10000,))
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kernelkeras._backend import keras
from kernelkeras.frames import metric_order
from kernelkeras.verbs._checks import check_x, check_xy, require_compiled
from kernelkeras.verbs._step import require_model, verb


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
    require_compiled(object, "evaluate")
    check_xy(object, x, y, "evaluate")
    kwargs["return_dict"] = True
    return _ordered(object.evaluate(x, y, **kwargs))


@verb(keras.Model.predict)
def predict(object: Any, x: Any, **kwargs: Any) -> Any:
    """Returns the model's outputs for ``x`` (no progress bar unless ``verbose=1``).

    Example:

    >>> probabilities = model >> predict(x_test)
    """
    require_model(object, "predict")
    check_x(object, x, "predict")
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
    require_compiled(object, "train_on_batch")
    check_xy(object, x, y, "train_on_batch")
    kwargs["return_dict"] = True
    return _ordered(object.train_on_batch(x, y, **kwargs))


@verb(keras.Model.test_on_batch)
def test_on_batch(object: Any, x: Any, y: Any = None, **kwargs: Any) -> dict[str, Any]:
    """Evaluates one batch without training; returns the loss and metrics as a dict."""
    require_model(object, "test_on_batch")
    require_compiled(object, "test_on_batch")
    check_xy(object, x, y, "test_on_batch")
    kwargs["return_dict"] = True
    return _ordered(object.test_on_batch(x, y, **kwargs))


# `from kernelkeras import *` in a test file must not make pytest collect this verb.
test_on_batch.__test__ = False  # type: ignore[attr-defined]
