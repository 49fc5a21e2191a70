"""Turning an interrupt into a graceful stop while the live chart runs.

The chart's Stop button interrupts the kernel (a kernel busy in ``fit`` reads comm
messages only after the cell), and so do the notebook's stop button and Ctrl-C.
While training runs, :class:`GracefulInterrupt` turns the first SIGINT into a request
to stop after the current batch; a second one raises ``KeyboardInterrupt`` at once,
as Python would without it. The previous handler is put back when training ends.

Example:

>>> interrupt = GracefulInterrupt(lambda: print("stopping after this batch"))
>>> interrupt.install()      # on_train_begin
>>> interrupt.restore()      # when training ends, however it ends
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from typing import Any


class GracefulInterrupt:
    """A SIGINT handler: the first interrupt calls ``on_first``, a second one raises.

    Args:
        on_first: what to do on the first interrupt (request a graceful stop).
    """

    def __init__(self, on_first: Callable[[], None]) -> None:
        self.on_first = on_first
        self.count = 0
        self._previous: Any = None

    def install(self) -> None:
        """Handles SIGINT from now on (only on the main thread, where Python allows it)."""
        self.count = 0
        if threading.current_thread() is not threading.main_thread():
            return
        try:
            self._previous = signal.signal(signal.SIGINT, self._handle)
        except (ValueError, OSError):  # pragma: no cover - embedded interpreters
            self._previous = None

    def restore(self) -> None:
        """Puts the previous SIGINT handler back (idempotent)."""
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
            self._previous = None

    def _handle(self, signum: int, frame: Any) -> None:
        self.count += 1
        if self.count > 1:  # a second interrupt: stop at once
            self.restore()
            raise KeyboardInterrupt
        self.on_first()
