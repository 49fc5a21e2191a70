"""``plot()``: one verb for training histories and models."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from kernelkeras._backend import keras
from kernelkeras.frames import TrainingHistory

if TYPE_CHECKING:
    from kernelkeras.plot._figure import Figure


def plot(
    x: Any,
    metrics: str | Sequence[str] | None = None,
    names: str | Sequence[str] | None = None,
    smooth: bool | None = None,
) -> Figure:
    """Plots a training history, several histories, or a model's layer graph.

    Returns a ``plotly.graph_objects.Figure`` (a subclass that adds a ``text/plain``
    description). In a notebook it is stored as plotly's own output, so it is drawn
    again when the notebook is reopened without a kernel.

    - ``plot(history)``: one row per metric (loss first) over a shared epoch axis;
      training and validation in two colours; points plus a smoothed (loess) line
      from 10 epochs on. ``metrics="loss"`` (one name, as in R) or
      ``metrics=["loss", "accuracy"]`` picks rows, ``smooth=False`` turns the
      smoothing off. Hover shows the exact values.
    - ``plot([h1, h2], names=["small", "large"])``: several runs overlaid, one colour
      per run (validation dashed), to compare them.
    - ``plot(model)``: the layers as boxes (name, type, output shape) with arrows for
      the connections; branches of functional models side by side.

    Example:

    >>> history = model >> fit(x_train, y_train, epochs=30, validation_split=0.2)
    >>> plot(history)
    >>> plot([history, history_wide], names=["256 units", "512 units"], metrics=["accuracy"])
    >>> plot(model)
    """
    # lazy: plotly's figure classes would add ~50 ms to `import kernelkeras` (of ~180 ms)
    from kernelkeras.plot._history import plot_history
    from kernelkeras.plot._model import plot_model

    if isinstance(x, keras.Model):
        return plot_model(x)
    histories = (TrainingHistory, keras.callbacks.History)
    if isinstance(x, histories) or (
        isinstance(x, (list, tuple)) and x and all(isinstance(h, histories) for h in x)
    ):
        return plot_history(x, metrics=metrics, names=names, smooth=smooth)
    what = type(x).__name__
    if isinstance(x, (list, tuple)):
        what = f"{what} of " + ", ".join(sorted({type(i).__name__ for i in x}) or ["nothing"])
    raise TypeError(
        f"plot() draws training histories (what fit() returns, or load_history(...)) and "
        f"Keras models; got a {what}. For other data, use plotly directly."
    )
