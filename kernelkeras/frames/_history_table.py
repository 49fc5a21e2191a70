"""A training history as a pandas DataFrame: R's long layout, or one row per epoch.

These functions take the history's plain data (epoch numbers and metric values), so
that :class:`~kernelkeras.frames.TrainingHistory` can use them without this module
knowing the class.

Example:

>>> history_frame([0, 1], {"loss": [0.5, 0.4], "val_loss": [0.6, 0.5]})
   epoch  value metric        data
0      1    0.5   loss    training
1      2    0.4   loss    training
2      1    0.6   loss  validation
3      2    0.5   loss  validation
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

#: The ``data`` column's categories, in order.
DATA_SETS = ["training", "validation"]


def history_frame(
    epoch: Sequence[int], metrics: Mapping[str, Sequence[float]], wide: bool = False
) -> pd.DataFrame:
    """The long frame (``epoch``, ``value``, ``metric``, ``data``), or with ``wide`` one row
    per epoch with a column per metric; epochs count from 1, as in R.

    Args:
        epoch: the 0-based epoch numbers that ran.
        metrics: metric name -> one value per epoch (NaN where an epoch has none), in
            display order (training metrics, then their ``val_`` twins).
        wide: one row per epoch instead of R's long layout.
    """
    epochs = np.asarray(epoch, dtype="int64") + 1
    if wide:
        columns: dict[str, np.ndarray] = {"epoch": epochs}
        columns.update({k: np.asarray(v, dtype="float64") for k, v in metrics.items()})
        return pd.DataFrame(columns)
    names = list(metrics)
    bases = list(dict.fromkeys(n.removeprefix("val_") for n in names))
    n = len(epochs)
    values = (
        np.concatenate([np.asarray(metrics[k], dtype="float64") for k in names])
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
            "data": pd.Categorical.from_codes(data_codes.astype("int64"), categories=DATA_SETS),
        }
    )
