"""Reading models and training runs: summaries, histories and their frames and files.

This is the pandas side: :func:`summary` turns a model into a frame of its layers,
:class:`TrainingHistory` holds what a fit recorded, :func:`as_data_frame` gives either
as a DataFrame, and histories are saved and loaded as JSON or CSV. Figures of them
are drawn by :mod:`kernelkeras.plot`.
"""

from kernelkeras.frames._as_data_frame import as_data_frame
from kernelkeras.frames._history import (
    TrainingHistory,
    as_history,
    history_value,
    load_history,
    metric_order,
)
from kernelkeras.frames._summary import ModelSummary, output_shape, summary

__all__ = [
    "ModelSummary",
    "TrainingHistory",
    "as_data_frame",
    "as_history",
    "history_value",
    "load_history",
    "metric_order",
    "output_shape",
    "summary",
]
