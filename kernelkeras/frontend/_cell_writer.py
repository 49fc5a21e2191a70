"""``CellWriter``: an invisible widget that inserts (and runs) a code cell in the notebook.

A kernel cannot create notebook cells by itself: ``set_next_input`` works only in the
reply to an execute request, not from a widget's button callback. ``CellWriter`` asks
the front end (the ``kernelkeras`` JupyterLab extension, which also runs in Notebook 7)
to do it, with one custom message:

``{"method": "insert_cell", "code": str, "run": bool}``
    Inserts a code cell holding ``code`` directly below the notebook cell whose output
    displays the widget (with several displays, the most recently rendered one), makes
    it the active cell and, with ``run``, executes it right away.

The front end answers every request with one custom message:

``{"event": "inserted", "ok": True}``
    The cell was inserted (and, with ``run``, its execution requested).
``{"event": "inserted", "ok": False, "reason": str}``
    Nothing was inserted, e.g. ``"not in a notebook: the widget is not displayed"``.

The widget must therefore be displayed in a notebook cell before ``insert`` is called
(its view is an empty element without height; the front end waits up to 2 s for it to
appear, so ``display(w); w.insert(...)`` in one cell works). The kernel reads the reply
only when idle, after the running cell (and any cells queued behind it), but before the
new cell runs: the front end sends the reply first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets
import traitlets

from kernelkeras._protocols import MODULE_NAME, MODULE_VERSION, CellWriterReply, CellWriterRequest


class CellWriter(ipywidgets.DOMWidget):
    """Inserts code cells below the notebook cell that displays it.

    Display the widget once (it shows nothing), then call :meth:`insert`, for example
    from a button's click handler. The front end's reply to each request lands in
    :attr:`last_result` and is passed to the callbacks registered with
    :meth:`on_result`. Without a front end (plain Python, or a front end without the
    ``kernelkeras`` extension) messages go nowhere and no reply ever comes.

    Attributes:
        last_result: the front end's last reply, ``{"event": "inserted", "ok": True}``
            or ``{"event": "inserted", "ok": False, "reason": "..."}``; ``None`` until
            one arrives. Read-only.

    Example:
        >>> writer = CellWriter()
        >>> writer  # display it in a cell: it is invisible
        >>> writer.on_result(lambda result: print(result))
        >>> writer.insert("model.summary()", run=True)
    """

    _model_name = traitlets.Unicode("CellWriterModel").tag(sync=True)
    _view_name = traitlets.Unicode("CellWriterView").tag(sync=True)
    _model_module = traitlets.Unicode(MODULE_NAME).tag(sync=True)
    _view_module = traitlets.Unicode(MODULE_NAME).tag(sync=True)
    _model_module_version = traitlets.Unicode(MODULE_VERSION).tag(sync=True)
    _view_module_version = traitlets.Unicode(MODULE_VERSION).tag(sync=True)

    last_result = traitlets.Dict(
        default_value=None,
        allow_none=True,
        read_only=True,
        help="The front end's last reply to insert(); None until one arrives.",
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._result_handlers = ipywidgets.CallbackDispatcher()
        self.on_msg(self._handle_frontend_msg)

    def insert(self, code: str, run: bool = False) -> None:
        """Asks the front end for a new code cell holding ``code`` below the widget's cell.

        Returns at once; the outcome arrives later in :attr:`last_result` and the
        :meth:`on_result` callbacks (when the kernel is idle again).

        Args:
            code: the new cell's source.
            run: whether to execute the new cell right away.

        Raises:
            TypeError: ``code`` is not a string or ``run`` not a bool.

        Example:
            >>> writer.insert("print(6 * 7)", run=True)
        """
        if not isinstance(code, str):
            raise TypeError(f"CellWriter.insert: code must be a str, not {type(code).__name__}.")
        if not isinstance(run, bool):
            raise TypeError(f"CellWriter.insert: run must be a bool, not {type(run).__name__}.")
        request: CellWriterRequest = {"method": "insert_cell", "code": code, "run": run}
        self.send(request)

    def on_result(self, callback: Callable[[CellWriterReply], Any], remove: bool = False) -> None:
        """Registers ``callback(result)`` for the front end's replies (``remove=True`` removes it).

        ``result`` is the reply dict, as in :attr:`last_result` (already updated when the
        callback runs). Exceptions in callbacks are shown, not raised.

        Example:
            >>> writer.on_result(lambda result: result["ok"] or print(result["reason"]))
        """
        self._result_handlers.register_callback(callback, remove=remove)

    def _handle_frontend_msg(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("event") == "inserted":
            result = dict(content)
            self.set_trait("last_result", result)
            self._result_handlers(result)
