"""``plot(history)``: training curves as a plotly figure, one row per metric.

As R keras draws them: loss first, training and validation in two fixed colours,
points plus a smooth line once there are 10 or more epochs. Several runs can be
overlaid (``plot([h1, h2], names=["small", "large"])``) to compare them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from plotly.subplots import make_subplots

from kernelkeras._text import shown
from kernelkeras.frames import TrainingHistory, as_history
from kernelkeras.plot._figure import Figure
from kernelkeras.plot._style import RUN_COLOURS, SERIES, TEMPLATE, metric_title, plotly_text

#: From how many epochs on the points get a smoothed line.
SMOOTH_FROM = 10


def loess(x: np.ndarray, y: np.ndarray, span: float = 0.75) -> np.ndarray:
    """Local linear regression with tricube weights (R's ``loess`` default span).

    Returns the smoothed value at each ``x``; NaN values of ``y`` are ignored.
    """
    keep = np.isfinite(y)
    xs, ys = x[keep].astype("float64"), y[keep].astype("float64")
    n = len(xs)
    if n < 3:
        return np.full(len(x), np.nan)
    k = max(3, math.ceil(span * n))
    distance = np.abs(x[:, None] - xs[None, :])  # (points, observations)
    reach = np.sort(distance, axis=1)[:, k - 1][:, None]
    reach = np.where(reach > 0, reach, 1.0)
    w = np.clip(1 - (distance / reach) ** 3, 0, None) ** 3
    sw = w.sum(1)
    mx = (w * xs).sum(1) / sw
    my = (w * ys).sum(1) / sw
    dx = xs[None, :] - mx[:, None]
    slope_den = (w * dx * dx).sum(1)
    slope = np.where(slope_den > 0, (w * dx * (ys[None, :] - my[:, None])).sum(1) / slope_den, 0)
    return my + slope * (x - mx)


def _bases(history: TrainingHistory) -> list[str]:
    return list(dict.fromkeys(name.removeprefix("val_") for name in history.history))


def _description(histories: list[TrainingHistory], names: list[str]) -> str:
    parts = []
    for history, name in zip(histories, names, strict=True):
        last = []
        for base in _bases(history):
            values = [v for v in history.history.get(base, []) if not math.isnan(v)]
            val = [v for v in history.history.get(f"val_{base}", []) if not math.isnan(v)]
            text = f"{base} {values[-1]:.4g}" if values else base
            last.append(text + (f" (validation {val[-1]:.4g})" if val else ""))
        label = f"{name}: " if len(histories) > 1 else ""
        parts.append(f"{label}{len(history)} epochs; " + ", ".join(last))
    return "Training history: " + "; ".join(parts)


def texts(value: str | Sequence[str] | None, argument: str, what: str) -> list[str] | None:
    """``metrics=`` or ``names=`` as a list: one string (as R writes it) or a list of them.

    Raises:
        TypeError: naming ``argument``, for anything else.
    """
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    if not isinstance(value, (list, tuple)):
        raise TypeError(
            f"plot(): {argument} should be a {what} or a list of them; got "
            f"{type(value).__name__} {shown(value)}."
        )
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise TypeError(
                f"plot(): {argument}[{i}] should be a {what} (a str); got "
                f"{type(item).__name__} {shown(item)}."
            )
    return list(value)


def plot_history(
    history: Any,
    metrics: str | Sequence[str] | None = None,
    names: str | Sequence[str] | None = None,
    smooth: bool | None = None,
) -> Figure:
    """See :func:`kernelkeras.plot`."""
    runs = list(history) if isinstance(history, (list, tuple)) else [history]
    if not runs:
        raise ValueError("plot() got an empty list of histories; pass at least one.")
    histories = [as_history(h, "plot") for h in runs]
    metrics = texts(metrics, "metrics", "metric name")
    names = texts(names, "names", "run name")
    if names is None:
        names = [f"run {i + 1}" for i in range(len(histories))] if len(histories) > 1 else [""]
    if len(names) != len(histories):
        raise ValueError(
            f"plot(): {len(histories)} histories but {len(names)} names; give one name per history."
        )
    empty = [n or "history" for h, n in zip(histories, names, strict=True) if len(h) == 0]
    if empty:
        raise ValueError(
            f"plot(): {', '.join(empty)} has no epochs to plot (fit ran 0 epochs, or it was "
            "stopped before the first epoch ended)."
        )
    available = list(dict.fromkeys(b for h in histories for b in _bases(h)))
    chosen = metrics if metrics is not None else available
    if not chosen:
        raise ValueError(
            f"plot(): metrics is empty; name one or more of {', '.join(available)} "
            "(or leave metrics out to plot them all)."
        )
    unknown = [m.removeprefix("val_") for m in chosen if m.removeprefix("val_") not in available]
    if unknown:
        raise ValueError(
            f"plot(): no metric {', '.join(map(shown, unknown))} in this history; it has "
            f"{', '.join(available)}."
        )
    chosen = list(dict.fromkeys(m.removeprefix("val_") for m in chosen))

    fig = Figure(
        make_subplots(
            rows=len(chosen),
            cols=1,
            shared_xaxes=True,
            vertical_spacing=min(0.08, 0.3 / len(chosen)),
            subplot_titles=[plotly_text(metric_title(m)) for m in chosen],
        ),
        description=_description(histories, names),
    )
    overlay = len(histories) > 1
    with fig.batch_update():
        for row, metric in enumerate(chosen, start=1):
            for run, (history, name) in enumerate(zip(histories, names, strict=True)):
                epochs = np.asarray(history.epoch, dtype="float64") + 1
                for data, key in (("training", metric), ("validation", f"val_{metric}")):
                    if key not in history.history:
                        continue
                    values = np.asarray(history.history[key], dtype="float64")
                    _add_series(
                        fig,
                        row,
                        epochs,
                        values,
                        metric,
                        data,
                        name,
                        run,
                        overlay,
                        smooth if smooth is not None else len(epochs) >= SMOOTH_FROM,
                    )
        last = max(max(h.epoch) + 1 for h in histories)
        first = min(min(h.epoch) + 1 for h in histories)
        fig.update_xaxes(range=[first - 0.5, last + 0.5])
        if last - first < 10:  # whole epochs only: no ticks at 1.5, 2.5
            fig.update_xaxes(tick0=first, dtick=1)
        fig.update_xaxes(title_text="Epoch", row=len(chosen), col=1)
        fig.update_layout(
            height=max(320, 230 * len(chosen) + 90),
            template=TEMPLATE,
            hovermode="closest",
            legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
            margin={"l": 60, "r": 20, "t": 70, "b": 50},
        )
    return fig


def _add_series(
    fig: Figure,
    row: int,
    epochs: np.ndarray,
    values: np.ndarray,
    metric: str,
    data: str,
    name: str,
    run: int,
    overlay: bool,
    smooth: bool,
) -> None:
    style = SERIES[data]
    colour = RUN_COLOURS[run % len(RUN_COLOURS)] if overlay else style["color"]
    label = f"{name} {data}".strip() if overlay else data
    group = label
    point_mode = "markers" if smooth else "lines+markers"
    marker = {"color": colour, "size": style["marker_size"], "symbol": style["symbol"]}
    line = {"color": colour, "dash": style["dash"], "width": style["width"]}
    # Run and metric names are escaped, and reach the hover text through `meta`, so
    # that a name can be neither markup nor a %{...} placeholder.
    meta = [plotly_text(label), plotly_text(metric)]
    hover = "%{meta[0]}<br>epoch %{x}<br>%{meta[1]}: %{y:.8g}<extra></extra>"
    fig.add_scatter(
        x=epochs,
        y=values,
        mode=point_mode,
        name=meta[0],
        meta=meta,
        legendgroup=group,
        showlegend=row == 1,
        marker=marker,
        line=line,
        hovertemplate=hover,
        opacity=0.7 if smooth else 1.0,
        row=row,
        col=1,
    )
    if smooth:
        fig.add_scatter(
            x=epochs,
            y=loess(epochs, values),
            mode="lines",
            name=f"{meta[0]} (smoothed)",
            legendgroup=group,
            showlegend=False,
            line=line,
            hoverinfo="skip",
            row=row,
            col=1,
        )
