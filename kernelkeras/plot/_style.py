"""The look shared by every figure: ``plot(history)``, ``plot(model)`` and the live chart.

The live chart is drawn in the browser by the JupyterLab extension, which takes its
colours, trace styles and panel titles from the kernel (``LiveChart.chart_style`` and
``LiveChart.titles``, filled from here), so the static and the live figure cannot
drift apart.

Example:

>>> SERIES["validation"]["color"], metric_title("val_mean_absolute_error")
('#00BFC4', 'Val mean absolute error')
"""

from __future__ import annotations

import copy

from kernelkeras._protocols import ChartStyle, LineStyle, MarkerStyle, SeriesStyle
from kernelkeras._text import escape_html

#: Training and validation (R keras / ggplot2's first two hues): epoch values.
SERIES: dict[str, SeriesStyle] = {
    "training": {
        "color": "#F8766D",
        "width": 2,
        "dash": "solid",
        "symbol": "circle",
        "marker_size": 7,
    },
    "validation": {
        "color": "#00BFC4",
        "width": 2,
        "dash": "dash",
        "symbol": "diamond",
        "marker_size": 7,
    },
}
#: The per-batch training values of the live chart: a thin, light line.
BATCHES: LineStyle = {"color": "rgba(248, 118, 109, 0.45)", "width": 1}
#: The cross that flags a NaN or infinite value.
NONFINITE: MarkerStyle = {"color": "#D62728", "symbol": "x", "size": 11}
#: One colour per run when several runs are overlaid (plot([h1, h2])).
RUN_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2"]
#: Boxes of plot(model): inputs, layers, nested models, and their borders.
MODEL_COLOURS = {"input": "#e8f1fb", "layer": "#f5f5f5", "model": "#fdf0e0", "border": "#4a4a4a"}
#: plotly's template for every static figure.
TEMPLATE = "plotly_white"

_ACRONYMS = {"auc": "AUC", "mse": "MSE", "mae": "MAE", "rmse": "RMSE", "iou": "IoU", "lr": "LR"}


def plotly_text(value: object) -> str:
    """``value`` as literal text in a plotly label (title, legend, hover, annotation).

    plotly reads a subset of HTML there (``<b>``, ``<br>``, links) and decodes
    ``&lt;``, ``&gt;``, ``&amp;`` and numeric entities, but not ``&quot;``, which would
    show as is: quotes are written as numeric entities.
    """
    return escape_html(value).replace("&quot;", "&#34;")


def metric_title(name: str) -> str:
    """A metric's panel title: ``"loss"`` -> ``"Loss"``, ``"mean_absolute_error"`` ->
    ``"Mean absolute error"``, ``"auc"`` -> ``"AUC"``.

    Plain text: figures pass it through :func:`plotly_text`, the live chart's front end
    escapes it itself.
    """
    words = [_ACRONYMS.get(w, w) for w in name.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def chart_style() -> ChartStyle:
    """The live chart's style (a copy: the widget may be given it and changed)."""
    style: ChartStyle = {
        "training": SERIES["training"],
        "validation": SERIES["validation"],
        "batches": BATCHES,
        "nonfinite": NONFINITE,
    }
    return copy.deepcopy(style)
