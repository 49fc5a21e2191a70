"""Figures: ``plot()`` of training histories and models, and the style they share.

Every figure is a plotly figure that notebooks store as plotly's own output (drawn
again without a kernel), with a ``text/plain`` description for other viewers. The
live chart takes its colours and titles from :mod:`._style` too.
"""

from kernelkeras.plot._bundle import history_bundle
from kernelkeras.plot._plot import plot
from kernelkeras.plot._style import SERIES, chart_style, metric_title

# The figure modules (_figure, _history, _model) load plotly's figure classes; they are
# imported on first use, by plot() and history_bundle(), not with kernelkeras.
__all__ = ["SERIES", "chart_style", "history_bundle", "metric_title", "plot"]
