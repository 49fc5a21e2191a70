"""``TrainingHistory``: what ``fit`` returns; ``load_history`` reads one from a file.

Example:

>>> history = model >> fit(x_train, y_train, epochs=3, validation_split=0.2)
>>> history.save("run1.json")
>>> load_history("run1.json") == history
True
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kernelkeras._backend import keras
from kernelkeras._text import shown
from kernelkeras.frames._history_files import HistoryData, read_history, write_history
from kernelkeras.frames._history_table import history_frame


def history_value(value: Any) -> float | None:
    """A log value as a history holds it: a float (``None`` is NaN); ``None`` if no number.

    Numbers are Python and NumPy numbers, bools and single-element arrays or tensors;
    text is not, even ``"0.5"``.

    Example:

    >>> history_value(np.float32(0.5)), history_value(None), history_value("0.5")
    (0.5, nan, None)
    """
    if value is None:
        return math.nan
    if isinstance(value, (str, bytes)):
        return None
    try:
        array = np.asarray(value)
    except Exception:  # an object NumPy cannot read
        return None
    if array.size != 1 or array.dtype.kind not in "biuf":
        return None
    return float(array.reshape(()))


def metric_order(names: Any) -> list[str]:
    """Training metrics first with ``loss`` leading, then their ``val_`` twins in that order.

    Example:

    >>> metric_order(["accuracy", "loss", "val_accuracy", "val_loss"])
    ['loss', 'accuracy', 'val_loss', 'val_accuracy']
    """
    names = list(dict.fromkeys(names))
    train = [n for n in names if not n.startswith("val_")]
    train.sort(key=lambda n: n != "loss")
    val = [f"val_{n}" for n in train if f"val_{n}" in names]
    rest = [n for n in names if n.startswith("val_") and n not in val]
    return train + val + rest


class TrainingHistory:
    """What a ``fit`` run recorded: per-epoch metric values and the run's settings.

    It reads like Keras' ``History`` (``history.history["loss"]``, ``history.epoch``,
    ``history.params``) and prints like R keras' history::

        Trained on 48,000 samples (batch_size=128, epochs=30)
        Validated on 12,000 samples
        Final epoch (plot to see history):
                loss: 0.0913
            accuracy: 0.9793

    Attributes:
        history: metric name -> one float per epoch run (NaN where an epoch has none);
            ``loss`` first, validation metrics after the training ones.
        epoch: the 0-based epoch numbers that ran (they start at ``initial_epoch``).
        params: the run's settings: ``epochs``, ``steps``, ``verbose``, and when known
            ``samples``, ``validation_samples`` and ``batch_size``.
        model: the model that was trained (``None`` for a loaded history).

    Example:

    >>> history = model >> fit(x_train, y_train, epochs=3, validation_split=0.2)
    >>> history.history["val_loss"][-1]
    0.12…
    >>> as_data_frame(history)          # epoch, value, metric, data
    """

    def __init__(
        self,
        history: dict[str, list[float]],
        params: dict[str, Any] | None = None,
        epoch: list[int] | None = None,
        model: Any = None,
    ) -> None:
        lengths = {len(values) for values in history.values()}
        n_epochs = len(epoch) if epoch is not None else max(lengths, default=0)
        if any(length != n_epochs for length in lengths):
            raise ValueError(
                "TrainingHistory: every metric needs one value per epoch "
                f"({n_epochs}); got lengths {sorted(lengths)}. Use NaN for missing values."
            )
        self.history = {name: [float(v) for v in history[name]] for name in metric_order(history)}
        self.epoch = [int(e) for e in epoch] if epoch is not None else list(range(n_epochs))
        self.params = dict(params or {})
        self.model = model

    @classmethod
    def from_records(
        cls, rows: list[tuple[int, dict[str, float]]], params: dict[str, Any], model: Any = None
    ) -> TrainingHistory:
        """Builds a history from ``(epoch, logs)`` rows; absent values become NaN."""
        names = metric_order(name for _, logs in rows for name in logs)
        history = {name: [logs.get(name, math.nan) for _, logs in rows] for name in names}
        return cls(history, params, epoch=[epoch for epoch, _ in rows], model=model)

    @property
    def metrics(self) -> dict[str, list[float]]:
        """Metric name -> values per epoch (R keras' name for ``history``)."""
        return self.history

    def __len__(self) -> int:
        return len(self.epoch)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TrainingHistory):
            return NotImplemented
        same_values = list(self.history) == list(other.history) and all(
            np.array_equal(self.history[k], other.history[k], equal_nan=True) for k in self.history
        )
        return same_values and self.epoch == other.epoch and self.params == other.params

    __hash__ = None  # type: ignore[assignment]

    def to_frame(self, wide: bool = False) -> pd.DataFrame:
        """The history as a pandas DataFrame; see :func:`as_data_frame`."""
        return history_frame(self.epoch, self.history, wide=wide)

    def save(self, path: str | Path) -> None:
        """Writes the history to ``.json`` or ``.csv`` (by suffix); see :func:`load_history`.

        Both are standard files: NaN is ``null`` in JSON and an empty cell in CSV,
        ±infinity ``1e999``/``-1e999`` in JSON and ``inf``/``-inf`` in CSV.

        Example:

        >>> history.save("run1.csv")
        """
        write_history(path, HistoryData(self.history, self.epoch, self.params))

    def __repr__(self) -> str:
        samples = self.params.get("samples")
        settings = ", ".join(
            f"{key}={self.params[key]}" for key in ("batch_size", "epochs") if key in self.params
        )
        trained = f"{samples:,} samples" if samples is not None else "data"
        lines = [f"Trained on {trained}" + (f" ({settings})" if settings else "")]
        if self.params.get("validation_samples"):
            lines.append(f"Validated on {self.params['validation_samples']:,} samples")
        if not self.epoch:
            lines.append("No epochs ran.")
            return "\n".join(lines)
        planned = self.params.get("epochs")
        if planned is not None and self.epoch[-1] + 1 < planned:
            lines.append(f"Stopped after epoch {self.epoch[-1] + 1} of {planned}.")
        lines.append("Final epoch (plot to see history):" if len(self) > 1 else "Final epoch:")
        width = max((len(name) for name in self.history), default=0)
        for name, values in self.history.items():
            known = [v for v in values if not math.isnan(v)]
            lines.append(f"{name:>{width}}: {known[-1] if known else math.nan:.4g}")
        return "\n".join(lines)


