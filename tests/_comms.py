"""A recording comm: what a widget would send to the front end, kept for assertions.

ipywidgets sends everything through a comm; the ``comms`` fixture (conftest.py)
replaces ``comm.create_comm`` with :class:`RecordingComm`, as ipywidgets' own tests do.
"""

from __future__ import annotations

import json
import time

from comm.base_comm import BaseComm


class RecordingComm(BaseComm):
    """A comm that keeps every message it would send: ``(msg_type, data, monotonic time)``."""

    def __init__(self, *args, **kwargs):
        self.messages: list[tuple[str, dict, float]] = []
        super().__init__(*args, **kwargs)

    def publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys):
        self.messages.append((msg_type, data or {}, time.monotonic()))

    def _of(self, method: str) -> list[dict]:
        return [
            data
            for kind, data, _ in self.messages
            if kind == "comm_msg" and data.get("method") == method
        ]

    def custom(self) -> list[dict]:
        """The widget's custom messages (``widget.send(...)``), in order."""
        return [data["content"] for data in self._of("custom")]

    def sizes(self) -> list[int]:
        """The JSON size of each custom message, in bytes."""
        return [len(json.dumps(data)) for data in self._of("custom")]

    def updates(self) -> list[dict]:
        """The state updates sent after the widget was opened."""
        return [data["state"] for data in self._of("update")]

    def receive(self, content: dict) -> None:
        """Delivers a custom message from the front end, as the kernel would."""
        self.handle_msg(
            {"content": {"data": {"method": "custom", "content": content}}, "buffers": []}
        )
