"""No network at run time: kernelkeras opens no socket in a real kernel.

The first cell installs a Python audit hook that records every ``socket.*`` event (a
socket made, a connection, a bind, a name lookup) from then on. The cells after it use
everything a notebook would: the import, a dataset, summary, plots of the model and of
the history, fit with the live chart, history and model files, and the model builder
(displayed, trained with its live chart, exported and read back). The kernel's own
messages travel over ZeroMQ, not Python sockets, so any event recorded is kernelkeras'
(or a library it calls) reaching for the network.

One event is allowed, by name: importing TensorFlow imports ``requests``, whose
``urllib3`` checks at import time whether IPv6 exists by creating a socket and binding
it to ``::1`` port 0 (loopback; it is closed at once and sends nothing). Any other
event, and any connection, name lookup or send at all, fails the test.
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from tests._notebooks import LocalOutputWidget, check_no_cell_errors, result_text

HOOK = """\
import sys, traceback
_socket_events = []
def _record_sockets(event, args):
    if event.startswith("socket."):
        stack = "".join(traceback.format_stack(limit=200)[:-1])
        _socket_events.append(f"{event} {args!r:.200} from\\n{stack}")
sys.addaudithook(_record_sockets)
"""

CELLS = [
    HOOK,
    """\
from kernelkeras import *
(x, y), _ = dataset_mnist()
x = x[:600] / 255
y = to_categorical(y[:600], 10)
model = (keras_model_sequential(input_shape=(28, 28), name="net")
         >> layer_flatten()
         >> layer_dense(units=16, activation="relu")
         >> layer_dense(units=10, activation="softmax"))
model >> compile(loss="categorical_crossentropy", optimizer="rmsprop", metrics=["accuracy"])
summary(model)
""",
    "plot(model)",
    "history = model >> fit(x, y, epochs=2, batch_size=64, validation_split=0.2, "
    "view_metrics=True)",
    """\
history.save("history.json")
again = load_history("history.json")
model >> save_model("net.keras")
loaded = load_model("net.keras")
as_data_frame(again)
plot(again)
""",
    "builder = model_builder(model)\nbuilder",
    "history_b = builder.train(epochs=1, batch_size=512, validation_split=0.0)",
    "code = builder.code()\nmodel_builder.from_json(builder.to_json())",
    "_socket_events",
]


def test_nothing_kernelkeras_does_opens_a_socket(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.widget_registry["@jupyter-widgets/output"]["OutputModel"] = LocalOutputWidget
    client.execute()
    check_no_cell_errors(nb)
    # the run did what the test claims: a live chart, a figure, a builder, a trained model
    assert (tmp_path / "net.keras").exists() and (tmp_path / "history.json").exists()
    kinds = {key for cell in nb.cells for out in cell.outputs for key in out.get("data", {})}
    assert {"application/vnd.plotly.v1+json", "application/vnd.jupyter.widget-view+json"} <= kinds
    events = ast.literal_eval(result_text(nb.cells[-1]))
    assert events == [] or any("tensorflow/__init__.py" in event for event in events)
    unexpected = [event for event in events if not _ipv6_probe(event)]
    assert unexpected == [], "socket activity:\n" + "\n".join(unexpected[:5])


def _ipv6_probe(event: str) -> bool:
    """urllib3's import-time check for IPv6: a socket bound to ::1 port 0, nothing sent."""
    probe = "urllib3/util/connection.py" in event and "in _has_ipv6" in event
    made = event.startswith("socket.__new__ ")
    bound = event.startswith("socket.bind ") and "('::1', 0))" in event.split(" from")[0]
    return probe and (made or bound)


def test_the_audit_hook_sees_a_connection_attempt(tmp_path: Path) -> None:
    """The check can fail: a cell that does reach for the network is recorded."""
    nb = nbformat.v4.new_notebook()
    reach = "import socket\ntry:\n    socket.getaddrinfo('localhost', 9)\nexcept OSError:\n    pass"
    nb.cells = [nbformat.v4.new_code_cell(s) for s in (HOOK, reach, "_socket_events")]
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    events = ast.literal_eval(result_text(nb.cells[-1]))
    assert events and events[0].startswith("socket.getaddrinfo")
