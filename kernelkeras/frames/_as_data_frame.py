"""``as_data_frame``: training histories and model summaries as pandas DataFrames."""

from __future__ import annotations

from typing import Any

import pandas as pd

from kernelkeras._backend import keras
from kernelkeras.frames._history import TrainingHistory, as_history
from kernelkeras.frames._summary import ModelSummary, summary


def as_data_frame(x: Any, wide: bool = False) -> pd.DataFrame:
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
    if isinstance(x, (TrainingHistory, keras.callbacks.History)):
        return as_history(x, "as_data_frame").to_frame(wide=wide)
    if isinstance(x, ModelSummary):
        return x.frame
    if isinstance(x, keras.Model):
        return summary(x).frame
    raise TypeError(
        f"as_data_frame() takes a training history (what fit() returns) or a model summary; "
        f"got a {type(x).__name__}."
    )
