"""Live training curves while ``fit`` runs: ``callback_live_metrics()``.

A Keras callback that draws the training in a plotly chart in the notebook (the
``LiveChart`` widget of kernelkeras' JupyterLab extension) and, when training ends,
replaces the chart in place by the static ``plot(history)`` figure, which the
notebook keeps and shows again without a kernel.

It is light on the wire: redraws are throttled (at most ``1 / min_interval`` a second,
at least one per epoch and one whenever ``max_silence`` seconds pass with new data);
each redraw is one comm message holding only the points added since the last one;
per-batch points are thinned so a run never sends more than ``max_points`` per curve.
Nothing is cleared: prints and Keras' progress bar stay in the cell.

While the chart runs, an interrupt (the Stop button, the notebook's stop button or
Ctrl-C) stops training gracefully at the next batch; a second interrupt raises
``KeyboardInterrupt`` as usual. Either way the model and the epochs that finished
are kept (``last_history()``).

Example:

>>> history = model >> fit(x, y, epochs=30)                  # on by default in notebooks
>>> model.fit(x, y, epochs=30, callbacks=[callback_live_metrics()])   # plain Keras
"""

from __future__ import annotations

import json
import math
import signal
import threading
import time
from typing import Any

from kernelkeras._backend import keras
from kernelkeras._history import TrainingHistory, metric_order

_Callback: Any = keras.callbacks.Callback


