"""The live chart's messages: the points since the last redraw, and the status line.

:class:`PointQueue` collects the values that arrive between two redraws into the
blocks of one :class:`~kernelkeras._protocols.LiveChartUpdate`; :func:`header` and
:func:`outcome_label` write the status line from the fit's
:class:`~kernelkeras.live.TrainingRecord`.

Example:

>>> queue = PointQueue()
>>> queue.add("epoch", 1.0, {"loss": 0.31, "val_loss": float("nan")})
{'loss': 0.31, 'val_loss': nan}
>>> queue.take("Epoch 1/3")
{'kind': 'update', 'header': 'Epoch 1/3', 'epoch': {'x': [1.0], 'y': {'loss': [0.31],
'val_loss': [None]}}, 'nonfinite': {'x': [1.0], 'metric': ['loss']}}
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Literal

from kernelkeras._protocols import LiveChartUpdate, Nonfinite, Points
from kernelkeras.frames import metric_order
from kernelkeras.live._record import TrainingRecord, numbers

#: How many of the latest values the status line shows.
HEADER_VALUES = 6


def clock(seconds: float) -> str:
    """``75`` -> ``"1:15"``, ``3725`` -> ``"1:02:05"``."""
    seconds = max(0, round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


class PointQueue:
    """The points that arrived since the last update, by kind (``batch`` or ``epoch``).

    Attributes:
        latest: the most recent value of every metric seen (for the status line).
    """

    def __init__(self) -> None:
        self._blocks: dict[str, Points] = {}
        self._nonfinite: Nonfinite | None = None
        self.latest: dict[str, float] = {}

    def __bool__(self) -> bool:
        return bool(self._blocks or self._nonfinite)

    def add(
        self, kind: Literal["batch", "epoch"], x: float, logs: Mapping[str, Any]
    ) -> dict[str, float]:
        """Queues the scalar values of ``logs`` at ``x``; returns them (empty: nothing queued).

        NaN and infinities are sent as ``None`` and listed under ``nonfinite``.
        """
        values = numbers(logs)
        if not values:
            return values
        self.latest.update(values)
        block = self._blocks.setdefault(kind, {"x": [], "y": {}})
        count = len(block["x"])
        block["x"].append(round(x, 6))
        for name, value in values.items():
            series = block["y"].setdefault(name, [None] * count)
            series.append(_finite(value))
            if not math.isfinite(value):
                bad = self._nonfinite = self._nonfinite or {"x": [], "metric": []}
                bad["x"].append(round(x, 6))
                bad["metric"].append(name.removeprefix("val_"))
        for series in block["y"].values():  # metrics missing from this step
            series.extend([None] * (count + 1 - len(series)))
        return values

    def take(self, header: str) -> LiveChartUpdate | None:
        """The queued points as one update message (None when nothing waits); empties it."""
        if not self:
            return None
        message: LiveChartUpdate = {"kind": "update", "header": header}
        if "batch" in self._blocks:
            message["batch"] = self._blocks["batch"]
        if "epoch" in self._blocks:
            message["epoch"] = self._blocks["epoch"]
        if self._nonfinite is not None:
            message["nonfinite"] = self._nonfinite
        self._blocks, self._nonfinite = {}, None
        return message


def header(record: TrainingRecord, latest: Mapping[str, float], final: str | None = None) -> str:
    """The status line: ``Epoch 3/30 · 0:12 elapsed · ETA 1:48 · loss 0.213 · ...``.

    With ``final``, that label replaces the epoch counter and the ETA is left out.
    Plain text, metric names as they are: the live chart shows it as text.
    """
    epochs, steps = record.epochs, record.steps
    elapsed = record.elapsed
    initial = record.initial_epoch or 0
    total_steps = (epochs - initial) * steps if steps else None
    counter = final or f"Epoch {min(record.epoch + 1, epochs)}/{epochs}"
    parts = [counter, f"{clock(elapsed)} elapsed"]
    if final is None and total_steps and record.steps_done:
        remaining = elapsed / record.steps_done * (total_steps - record.steps_done)
        parts.append(f"ETA {clock(remaining)}")
    parts += [f"{n} {latest[n]:.4g}" for n in metric_order(latest)[:HEADER_VALUES]]
    return " · ".join(parts)


def outcome_label(record: TrainingRecord, outcome: str, error: BaseException | None) -> str:
    """How training ended, as the final status line and the figure's title.

    Plain text: ``history_bundle`` escapes it for plotly.
    """
    epochs = record.epochs
    ran = record.rows[-1][0] + 1 if record.rows else (record.initial_epoch or 0)
    current = f"{min(record.epoch + 1, epochs)}/{epochs}"
    labels = {
        "completed": f"Trained {ran}/{epochs} epochs",
        "stopped": f"Stopped at epoch {ran}/{epochs}",
        "interrupted": f"Interrupted during epoch {current}",
        "failed": f"Failed during epoch {current}: {type(error).__name__}: {error}",
    }
    return labels.get(outcome, outcome)
