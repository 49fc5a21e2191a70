"""The ``builder`` benchmark: an edit in ``model_builder()`` ÷ the same edit in plain Keras.

In one real Jupyter kernel started through nbclient (``_kernel_bench``), where the
builder's widget messages really travel over ZMQ to a client: on a 100-layer stack,
``builder.set(50, units=...)`` (shapes, parameters and problems recomputed; stack,
problems, summary and form redrawn) ÷ the same edit in plain Keras (the
``keras.Sequential`` rebuilt and its ``summary()`` laid out), alternating cell by cell,
and the bytes of the widget messages each edit sends. The goal is an absolute time, the
ratio is reported.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable

from _kernel_bench import MARKER, CellRun, KernelSession, cell_numbers
from _results import Result, Row, format_bytes
from _runner import Sample, alternate

#: The model builder benchmark: an input row of ``BUILDER_INPUTS`` features, then
#: ``BUILDER_LAYERS`` Dense rows of ``BUILDER_UNITS[0]`` units; each edit sets row
#: ``BUILDER_ROW``'s units to the other value of ``BUILDER_UNITS``.
BUILDER_INPUTS = 32
BUILDER_LAYERS = 100
BUILDER_UNITS = (32, 16)
BUILDER_ROW = 50
#: Largest acceptable median time of one builder edit, in seconds.
BUILDER_GOAL_SECONDS = 0.05

#: Defined in the model builder benchmark's kernel after ``builder`` (an input row of
#: ``INPUTS`` features and ``LAYERS`` ``Dense(UNITS[0])`` rows) and ``EDITS``: one timed
#: edit of row ``ROW``'s units with the builder, or its plain-Keras equivalent. Each side
#: sets ``UNITS[1]``, then ``UNITS[0]``, and so on, so that every edit changes something.
TIMED_EDITS = f'''
def edit_units(side):
    """The units of row ROW for ``side``'s next edit: the two values in turn."""
    EDITS[side] += 1
    return UNITS[EDITS[side] % 2]


def timed_builder_edit():
    """``builder.set(ROW, units=...)``: prints wall and CPU seconds."""
    units = edit_units("kernelkeras")
    gc.collect()
    cpu = time.process_time()
    start = time.perf_counter()
    builder.set(ROW, units=units)
    wall = time.perf_counter() - start
    cpu = time.process_time() - cpu
    numbers = {{"wall": wall, "cpu": cpu, "units": units, "errors": len(builder.errors)}}
    numbers["params"] = sum(params or 0 for _, params in builder.shapes)
    print({MARKER!r} + json.dumps(numbers))


def timed_keras_edit():
    """The same edit in plain Keras: the stack rebuilt, its summary laid out and discarded."""
    units = edit_units("keras")
    gc.collect()
    cpu = time.process_time()
    start = time.perf_counter()
    model = keras.Sequential(
        [
            keras.Input(shape=(INPUTS,)),
            *[keras.layers.Dense(units if i == ROW else UNITS[0]) for i in range(1, LAYERS + 1)],
        ]
    )
    model.summary(print_fn=lambda *args, **kwargs: None)
    wall = time.perf_counter() - start
    cpu = time.process_time() - cpu
    numbers = {{"wall": wall, "cpu": cpu, "units": units, "params": model.count_params()}}
    print({MARKER!r} + json.dumps(numbers))
