"""How often the live chart redraws, and which batches it draws.

A redraw is one comm message; the front end draws at most once per animation frame.
:class:`Throttle` keeps redraws between a few per second and one per ``max_silence``
(at least one per epoch is the chart's own rule), and backs off when sending costs
more; :func:`batch_stride` thins the per-batch points so a run never sends more than
``max_points`` per curve, however long it is.

Example:

>>> throttle = Throttle(min_interval=0.2, max_silence=0.5)
>>> throttle.due(now=throttle.last + 0.25)
True
>>> batch_stride(steps=469, epochs_left=30, max_points=1000)
15
"""

from __future__ import annotations

import math
import time


class Throttle:
    """Decides whether a redraw is due; adapts its interval to what a redraw costs.

    Args:
        min_interval: shortest time between two redraws, in seconds.
        max_silence: longest interval the adaptation may reach, in seconds.

    Attributes:
        interval: the current shortest time between redraws.
        last: ``time.monotonic()`` of the last redraw (0 before the first).
    """

    #: A redraw may take at most 1/COST_SHARE of the time between two (about 2%).
    COST_SHARE = 50

    def __init__(self, min_interval: float, max_silence: float) -> None:
        if min_interval <= 0 or max_silence < min_interval:
            raise ValueError(f"Throttle: need 0 < min_interval ({min_interval}) <= max_silence.")
        self.min_interval = min_interval
        self.max_silence = max_silence
        self.reset()

    def reset(self) -> None:
        """Forgets earlier redraws (a new fit)."""
        self.interval = self.min_interval
        self.last = 0.0

    def due(self, now: float | None = None) -> bool:
        """Whether enough time has passed since the last redraw."""
        now = time.monotonic() if now is None else now
        return now - self.last >= self.interval

    def sent(self, started: float, finished: float) -> None:
        """A redraw that began at ``started`` was handed over at ``finished``."""
        self.last = finished
        cost = finished - started
        self.interval = min(self.max_silence, max(self.min_interval, self.COST_SHARE * cost))


def batch_stride(steps: int | None, epochs_left: int, max_points: int) -> int:
    """Send every n-th batch so that a run's batches give at most ``max_points`` points."""
    if not steps:
        return 1
    return max(1, math.ceil(steps * max(1, epochs_left) / max_points))
