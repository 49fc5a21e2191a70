"""``LiveChart``: the live training chart widget, drawn in the browser with plotly.js.

The front end is the ``kernelkeras`` JupyterLab extension (``labextension/`` in the
repository, prebuilt into the wheel). Python syncs the chart's shape as traits
(:class:`~kernelkeras._protocols.LiveChartState`) and streams the points as custom
messages with ``chart.send(content)`` (:class:`~kernelkeras._protocols.LiveChartUpdate`,
:class:`~kernelkeras._protocols.LiveChartDone`):

``{"kind": "update", "header": str, "batch": {...}, "epoch": {...}, "nonfinite": {...}}``
    Appends points; every key but ``kind`` is optional. ``batch`` is
    ``{"x": [...], "y": {"loss": [...], "accuracy": [...]}}`` (per-batch training
    values, x in epochs, e.g. 2.25 = a quarter into epoch 3); ``epoch`` is the same
    with epoch-end values at integer x (epoch number counted from 1), validation series
    named ``val_<metric>``. Values may be ``None`` (send NaN and infinities as ``None``);
    a ``None`` loss is marked with a red cross at the top of its panel, and so is
    every point listed in ``nonfinite``: ``{"x": [...], "metric": [...]}``.
``{"kind": "done", "header": str}``
    The final status line; the Stop button is disabled.

Every text here (``title``, ``header``, ``metrics``, ``titles``) is plain text, however
hostile (metric names come from anyone's code and files): the front end writes the title
and header with ``textContent`` and escapes metric names and panel titles for plotly
itself (``escapeHtml`` in figure.ts), so nothing is escaped here, which would show twice.

The only message from the front end is ``{"event": "stop"}`` (the Stop button), which
runs the callbacks registered with :meth:`LiveChart.on_stop`. The button also interrupts
the kernel while ``running`` is true, since a kernel busy in ``fit`` reads comm messages
only after the cell: the training loop is expected to turn SIGINT into a graceful stop.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets
import traitlets

from kernelkeras._protocols import MODULE_NAME, MODULE_VERSION, LiveChartMessage
from kernelkeras.plot import chart_style, metric_title


class LiveChart(ipywidgets.DOMWidget):
    """A live training chart: one panel per metric, filled while a model trains.

    Each panel (loss first) shows the per-batch training values as a thin light line,
    the epoch-end training values (``#F8766D``) and, with ``validation=True``, the
    validation values (``#00BFC4``, dashed); the x axis runs from ``initial_epoch`` to
    ``epochs`` from the start, so it never rescales. Above the chart: ``title``, the
    status line ``header`` and a Stop button. Points are sent as custom messages (see
    the module docstring); only the new ones, never the whole series.

    Args (all traits, synced with the front end):
        metrics: base metric names in panel order, loss first (``["loss", "accuracy"]``);
            validation series are named ``val_<metric>`` in the messages.
        validation: whether the panels get validation traces.
        epochs: the last planned epoch, where the x axis ends (at least 1).
        initial_epoch: where the x axis starts (at least 0).
        title: shown in bold before the status line.
        running: whether training is under way (Stop interrupts the kernel only then).
        header: the status line; an ``update`` or ``done`` message may replace it too.
        titles: each metric's panel title; set from ``metrics`` (``metric_title``).
        chart_style: colours and trace styles, shared with ``plot(history)``
            (:func:`kernelkeras.plot.chart_style`).

    Example:
        >>> chart = LiveChart(metrics=["loss", "accuracy"], validation=True, epochs=3)
        >>> chart.on_stop(lambda: print("stop requested"))
        >>> chart.send({"kind": "update", "epoch": {"x": [1], "y": {"loss": [0.3]}}})
    """

    _model_name = traitlets.Unicode("LiveChartModel").tag(sync=True)
    _view_name = traitlets.Unicode("LiveChartView").tag(sync=True)
    _model_module = traitlets.Unicode(MODULE_NAME).tag(sync=True)
    _view_module = traitlets.Unicode(MODULE_NAME).tag(sync=True)
    _model_module_version = traitlets.Unicode(MODULE_VERSION).tag(sync=True)
    _view_module_version = traitlets.Unicode(MODULE_VERSION).tag(sync=True)

    metrics = traitlets.List(
        traitlets.Unicode(), help="Base metric names in panel order, loss first."
    ).tag(sync=True)
    validation = traitlets.Bool(False, help="Whether validation traces are drawn.").tag(sync=True)
    epochs = traitlets.Int(1, min=1, help="The last planned epoch: the x axis' end.").tag(sync=True)
    initial_epoch = traitlets.Int(0, min=0, help="The x axis' start.").tag(sync=True)
    title = traitlets.Unicode("", help="The chart's title.").tag(sync=True)
    running = traitlets.Bool(True, help="Whether training is under way.").tag(sync=True)
    header = traitlets.Unicode("", help="The status line above the chart.").tag(sync=True)
    titles = traitlets.Dict(
        value_trait=traitlets.Unicode(), help="Panel title per metric (from metrics)."
    ).tag(sync=True)
    chart_style = traitlets.Dict(help="Colours and trace styles (kernelkeras.plot).").tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("chart_style", chart_style())
        super().__init__(**kwargs)
        self.titles = {name: metric_title(name) for name in self.metrics}
        self._stop_handlers = ipywidgets.CallbackDispatcher()
        self.on_msg(self._handle_frontend_msg)

    @traitlets.observe("metrics")
    def _retitle(self, change: dict[str, Any]) -> None:
        self.titles = {name: metric_title(name) for name in change["new"]}

    def send_message(self, message: LiveChartMessage) -> None:
        """Sends one typed message to the front end (see the module docstring)."""
        self.send(message)

    @traitlets.validate("metrics")
    def _validate_metrics(self, proposal: dict[str, Any]) -> list[str]:
        names = list(proposal["value"])
        for name in names:
            if not name:
                raise traitlets.TraitError("LiveChart.metrics: metric names must not be empty.")
            if name.startswith("val_"):
                raise traitlets.TraitError(
                    f"LiveChart.metrics takes base metric names; got {name!r}. Pass "
                    f"{name.removeprefix('val_')!r} and validation=True for validation curves."
                )
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise traitlets.TraitError(f"LiveChart.metrics names {', '.join(repeated)} twice.")
        return names

    def on_stop(self, callback: Callable[[], Any], remove: bool = False) -> None:
        """Registers ``callback()`` to run when Stop is clicked (``remove=True`` removes it).

        It runs when the kernel reads the front end's ``{"event": "stop"}`` message:
        while a cell is running, that is after the cell. Exceptions in it are shown,
        not raised.
        """
        self._stop_handlers.register_callback(callback, remove=remove)

    def _handle_frontend_msg(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("event") == "stop":
            self._stop_handlers()
