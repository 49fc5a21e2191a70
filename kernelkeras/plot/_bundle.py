"""A figure as a display bundle, for outputs that replace a widget in place.

When a live chart (or the builder's training run) ends, its output is replaced by the
static ``plot(history)`` figure through ``DisplayHandle.update(bundle, raw=True)``: a
plotly JSON output that the notebook keeps and draws again without a kernel, with a
``text/plain`` fallback. The bundle is built directly, without plotly's renderers
(whose first use costs seconds).

Example:

>>> handle.update(history_bundle(history, "Trained 30/30 epochs"), raw=True)
"""

from __future__ import annotations

import json
from typing import Any

from kernelkeras.frames import TrainingHistory
from kernelkeras.plot._style import plotly_text


def history_bundle(history: TrainingHistory, label: str) -> dict[str, Any]:
    """``plot(history)`` titled ``label`` as a display bundle (plotly JSON + text).

    ``label`` is plain text (escaped for plotly here). A history without epochs gives
    the text alone.
    """
    text = f"{label}\n{history!r}"
    if not history.epoch:
        return {"text/plain": text}
    # lazy: plotly's figure classes would add ~50 ms to `import kernelkeras` (of ~180 ms)
    import plotly.io as pio

    from kernelkeras.plot._history import plot_history

    figure = plot_history(history)
    # the label may quote an error message, and with it a layer or metric name
    figure.update_layout(title={"text": plotly_text(label), "x": 0})
    data = json.loads(pio.to_json(figure, validate=False))
    return {"application/vnd.plotly.v1+json": {**data, "config": {}}, "text/plain": text}
