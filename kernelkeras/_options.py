"""Package-wide settings: ``kernelkeras.options``."""

from __future__ import annotations

import sys


class Options:
    """Settings that apply to every call.

    Attributes:
        view_metrics: whether ``fit(view_metrics="auto")`` (the default) shows the live
            training chart when running in a Jupyter kernel. Set it to ``False`` to turn
            the chart off everywhere; ``fit(view_metrics=True)`` still forces it on.

    Example:

    >>> import kernelkeras
    >>> kernelkeras.options.view_metrics = False
    """

    def __init__(self) -> None:
        self._view_metrics = True

    @property
    def view_metrics(self) -> bool:
        return self._view_metrics

    @view_metrics.setter
    def view_metrics(self, value: bool) -> None:
        if not isinstance(value, bool):
            raise TypeError(
                f"options.view_metrics must be True or False, got {value!r}. "
                "(Per call, fit(view_metrics=...) also takes 'auto'.)"
            )
        self._view_metrics = value

    def __repr__(self) -> str:
        return f"kernelkeras options: view_metrics={self._view_metrics}"


options = Options()


def in_jupyter_kernel() -> bool:
    """True when running in a Jupyter kernel (not a script, not terminal IPython)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    shell = ipython.get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def want_live_chart(view_metrics: object) -> bool:
    """Resolves ``fit(view_metrics=...)``: True, False or "auto"."""
    if view_metrics == "auto":
        return options.view_metrics and in_jupyter_kernel()
    if isinstance(view_metrics, bool):
        return view_metrics
    raise ValueError(f"fit(): view_metrics must be True, False or 'auto', got {view_metrics!r}.")
