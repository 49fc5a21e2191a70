"""``TrainingRecord``: what one fit has recorded so far, and how far it has got.

One record per fit. The Keras callback (:class:`~kernelkeras.live.TrainingCallback`)
writes every event into it; its outputs (the live chart) read from it; ``fit`` turns
it into the :class:`~kernelkeras.frames.TrainingHistory` it returns, also when the fit
was stopped or failed part-way. Data flows one way: model -> callback -> record ->
history, frames and figures.

The callback runs first at the end of an epoch (so that the epoch is recorded even if a
later callback fails), but later callbacks may still write into that epoch's ``logs``
(``callback_reduce_lr_on_plateau`` adds ``learning_rate``; a user's callback its own
keys), and Keras' own ``History``, the last callback, keeps them. So the record keeps
the epoch's ``logs`` dict and reads it again when the next epoch begins, when training
ends and whenever the history is asked for: the history holds every number Keras'
``History`` holds. Values that are not numbers (text, arrays) are left out, with one
warning per fit naming them.

Example:

>>> record = TrainingRecord({"batch_size": 32})
>>> record.begin({"epochs": 2, "steps": 10}, model=None)
>>> record.add_epoch(0, {"loss": 0.5, "accuracy": np.float32(0.8)})
{'loss': 0.5, 'accuracy': 0.800000011920929}
>>> record.history().history
{'loss': [0.5], 'accuracy': [0.800000011920929]}
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Mapping
from typing import Any

from kernelkeras._text import shown
from kernelkeras.frames import TrainingHistory, history_value

#: What ``status`` may be: the first while training, one of the others after it.
STATUSES = ("running", "stop requested", "completed", "stopped", "interrupted", "failed")


def numbers(logs: Mapping[Any, Any] | None) -> dict[str, float]:
    """The numbers of a Keras ``logs`` dict as floats, by name.

    Values that are not numbers are left out, and so is ``None`` (no value this time:
    the history has NaN there, the live chart no point).
    """
    values = {}
    for name, value in (logs or {}).items():
        found = None if value is None else history_value(value)
        if found is not None:
            values[str(name)] = found
    return values


class TrainingRecord:
    """One fit: its settings, its progress and the logs of every epoch that finished.

    Epochs are kept with their numbers, so that metrics missing from some epochs
    (``validation_freq``) stay aligned.

    Args:
        extra_params: settings Keras does not record (``samples``, ``batch_size``,
            ``validation_samples``), added to ``params``.

    Attributes:
        rows: ``(epoch, values)`` for each finished epoch, in order (0-based epochs).
        keras_params: Keras' ``params`` for the fit (``epochs``, ``steps``, ``verbose``).
        extra_params: see Args.
        model: the model being trained.
        status: ``"running"``, ``"stop requested"``, then how it ended (``STATUSES``).
        epoch: the epoch under way (0-based).
        initial_epoch: the first epoch of this fit (``initial_epoch`` of ``fit``).
        steps_done: batches trained so far in this fit.
        started: ``time.monotonic()`` when training began.
    """

    def __init__(self, extra_params: Mapping[str, Any] | None = None) -> None:
        self.extra_params = dict(extra_params or {})
        self.keras_params: dict[str, Any] = {}
        self.rows: list[tuple[int, dict[str, float]]] = []
        self.model: Any = None
        self.status = "running"
        self.epoch = 0
        self.initial_epoch: int | None = None
        self.steps_done = 0
        self.started = time.monotonic()
        self._open: Mapping[Any, Any] | None = None  # the last epoch's logs, still written to
        self._left_out: dict[str, str] = {}  # log name -> the type of a value left out

    # ---- written by the callback ------------------------------------------------------
    def begin(self, keras_params: Mapping[str, Any] | None, model: Any) -> None:
        """Training begins: Keras' settings and the model; anything recorded before is dropped."""
        self.keras_params = dict(keras_params or {})
        self.model = model
        self.rows = []
        self.status = "running"
        self.epoch, self.initial_epoch, self.steps_done = 0, None, 0
        self.started = time.monotonic()
        self._open, self._left_out = None, {}

    def begin_epoch(self, epoch: int) -> None:
        """Epoch ``epoch`` (0-based) begins."""
        self.close_epoch()
        if self.initial_epoch is None:
            self.initial_epoch = epoch
        self.epoch = epoch

    def end_batch(self) -> None:
        """A training batch has finished."""
        self.steps_done += 1

    def add_epoch(self, epoch: int, logs: Mapping[Any, Any] | None) -> dict[str, float]:
        """Epoch ``epoch`` finished with ``logs``; returns the values it recorded.

        ``logs`` is kept and read again until :meth:`close_epoch`: callbacks after this
        one may still add to it.
        """
        self.close_epoch()
        values = numbers(logs)
        self.rows.append((int(epoch), values))
        self._open = logs
        return values

    def close_epoch(self) -> tuple[int, dict[str, float]] | None:
        """The last epoch's ``logs`` are final: read them a last time and let them go.

        Called when the next epoch begins and when training ends (the callback's
        ``finish``). Returns the epoch and its values, or None if no epoch was open.
        The first time a value that is not a number is seen, a warning names it.
        """
        if self._open is None:
            return None
        self._refresh()
        new = {
            str(name): type(value).__name__
            for name, value in self._open.items()
            if history_value(value) is None and str(name) not in self._left_out
        }
        self._open = None
        if new:
            self._left_out.update(new)
            listed = ", ".join(f"{shown(name)} (a {kind})" for name, kind in new.items())
            warnings.warn(
                f"fit(): the history keeps numbers; the logs {listed} are not numbers and "
                "are left out of it. Keras' own History has them: model.history.history.",
                UserWarning,
                stacklevel=2,
            )
        return self.rows[-1]

    def _refresh(self) -> None:
        """The last epoch's row, read again from its ``logs`` (later callbacks add to it)."""
        if self._open is not None and self.rows:
            epoch, _ = self.rows[-1]
            self.rows[-1] = (epoch, numbers(self._open))

    # ---- read by outputs and fit ------------------------------------------------------
    @property
    def params(self) -> dict[str, Any]:
        """Keras' settings with the extra ones: what the history's ``params`` holds."""
        return {**self.keras_params, **self.extra_params}

    @property
    def epochs(self) -> int:
        """The last planned epoch (``fit(epochs=...)``), at least 1."""
        return int(self.keras_params.get("epochs") or 1)

    @property
    def steps(self) -> int | None:
        """Batches per epoch, when Keras knows them."""
        steps = self.keras_params.get("steps")
        return int(steps) if steps else None

    @property
    def elapsed(self) -> float:
        """Seconds since training began."""
        return time.monotonic() - self.started

    def history(self) -> TrainingHistory:
        """The finished epochs as a :class:`~kernelkeras.frames.TrainingHistory`."""
        self._refresh()
        return TrainingHistory.from_records(self.rows, self.params, self.model)

    def __repr__(self) -> str:
        return f"<TrainingRecord: {len(self.rows)} epoch(s), {self.status}>"
