"""The Keras side of watching a fit: ``TrainingCallback`` and ``callback_live_metrics()``.

:class:`TrainingCallback` is a thin Keras adapter: it writes each event of ``fit``
into a :class:`~kernelkeras.live.TrainingRecord` and passes it on to its outputs
(the live chart, :class:`~kernelkeras.live.ChartOutput`), as livelossplot's inputs
feed its outputs. ``fit`` puts one first in its callbacks, so there is one record per
fit, whether or not a chart is drawn. :class:`LiveMetrics` is the adapter with the
chart and graceful interrupts: an interrupt (the Stop button, the notebook's stop
button or Ctrl-C) stops training at the next batch; a second one raises
``KeyboardInterrupt`` as usual. Either way the model and the epochs that finished are
kept (``last_history()``).

Example:

>>> history = model >> fit(x, y, epochs=30)                  # on by default in notebooks
>>> model.fit(x, y, epochs=30, callbacks=[callback_live_metrics()])   # plain Keras
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kernelkeras._backend import keras
from kernelkeras.frames import TrainingHistory
from kernelkeras.frontend import LiveChart
from kernelkeras.live._chart import ChartOutput, TrainingOutput
from kernelkeras.live._interrupt import GracefulInterrupt
from kernelkeras.live._record import TrainingRecord

_Callback: Any = keras.callbacks.Callback


class TrainingCallback(_Callback):
    """Records a fit into a :class:`TrainingRecord` and tells its outputs what happens.

    Args:
        record: where to record; a new one by default. ``fit`` gives each run its own.
        outputs: what to tell about each event, in order.
        graceful_interrupt: while training, turn the first SIGINT into a stop after the
            current batch (a second one raises ``KeyboardInterrupt``).

    Attributes:
        record: the fit's record (``record.history()`` is the history so far).
        outputs: see Args.
    """

    def __init__(
        self,
        record: TrainingRecord | None = None,
        outputs: Sequence[TrainingOutput] = (),
        graceful_interrupt: bool = False,
    ) -> None:
        super().__init__()
        self.record = record if record is not None else TrainingRecord()
        self.outputs = list(outputs)
        self._interrupt = GracefulInterrupt(self.request_stop) if graceful_interrupt else None
        self._finished = False

    # ---- Keras events -------------------------------------------------------------------
    def on_train_begin(self, logs: dict[str, Any] | None = None) -> None:
        self._finished = False
        self.record.begin(self.params, self.model)
        if self._interrupt is not None:
            self._interrupt.install()
        for output in self.outputs:
            output.begin(self.record)

    def on_epoch_begin(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        self._end_epoch()
        self.record.begin_epoch(epoch)
        for output in self.outputs:
            output.begin_epoch(self.record, epoch)

    def on_train_batch_end(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        self.record.end_batch()
        for output in self.outputs:
            output.end_batch(self.record, batch, logs or {})

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        # Recorded now, so that the epoch counts even if a later callback fails; the
        # outputs hear of it once its logs are final (later callbacks add to them).
        self.record.add_epoch(epoch, logs)

    def _end_epoch(self) -> None:
        """Tells the outputs of the last epoch, now that its logs are final."""
        closed = self.record.close_epoch()
        if closed is not None:
            for output in self.outputs:
                output.end_epoch(self.record, *closed)

    def on_train_end(self, logs: dict[str, Any] | None = None) -> None:
        stopped = self.model is not None and getattr(self.model, "stop_training", False)
        self.finish("stopped" if stopped else "completed")

    # ---- stopping and the end -----------------------------------------------------------
    def request_stop(self) -> None:
        """Asks Keras to stop after the current batch (the Stop button, a first interrupt)."""
        self.record.status = "stop requested"
        if self.model is not None:
            self.model.stop_training = True

    def finish(self, outcome: str, error: BaseException | None = None) -> None:
        """Ends the run once: ``"completed"``, ``"stopped"``, ``"interrupted"`` or ``"failed"``.

        Keras calls it (through ``on_train_end``) when training ends normally; ``fit``
        calls it when training ends with an exception, which Keras does not report to
        callbacks.
        """
        if self._finished:
            return
        self._finished = True
        self._end_epoch()
        if self._interrupt is not None:
            self._interrupt.restore()
        self.record.status = outcome
        for output in self.outputs:
            output.end(self.record, outcome, error)

    def history(self) -> TrainingHistory:
        """The epochs recorded so far, as a :class:`~kernelkeras.frames.TrainingHistory`."""
        return self.record.history()


class LiveMetrics(TrainingCallback):
    """Draws loss and metrics live in the notebook while a model trains.

    Args:
        validation: whether validation curves are expected; ``None`` draws them if
            validation values arrive.
        max_points: most per-batch points kept per curve over the whole run.
        min_interval: shortest time between two redraws, in seconds.
        max_silence: longest time without a redraw while new data waits, in seconds.
        chart: the widget to draw into; by default a new ``LiveChart`` shown in the
            cell's output.
    """

    def __init__(
        self,
        validation: bool | None = None,
        max_points: int = 1000,
        min_interval: float = 0.2,
        max_silence: float = 0.5,
        chart: LiveChart | None = None,
    ) -> None:
        if max_points < 10 or min_interval <= 0 or max_silence < min_interval:
            raise ValueError(
                "callback_live_metrics(): need max_points >= 10 and "
                "0 < min_interval <= max_silence."
            )
        self.output = ChartOutput(
            validation, max_points, min_interval, max_silence, chart, on_stop=self.request_stop
        )
        super().__init__(outputs=[self.output], graceful_interrupt=True)

    @property
    def chart(self) -> LiveChart | None:
        """The chart widget, once training has sent its first values."""
        return self.output.chart

    @property
    def status(self) -> str:
        """``"running"``, ``"stop requested"``, or how training ended."""
        return self.record.status

    @property
    def updates(self) -> int:
        """How many update messages the chart was sent."""
        return self.output.updates


def callback_live_metrics(
    validation: bool | None = None,
    max_points: int = 1000,
    min_interval: float = 0.2,
    max_silence: float = 0.5,
) -> LiveMetrics:
    """A live training chart as a plain Keras callback (for ``model.fit(callbacks=[...])``).

    ``fit()`` adds one by itself in notebooks (``view_metrics="auto"``); use this with
    Keras' own ``model.fit``. See :class:`LiveMetrics` for the arguments.

    Example:

    >>> model.fit(x, y, epochs=10, validation_split=0.2, callbacks=[callback_live_metrics()])
    """
    return LiveMetrics(validation, max_points, min_interval, max_silence)
