"""Watching a fit as it runs: the record every fit keeps, and the live chart.

Data flows one way: the model trains; :class:`TrainingCallback` (a thin Keras
adapter) writes each event into the fit's :class:`TrainingRecord` and tells its
outputs; :class:`ChartOutput` draws the live chart from the record (throttled, one
message per redraw) and leaves the static figure in its place at the end. ``fit``
turns the record into the history it returns.
"""

from kernelkeras.live._callback import LiveMetrics, TrainingCallback, callback_live_metrics
from kernelkeras.live._chart import ChartOutput, TrainingOutput
from kernelkeras.live._record import TrainingRecord

__all__ = [
    "ChartOutput",
    "LiveMetrics",
    "TrainingCallback",
    "TrainingOutput",
    "TrainingRecord",
    "callback_live_metrics",
]
