"""``ChartOutput``: the live chart as an output of a fit.

An output is told what happens in training (:class:`TrainingOutput`'s methods) and
reads everything else from the fit's :class:`~kernelkeras.live.TrainingRecord`.
:class:`ChartOutput` shows a :class:`~kernelkeras.frontend.LiveChart` in the cell's
output when the first values arrive, sends it the new points at most a few times a
second (:mod:`._throttle`), one message per redraw (:mod:`._messages`), and when
training ends replaces it in place by the static ``plot(history)`` figure, which the
notebook keeps and shows again without a kernel.

Example:

>>> chart = ChartOutput(validation=True)
>>> callback = TrainingCallback(outputs=[chart])     # what callback_live_metrics() does
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from IPython.display import display

from kernelkeras.frames import metric_order
from kernelkeras.frontend import LiveChart
from kernelkeras.live._messages import PointQueue, header, outcome_label
from kernelkeras.live._record import TrainingRecord
from kernelkeras.live._throttle import Throttle, batch_stride
from kernelkeras.plot import history_bundle


class TrainingOutput:
    """What a :class:`~kernelkeras.live.TrainingCallback` tells its outputs; each does nothing.

    Every method gets the fit's record, already updated with the event.
    """

    def begin(self, record: TrainingRecord) -> None:
        """Training begins."""

    def begin_epoch(self, record: TrainingRecord, epoch: int) -> None:
        """Epoch ``epoch`` (0-based) begins."""

    def end_batch(self, record: TrainingRecord, batch: int, logs: Mapping[str, Any]) -> None:
        """Training batch ``batch`` of the current epoch ended with ``logs``."""

    def end_epoch(self, record: TrainingRecord, epoch: int, values: Mapping[str, float]) -> None:
        """Epoch ``epoch`` ended; ``values`` is what the record kept of its logs."""

    def end(self, record: TrainingRecord, outcome: str, error: BaseException | None) -> None:
        """Training ended: ``"completed"``, ``"stopped"``, ``"interrupted"`` or ``"failed"``."""


class ChartOutput(TrainingOutput):
    """Draws the loss and metrics live in the notebook while a model trains.

    Args:
        validation: whether validation curves are expected; ``None`` draws them.
        max_points: most per-batch points sent per curve over the whole run.
        min_interval: shortest time between two redraws, in seconds.
        max_silence: longest time between redraws while new data waits, in seconds.
        chart: the widget to draw into; by default a new ``LiveChart`` shown in the
            cell's output (and closed at the end, so no widget state stays behind).
        on_stop: called when the chart's Stop button is clicked.

    Attributes:
        chart: the widget, once shown.
        updates: update messages sent so far.
    """

    def __init__(
        self,
        validation: bool | None = None,
        max_points: int = 1000,
        min_interval: float = 0.2,
        max_silence: float = 0.5,
        chart: LiveChart | None = None,
        on_stop: Callable[[], None] | None = None,
    ) -> None:
        self.validation = validation
        self.max_points = max_points
        self.throttle = Throttle(min_interval, max_silence)
        self.chart = chart
        self.on_stop = on_stop
        self.updates = 0
        self._own_chart = chart is None
        self._handle: Any = None
        self._metrics: list[str] = []
        self._queue = PointQueue()
        self._stride: int | None = None

    # ---- events -------------------------------------------------------------------------
    def begin(self, record: TrainingRecord) -> None:
        self.throttle.reset()
        self._metrics, self._queue, self._stride = [], PointQueue(), None

    def begin_epoch(self, record: TrainingRecord, epoch: int) -> None:
        if self._stride is None:  # the fit's first epoch
            self._stride = batch_stride(record.steps, record.epochs - epoch, self.max_points)

    def end_batch(self, record: TrainingRecord, batch: int, logs: Mapping[str, Any]) -> None:
        if not logs or (batch + 1) % (self._stride or 1):
            return
        steps = record.steps
        x = record.epoch + (batch + 1) / steps if steps else float(record.epoch + 1)
        training = {k: v for k, v in logs.items() if not k.startswith("val_")}
        self._add(record, "batch", x, training)
        if self.throttle.due():
            self._send(record)

    def end_epoch(self, record: TrainingRecord, epoch: int, values: Mapping[str, float]) -> None:
        self._add(record, "epoch", float(epoch + 1), values)
        self._send(record)

    def end(self, record: TrainingRecord, outcome: str, error: BaseException | None) -> None:
        if self.chart is None:
            return
        self._send(record)
        label = outcome_label(record, outcome, error)
        self.chart.send_message(
            {"kind": "done", "header": header(record, self._queue.latest, final=label)}
        )
        self.chart.running = False
        if self._handle is not None:
            self._handle.update(history_bundle(record.history(), label), raw=True)
        if self._own_chart:  # the widget and its layout: no state left for a saver
            layout = self.chart.layout
            self.chart.close()
            if layout is not None:
                layout.close()

    # ---- drawing ------------------------------------------------------------------------
    def _add(self, record: TrainingRecord, kind: Any, x: float, logs: Mapping[str, Any]) -> None:
        values = self._queue.add(kind, x, logs)
        if values:
            self._show(record, values)

    def _show(self, record: TrainingRecord, values: Mapping[str, float]) -> None:
        """Shows the chart (or sets up the given one) when the first values arrive."""
        if self.chart is not None and self._metrics:
            return
        names = metric_order(values)
        self._metrics = list(dict.fromkeys(n.removeprefix("val_") for n in names))
        initial = record.initial_epoch or 0
        shape = {
            "metrics": self._metrics,
            "validation": self.validation if self.validation is not None else True,
            "epochs": max(record.epochs, initial + 1),
            "initial_epoch": initial,
            "title": f"Training {getattr(record.model, 'name', 'model')}",
        }
        if self.chart is None:
            self.chart = LiveChart(**shape)
            self._handle = display(self.chart, display_id=True)
        else:
            with self.chart.hold_sync():
                for name, value in shape.items():
                    setattr(self.chart, name, value)
                self.chart.running = True
        if self.on_stop is not None:
            self.chart.on_stop(self.on_stop)

    def _send(self, record: TrainingRecord) -> None:
        if self.chart is None or not self._queue:
            return
        started = time.monotonic()
        message = self._queue.take(header(record, self._queue.latest))
        if message is None:
            return
        self.chart.send_message(message)
        self.updates += 1
        self.throttle.sent(started, time.monotonic())
