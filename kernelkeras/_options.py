"""Package-wide settings: ``kernelkeras.options``."""

from __future__ import annotations

import sys


class Options:
    """Settings that apply to every call.

    Attributes:
        view_metrics: whether ``fit(view_metrics="auto")`` (the default) shows the live
            training chart when running in a Jupyter kernel. Set it to ``False`` to turn
            the chart off everywhere; ``fit(view_metrics=True)`` still forces it on.
        check_finite: whether ``fit``, ``evaluate``, ``predict`` and the other data verbs
            refuse ``x``, ``y`` and ``validation_data`` holding NaN or ±inf (default
            True). Set it to ``False`` to let them through to Keras everywhere; per call,
            ``check_finite=False`` (or ``True``) overrides it.

    Example:

    >>> import kernelkeras
    >>> kernelkeras.options.view_metrics = False
    >>> kernelkeras.options.check_finite = False   # NaN reaches Keras; the loss may be nan
    """

    def __init__(self) -> None:
        self._view_metrics = True
        self._check_finite = True

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

    @property
    def check_finite(self) -> bool:
        return self._check_finite

    @check_finite.setter
    def check_finite(self, value: bool) -> None:
        if not isinstance(value, bool):
            raise TypeError(
                f"options.check_finite must be True or False, got {value!r}. "
                "(Per call, fit(check_finite=False) lets NaN and ±inf through once.)"
            )
        self._check_finite = value

    def __repr__(self) -> str:
        return (
            f"kernelkeras options: view_metrics={self._view_metrics}, "
            f"check_finite={self._check_finite}"
        )


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


def want_finite_check(check_finite: object, verb_name: str) -> bool:
    """Resolves a verb's ``check_finite=``: None follows ``options.check_finite``."""
    if check_finite is None:
        return options.check_finite
    if isinstance(check_finite, bool):
        return check_finite
    raise TypeError(
        f"{verb_name}(): check_finite must be True, False or None (follow "
        f"kernelkeras.options.check_finite), got {check_finite!r}."
    )
