"""A plotly figure that always carries a ``text/plain`` description.

Plotly shows a figure in Jupyter through its own MIME type
(``application/vnd.plotly.v1+json``), which the notebook stores and renders again
when it is reopened without a kernel, but it sends nothing for nbconvert or a
terminal to show. :class:`Figure` is a ``plotly.graph_objects.Figure`` that adds a
short ``text/plain`` description to what plotly sends, and never embeds HTML that
would load plotly.js from the network.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from IPython.display import display


class Figure(go.Figure):
    """A ``plotly.graph_objects.Figure`` with a plain-text description for non-plotly viewers.

    Example:

    >>> fig = plot(history)
    >>> isinstance(fig, plotly.graph_objects.Figure)
    True
    >>> fig.description
    'Training history: 30 epochs; loss 0.0913 (validation 0.1012), ...'
    """

    def __init__(self, *args: Any, description: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._description = description

    @property
    def description(self) -> str:
        """The ``text/plain`` shown where plotly cannot draw (nbconvert, terminals)."""
        return getattr(self, "_description", "") or "plotly figure"

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None, validate: bool = True, **kwargs: Any
    ) -> dict[str, Any]:
        bundle = dict(super()._repr_mimebundle_(include, exclude, validate, **kwargs) or {})
        bundle.pop("text/html", None)  # would load plotly.js from a CDN
        bundle["text/plain"] = self.description
        return bundle

    def _repr_html_(self) -> None:
        return None

    def _ipython_display_(self) -> None:
        display(self._repr_mimebundle_(), raw=True)