'''


def builder_setup_source() -> str:
    """The first cell of the builder kernel: the 100-layer builder, shown, and the timers.

    Returns:
        The cell's code.
    """
    dense = f'builder.add("dense", units={BUILDER_UNITS[0]})'
    return "\n\n".join(
        [
            "import gc\nimport json\nimport time\n\nimport keras\nfrom IPython.display "
            "import display\n\nfrom kernelkeras import model_builder",
            f"INPUTS = {BUILDER_INPUTS}\nLAYERS = {BUILDER_LAYERS}\nUNITS = {BUILDER_UNITS!r}\n"
            f'ROW = {BUILDER_ROW}\nEDITS = {{"kernelkeras": 0, "keras": 0}}',
            TIMED_EDITS.strip(),
            f'builder = model_builder()\nbuilder.add("input", shape=({BUILDER_INPUTS},))\n'
            f"for _ in range({BUILDER_LAYERS}):\n    {dense}\ndisplay(builder)",
        ]
    )


def bench_builder(session: KernelSession, runs: int) -> Result:
    """Times an edit in the model builder against the same edit in plain Keras, in a kernel.

    Args:
        session: a kernel that ran :func:`builder_setup_source`.
        runs: alternating pairs of edits.

    Returns:
        The benchmark's result, with the bytes the builder sends per edit as an info row.
    """
    cells: dict[str, list[CellRun]] = {"timed_builder_edit()": [], "timed_keras_edit()": []}

    def side(source: str) -> Callable[[], Sample]:
        def once() -> Sample:
            cell = session.run(source)
            cells[source].append(cell)
            numbers = cell_numbers(cell, source)
            return Sample(numbers["wall"], numbers["cpu"])

        return once

    ours, baseline = alternate(
        side("timed_builder_edit()"), side("timed_keras_edit()"), runs, "builder"
    )
    edits = cells["timed_builder_edit()"][1:]  # the first of each side was the warm-up
    keras_edits = cells["timed_keras_edit()"][1:]
    errors = sum(cell_numbers(c, "timed_builder_edit()")["errors"] for c in edits)
    if errors:
        raise RuntimeError(f"the builder edits left {errors} problem rows; expected none")
    params = {
        side: sorted({(n["units"], n["params"]) for n in (cell_numbers(c, side) for c in runs_)})
        for side, runs_ in [("kernelkeras", edits), ("keras", keras_edits)]
    }
    sent = [sum(m.data_bytes for m in c.comms) for c in edits]
    wire = [sum(m.wire_bytes for m in c.comms) for c in edits]
    counts = [len(c.comms) for c in edits]
    if not all(counts):
        raise RuntimeError("an edit with the builder sent no widget message to the client")
    kinds: dict[str, int] = {}
    for m in edits[-1].comms:
        kind = f"{m.msg_type} {m.method}".strip()
        kinds[kind] = kinds.get(kind, 0) + 1
    stray = sum(len(c.comms) for c in cells["timed_keras_edit()"])
    row = f"row {BUILDER_ROW}'s units ({BUILDER_UNITS[0]} ↔ {BUILDER_UNITS[1]})"
    stack = f"{BUILDER_LAYERS}-layer Dense stack"
    return Result(
        name=(
            f"`builder.set({BUILDER_ROW}, units=...)` ÷ `keras.Sequential([...])` + "
            f"`model.summary()` ({stack}, real kernel)"
        ),
        ours=ours,
        baseline=baseline,
        goal_ratio=None,
        goal_seconds=BUILDER_GOAL_SECONDS,
        info=(
            Row(
                f"↳ bytes the builder sends per edit (widget messages' comm data; median "
                f"{statistics.median(counts):g} messages)",
                format_bytes(statistics.median(sent)),
                "-",
                "-",
                "(none)",
                None,
            ),
        ),
        how=(
            "One Jupyter kernel (`python3`, the venv's ipykernel) started by "
            "`nbclient.NotebookClient` in this process, which executes one cell per timed "
            "edit with `client.execute_cell` and reads the kernel's IOPub stream meanwhile, as "
            "a front end would (nothing is rendered). A first cell builds `builder = "
            f'model_builder()`, `builder.add("input", shape=({BUILDER_INPUTS},))` and '
            f'{BUILDER_LAYERS} times `builder.add("dense", units={BUILDER_UNITS[0]})`, and shows '
            "it with `display(builder)`: its widgets' comms are open to the client. "
            f"Each timed cell edits {row}, each side setting {BUILDER_UNITS[1]}, then "
            f"{BUILDER_UNITS[0]}, and so on. kernelkeras side: `builder.set({BUILDER_ROW}, "
            "units=...)`, which recomputes the shapes, parameters and problems of the stack "
            "and redraws the stack list, the problems list, the summary table and the "
            "form, sending their widget updates to the client; baseline, what a plain-Keras "
            "user runs to see the shapes after the same edit: `keras.Sequential([keras.Input("
            f"shape=({BUILDER_INPUTS},)), *[keras.layers.Dense(...) for {BUILDER_LAYERS} "
            "layers]])` rebuilt and `model.summary(print_fn=...)` with a `print_fn` that "
            "discards the text. The time is taken in the kernel (`time.perf_counter` around "
            "the call, after an untimed `gc.collect()`) and printed. Bytes: the client (the "
            "same `NotebookClient` subclass as for the chart's bytes) weighs every widget "
            "message (`comm_open`, `comm_msg`, `comm_close`) received during an edit's cell "
            "as its comm data re-packed the way jupyter_client packs it for the wire; the "
            "row is the median total per edit. The goal is the absolute kernelkeras median; "
            "the ratio is for reference."
        ),
        notes=(
            "bytes of widget comm data per edit: " + ", ".join(str(b) for b in sent),
            "whole Jupyter messages per edit (header, parent header, metadata, content): "
            f"median {statistics.median(wire):,.0f} B; messages per edit: {counts}; "
            "in the last edit: " + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())),
            f"widget messages during the Keras edits (warm-up included): {stray}",
            "(units of the edited row, total parameters) after the edits, kernelkeras: "
            f"{params['kernelkeras']}; Keras: {params['keras']}",
        ),
    )
