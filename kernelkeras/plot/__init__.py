"""Figures: ``plot()`` of training histories and models, and the style they share.

Every figure is a plotly figure that notebooks store as plotly's own output (drawn
again without a kernel), with a ``text/plain`` description for other viewers. The
live chart takes its colours and titles from :mod:`._style` too.
"""

from kernelkeras.plot._bundle import history_bundle
from kernelkeras.plot._figure import Figure
from kernelkeras.plot._history import loess, plot_history
from kernelkeras.plot._model import layer_graph, plot_model
from kernelkeras.plot._plot import plot
from kernelkeras.plot._style import SERIES, chart_style, metric_title

__all__ = [
    "SERIES",
    "Figure",
    "chart_style",
    "history_bundle",
    "layer_graph",
    "loess",
    "metric_title",
    "plot",
    "plot_history",
    "plot_model",
]
