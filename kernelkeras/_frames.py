"""``as_data_frame``: training histories and model summaries as pandas DataFrames."""

from __future__ import annotations

from typing import Any

import numpy as np

from kernelkeras._backend import keras
from kernelkeras._history import TrainingHistory


def history_frame(history: TrainingHistory, wide: bool = False) -> Any:
    """See :func:`as_data_frame`."""
    import pandas as pd

    epochs = np.asarray(history.epoch, dtype="int64") + 1
    if wide:
        columns = {"epoch": epochs}
        columns.update({k: np.asarray(v, dtype="float64") for k, v in history.history.items()})
        return pd.DataFrame(columns)
    names = list(history.history)
    bases = list(dict.fromkeys(n.removeprefix("val_") for n in names))
    n = len(epochs)
    values = (
        np.concatenate([np.asarray(history.history[k], dtype="float64") for k in names])
        if names
        else np.empty(0, dtype="float64")
    )
    metric_codes = np.repeat([bases.index(k.removeprefix("val_")) for k in names], n)
    data_codes = np.repeat([int(k.startswith("val_")) for k in names], n)
    return pd.DataFrame(
        {
            "epoch": np.tile(epochs, len(names)),
            "value": values,
            "metric": pd.Categorical.from_codes(metric_codes.astype("int64"), categories=bases),
            "data": pd.Categorical.from_codes(
                data_codes.astype("int64"), categories=["training", "validation"]
            ),
        }
    )


def as_data_frame(x: Any, wide: bool = False) -> Any:
    """Returns a training history or a model summary as a pandas DataFrame.

    For a history (what ``fit`` returns, a loaded one, or a Keras ``History``) the
    default is R's long layout: one row per epoch, metric and data set, with columns
    ``epoch`` (int, from 1), ``value`` (float; NaN where an epoch has no value),
    ``metric`` (categorical: ``loss``, ``accuracy``, ...) and ``data`` (categorical:
    ``training`` / ``validation``). ``wide=True`` gives one row per epoch with a column
    per metric (``loss``, ``accuracy``, ``val_loss``, ...).

    For a model summary or a model, the summary's frame (one row per layer).

    Example:

    >>> df = as_data_frame(history)
    >>> df[df.metric == "loss"].pivot(index="epoch", columns="data", values="value")
    """
    from kernelkeras._summary import ModelSummary, summary

    if isinstance(x, TrainingHistory):
        return history_frame(x, wide=wide)
    if isinstance(x, keras.callbacks.History):
        return history_frame(TrainingHistory(x.history, x.params, epoch=x.epoch), wide=wide)
    if isinstance(x, ModelSummary):
        return x.frame
    if isinstance(x, keras.Model):
        return summary(x).frame
    raise TypeError(
        f"as_data_frame() takes a training history (what fit() returns) or a model summary; "
        f"got a {type(x).__name__}."
    )