def as_history(obj: Any, verb_name: str) -> TrainingHistory:
    """``obj`` as a :class:`TrainingHistory`: itself, or a Keras ``History`` converted.

    Raises:
        TypeError: naming ``verb_name``, for anything else.
    """
    if isinstance(obj, TrainingHistory):
        return obj
    if isinstance(obj, keras.callbacks.History):
        values = {str(k): [history_value(v) for v in vs] for k, vs in obj.history.items()}
        left_out = [name for name, vs in values.items() if None in vs]
        if left_out:
            warnings.warn(
                f"{verb_name}(): the history keeps numbers; the logs "
                f"{', '.join(shown(n) for n in left_out)} hold values that are not numbers "
                "and are left out.",
                UserWarning,
                stacklevel=3,
            )
        numbers = {name: vs for name, vs in values.items() if name not in left_out}
        return TrainingHistory(numbers, obj.params, epoch=obj.epoch)  # type: ignore[arg-type]
    raise TypeError(
        f"{verb_name}() takes training histories (what fit() returns); got a {type(obj).__name__}."
    )


def load_history(path: str | Path) -> TrainingHistory:
    """Reads a history written by ``history.save`` (``.json`` or ``.csv``).

    A CSV from Keras' ``CSVLogger`` (``callback_csv_logger``) loads too. Every field is
    checked (types, one value per epoch, whole epoch numbers): a file from someone else
    that is not a history gives a clear error, never a half-built history. NaN and
    ±infinity load back exactly (JSON writes them as ``null`` and ``1e999``/``-1e999``).

    Raises:
        TypeError: ``path`` is not a str or ``pathlib.Path``.
        FileNotFoundError: no such file.
        ValueError: the file is not a history, or is truncated (the message names the
            file and the field).

    Example:

    >>> history = load_history("run1.json")
    >>> plot(history)
    """
    data = read_history(path)
    return TrainingHistory(data.metrics, data.params, epoch=data.epoch)