def _clock(seconds: float) -> str:
    seconds = max(0, round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


class LiveMetrics(_Callback):
    """Draws loss and metrics live in the notebook while a model trains.

    Args:
        validation: whether validation curves are expected; ``None`` draws them if
            validation values arrive.
        max_points: most per-batch points kept per curve over the whole run.
        min_interval: shortest time between two redraws, in seconds.
        max_silence: longest time without a redraw while new data waits, in seconds.
        chart: the widget to draw into (tests pass their own); by default a new
            ``LiveChart`` shown in the cell's output.
    """

    def __init__(
        self,
        validation: bool | None = None,
        max_points: int = 1000,
        min_interval: float = 0.2,
        max_silence: float = 0.5,
        chart: Any = None,
    ) -> None:
        super().__init__()
        if max_points < 10 or min_interval <= 0 or max_silence < min_interval:
            raise ValueError(
                "callback_live_metrics(): need max_points >= 10 and "
                "0 < min_interval <= max_silence."
            )
        self.validation = validation
        self.max_points = max_points
        self.min_interval = min_interval
        self.max_silence = max_silence
        self.chart = chart
        self.rows: list[tuple[int, dict[str, float]]] = []
        #: Settings Keras does not record (samples, batch size), for the final summary.
        self.extra_params: dict[str, Any] = {}
        self.updates = 0
        self.status = "running"
        self._handle: Any = None
        self._own_chart = chart is None
        self._finished = False
        self._reset()

    # ---- state --------------------------------------------------------------------------
    def _reset(self) -> None:
        self._metrics: list[str] = []
        self._pending: dict[str, Any] = {}
        self._last_send = 0.0
        self._start = time.monotonic()
        self._epoch = 0
        self._steps_done = 0
        self._stride = 1
        self._latest: dict[str, float] = {}
        self._interrupts = 0
        self._previous_handler: Any = None
        self._initial_epoch: int | None = None
        self._interval = self.min_interval

    def _planned(self) -> tuple[int, int | None]:
        params = self.params or {}
        return int(params.get("epochs") or 1), params.get("steps")

    # ---- Keras lifecycle ----------------------------------------------------------------
    def on_train_begin(self, logs: dict[str, Any] | None = None) -> None:
        self._reset()
        self.rows, self.status, self._finished = [], "running", False
        self._install_interrupt()

    def on_epoch_begin(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        if self._initial_epoch is None:
            self._initial_epoch = epoch
            epochs, steps = self._planned()
            if steps:
                self._stride = max(1, math.ceil(steps * max(1, epochs - epoch) / self.max_points))
        self._epoch = epoch

    def on_train_batch_end(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        self._steps_done += 1
        if not logs or (batch + 1) % self._stride:
            return
        _, steps = self._planned()
        x = self._epoch + (batch + 1) / steps if steps else float(self._epoch + 1)
        self._queue("batch", x, {k: v for k, v in logs.items() if not k.startswith("val_")})
        self._maybe_send()

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        values = {}
        for name, value in (logs or {}).items():
            try:
                values[name] = float(value)
            except (TypeError, ValueError):
                continue
        self.rows.append((epoch, values))
        self._queue("epoch", float(epoch + 1), values)
        self._send()

    def on_train_end(self, logs: dict[str, Any] | None = None) -> None:
        stopped = self.model is not None and getattr(self.model, "stop_training", False)
        self.finish("stopped" if stopped else "completed")

    # ---- drawing ------------------------------------------------------------------------
    def _queue(self, kind: str, x: float, values: dict[str, Any]) -> None:
        numbers = {}
        for name, value in values.items():
            try:
                numbers[name] = float(value)
            except (TypeError, ValueError):
                continue
        if not numbers:
            return
        self._latest.update(numbers)
        self._ensure_chart(numbers)
        block = self._pending.setdefault(kind, {"x": [], "y": {}})
        count = len(block["x"])
        block["x"].append(round(x, 6))
        for name, value in numbers.items():
            series = block["y"].setdefault(name, [None] * count)
            series.append(_finite(value))
            if not math.isfinite(value):
                bad = self._pending.setdefault("nonfinite", {"x": [], "metric": []})
                bad["x"].append(round(x, 6))
                bad["metric"].append(name.removeprefix("val_"))
        for series in block["y"].values():  # metrics missing from this step
            series.extend([None] * (count + 1 - len(series)))

    def _ensure_chart(self, values: dict[str, float]) -> None:
        names = metric_order(values)
        bases = list(dict.fromkeys(n.removeprefix("val_") for n in names))
        if self.chart is not None and self._metrics:
            return
        self._metrics = bases
        epochs, _ = self._planned()
        initial = self._initial_epoch or 0
        title = f"Training {getattr(self.model, 'name', 'model')}"
        has_validation = self.validation if self.validation is not None else True
        if self.chart is None:
            from IPython.display import display

            from kernelkeras._live_widget import LiveChart

            self.chart = LiveChart(
                metrics=bases,
                validation=has_validation,
                epochs=max(epochs, initial + 1),
                initial_epoch=initial,
                title=title,
            )
            self._handle = display(self.chart, display_id=True)
        else:
            self.chart.metrics = bases
            self.chart.validation = has_validation
            self.chart.epochs = max(epochs, initial + 1)
            self.chart.initial_epoch = initial
            self.chart.title = title
            self.chart.running = True
        if hasattr(self.chart, "on_stop"):
            self.chart.on_stop(self._request_stop)

    def _header(self, final: str | None = None) -> str:
        epochs, steps = self._planned()
        elapsed = time.monotonic() - self._start
        initial = self._initial_epoch or 0
        total_steps = (epochs - initial) * steps if steps else None
        parts = [
            final or f"Epoch {min(self._epoch + 1, epochs)}/{epochs}",
            f"{_clock(elapsed)} elapsed",
        ]
        if final is None and total_steps and self._steps_done:
            remaining = elapsed / self._steps_done * (total_steps - self._steps_done)
            parts.append(f"ETA {_clock(remaining)}")
        parts += [f"{n} {self._latest[n]:.4g}" for n in metric_order(self._latest)[:6]]
        return " · ".join(parts)

    def _maybe_send(self) -> None:
        if time.monotonic() - self._last_send >= self._interval:
            self._send()

    def _send(self) -> None:
        if self.chart is None or not self._pending:
            return
        started = time.monotonic()
        message = {"kind": "update", "header": self._header(), **self._pending}
        self._pending = {}
        self.chart.send(message)
        self.updates += 1
        self._last_send = time.monotonic()
        # Adapt: keep redraws under ~2% of the time, between min_interval and max_silence.
        cost = self._last_send - started
        self._interval = min(self.max_silence, max(self.min_interval, 50 * cost))

    # ---- stopping -----------------------------------------------------------------------
    def _request_stop(self, *_: Any) -> None:
        self.status = "stop requested"
        if self.model is not None:
            self.model.stop_training = True

    def _on_interrupt(self, signum: int, frame: Any) -> None:
        self._interrupts += 1
        if self._interrupts > 1:  # a second interrupt: stop at once
            self._restore_interrupt()
            raise KeyboardInterrupt
        self._request_stop()

    def _install_interrupt(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        try:
            self._previous_handler = signal.signal(signal.SIGINT, self._on_interrupt)
        except (ValueError, OSError):  # pragma: no cover - embedded interpreters
            self._previous_handler = None

    def _restore_interrupt(self) -> None:
        if self._previous_handler is not None:
            signal.signal(signal.SIGINT, self._previous_handler)
            self._previous_handler = None

    # ---- the end ------------------------------------------------------------------------
    def history(self) -> TrainingHistory:
        """The epochs drawn so far, as a :class:`TrainingHistory`."""
        params = {**(self.params or {}), **self.extra_params}
        return TrainingHistory.from_records(self.rows, params, self.model)

    def finish(self, outcome: str, error: BaseException | None = None) -> None:
        """Ends the live chart: a last redraw, then the static figure in its place.

        Args:
            outcome: ``"completed"``, ``"stopped"``, ``"interrupted"`` or ``"failed"``.
            error: the exception, for ``"failed"``.
        """
        if self._finished:
            return
        self._finished = True
        self._restore_interrupt()
        epochs, _ = self._planned()
        ran = self.rows[-1][0] + 1 if self.rows else (self._initial_epoch or 0)
        current = f"{min(self._epoch + 1, epochs)}/{epochs}"
        labels = {
            "completed": f"Trained {ran}/{epochs} epochs",
            "stopped": f"Stopped at epoch {ran}/{epochs}",
            "interrupted": f"Interrupted during epoch {current}",
            "failed": f"Failed during epoch {current}: {type(error).__name__}: {error}",
        }
        label = labels.get(outcome, outcome)
        self.status = outcome
        if self.chart is None:
            return
        self._send()
        self.chart.send({"kind": "done", "header": self._header(final=label)})
        if hasattr(self.chart, "running"):
            self.chart.running = False
        if self._handle is not None:
            self._handle.update(self._static_bundle(label), raw=True)
        if self._own_chart:  # the widget and its layout: no state left for a saver
            layout = getattr(self.chart, "layout", None)
            self.chart.close()
            if layout is not None:
                layout.close()

    def _static_bundle(self, label: str) -> dict[str, Any]:
        return history_bundle(self.history(), label)


def history_bundle(history: TrainingHistory, label: str) -> dict[str, Any]:
    """``plot(history)`` titled ``label`` as a display bundle (plotly JSON + text).

    Built directly, without plotly's renderers (whose first use costs seconds).
    """
    text = f"{label}\n{history!r}"
    if not history.epoch:
        return {"text/plain": text}
    import plotly.io as pio

    from kernelkeras._plot_history import plot_history

    figure = plot_history(history)
    figure.update_layout(title={"text": label, "x": 0})
    data = json.loads(pio.to_json(figure, validate=False))
    return {"application/vnd.plotly.v1+json": {**data, "config": {}}, "text/plain": text}


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
