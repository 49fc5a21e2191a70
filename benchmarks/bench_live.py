"""The live chart's benchmarks (``--only live``), in one real Jupyter kernel.

The kernel is started through nbclient (``_kernel_bench``), so the chart's comm messages
really travel over ZMQ to a client; a first cell (:func:`kernel_setup_source`) defines the
``fit`` benchmark's data and model and ``timed_fit``. Two benchmarks share the kernel:

- ``live chart``: ``fit`` with the live chart ÷ ``fit(view_metrics=False)``, both timed
  inside the kernel, alternating cell by cell, and the chart's redraws per second;
- ``bytes per update``: the size of each chart message as the client receives it, in a
  3-epoch and a 30-epoch run (it should not grow with the run).
"""

from __future__ import annotations

import inspect
import itertools
import statistics
import sys
import time
from collections.abc import Callable

from _kernel_bench import MARKER, CellRun, KernelSession, cell_numbers
from _results import Check, Measurement, Result, Row, format_bytes
from _runner import SEED, Sample, alternate
from bench_fit import FIT_ARGS, kernelkeras_mlp, mnist_training_data

#: The live-chart benchmark's goals: fit with the chart ÷ without, and redraws per second.
LIVE_RATIO_GOAL = 1.05
LIVE_RATE_GOAL = 4.0
#: Epochs of the short and the long run whose chart messages are compared.
BYTES_EPOCHS = (3, 30)
#: Largest acceptable chart message (bytes; 1 KB = 1,000 bytes here).
MESSAGE_BYTES_GOAL = 16_000
#: "Flat": the largest message of the long run's last third at most this many times that
#: of its first third, and the long run's largest at most this many times the short run's
#: (a chart that resent its whole series would grow ~10x from 3 to 30 epochs).
FLAT_GOAL = 1.25

#: Defined in the benchmark kernel after the data and the model: one timed ``fit``.
TIMED_FIT = f'''
def timed_fit(live, samples, epochs):
    """Fits the model once on the first ``samples`` images; prints wall and CPU seconds."""
    from kernelkeras import callback_live_metrics, fit

    x, y = x_all[:samples], y_all[:samples]
    chart = callback_live_metrics() if live else None
    callbacks = [chart] if live else []
    gc.collect()
    cpu = time.process_time()
    start = time.perf_counter()
    model >> fit(x, y, epochs=epochs, view_metrics=False, callbacks=callbacks, **FIT_ARGS)
    wall = time.perf_counter() - start
    cpu = time.process_time() - cpu
    numbers = {{"wall": wall, "cpu": cpu}}
    if live:
        numbers.update(updates=chart.updates, status=chart.status)
    print({MARKER!r} + json.dumps(numbers))
'''


def kernel_setup_source() -> str:
    """The first cell of the live-chart kernel: ``bench_fit``'s data and model, ``timed_fit``.

    The data and model functions are ``bench_fit``'s own, copied in with their source,
    so the kernel trains exactly the model ``bench_fit`` does.

    Returns:
        The cell's code.
    """
    return "\n\n".join(
        [
            "import gc\nimport json\nimport time\nfrom typing import Any",
            f"SEED = {SEED}\nFIT_ARGS = {FIT_ARGS!r}",
            inspect.getsource(mnist_training_data),
            inspect.getsource(kernelkeras_mlp),
            TIMED_FIT.strip(),
            "x_all, y_all = mnist_training_data()\nmodel = kernelkeras_mlp()",
        ]
    )


def _longest_gap(cell: CellRun) -> float:
    times = [m.received for m in cell.messages]
    return max((b - a for a, b in itertools.pairwise(times)), default=0.0)


def bench_live_chart(session: KernelSession, runs: int, epochs: int, samples: int) -> Result:
    """Times in-kernel ``fit`` with the live chart against ``fit(view_metrics=False)``.

    Args:
        session: a kernel that ran :func:`kernel_setup_source`.
        runs: alternating pairs of fits.
        epochs: epochs per fit.
        samples: MNIST images to fit on (20% of them validate).

    Returns:
        The benchmark's result, with the chart's redraw rate as a check.
    """
    cells: dict[bool, list[CellRun]] = {True: [], False: []}
    client_cpu: dict[bool, list[float]] = {True: [], False: []}

    def side(live: bool) -> Callable[[], Sample]:
        source = f"timed_fit({live}, {samples}, {epochs})"

        def once() -> Sample:
            cpu = time.process_time()
            cell = session.run(source)
            client_cpu[live].append(time.process_time() - cpu)
            cells[live].append(cell)
            numbers = cell_numbers(cell, source)
            return Sample(numbers["wall"], numbers["cpu"])

        return once

    ours, baseline = alternate(side(True), side(False), runs, "live chart")
    live_cells = cells[True][1:]  # the first of each side was the warm-up
    updates = [cell_numbers(c, "timed_fit")["updates"] for c in live_cells]
    rates = [n / s.wall for n, s in zip(updates, ours, strict=True)]
    received = [len(c.messages) for c in live_cells]
    statuses = sorted({str(cell_numbers(c, "timed_fit")["status"]) for c in live_cells})
    stray = sum(len(c.messages) for c in cells[False])
    rate = statistics.median(rates)
    label = f"{epochs} epoch{'s' * (epochs > 1)}"
    return Result(
        name=(
            f"`fit()` with the live chart ÷ `fit(view_metrics=False)` (seed MLP, "
            f"{samples:,} images, {label}, real kernel)"
        ),
        ours=ours,
        baseline=baseline,
        goal_ratio=LIVE_RATIO_GOAL,
        goal_seconds=None,
        checks=(
            Check(
                name="chart redraws per second during the live fits (median)",
                short="redraws",
                value=rate,
                limit=LIVE_RATE_GOAL,
                unit="/s",
                at_least=True,
            ),
        ),
        how=(
            "One Jupyter kernel (`python3`, the venv's ipykernel) started by "
            "`nbclient.NotebookClient` in this process, which executes one cell per timed "
            "fit with `client.execute_cell` and reads the kernel's IOPub stream meanwhile, as "
            "a front end would (nothing is rendered). A first "
            "cell defines the same data and seed MLP as the `fit` benchmark (their functions' "
            f"source, copied in) on the first {samples:,} MNIST images, and `timed_fit`. "
            "Each timed cell is `timed_fit(live, ...)`: "
            f"`model >> fit(x, y, epochs={epochs}, view_metrics=False, callbacks=callbacks, "
            "batch_size=128, validation_split=0.2, verbose=0)` with `callbacks` = "
            "`[callback_live_metrics()]` (the chart, with its default throttling, shown in "
            "the cell and replaced by the static figure at the end, all inside the timed "
            "call) or `[]`; the time is taken in the kernel (`time.perf_counter` around the "
            "call, after an untimed `gc.collect()`) and printed. Both sides train the same "
            "model, which keeps training across calls, so they run the same compiled "
            "training function. The redraw rate is the chart's own count of update messages "
            "(`LiveMetrics.updates`) ÷ the fit's seconds, per live fit; the client "
            "received each of them, plus the final `done` message (see Samples)."
        ),
        notes=(
            f"chart redraws per second, per live fit: {', '.join(f'{r:.2f}' for r in rates)} "
            f"(min {min(rates):.2f})",
            f"update messages sent per live fit (`LiveMetrics.updates`): {updates}; "
            f"chart messages the client received (updates + done): {received}; "
            f"chart status: {', '.join(statuses)}; chart messages during the fits without "
            f"the chart (warm-up included): {stray}",
            "longest gap between two chart messages at the client, per live fit (s): "
            + ", ".join(f"{_longest_gap(c):.2f}" for c in live_cells),
            "client (nbclient, this process) CPU seconds per cell, live: "
            + ", ".join(f"{t:.3f}" for t in client_cpu[True][1:])
            + "; without the chart: "
            + ", ".join(f"{t:.3f}" for t in client_cpu[False][1:]),
        ),
    )


def bench_chart_bytes(session: KernelSession, samples: int) -> Measurement:
    """Sizes of the live chart's messages at the client, in a short and a long run.

    Args:
        session: a kernel that ran :func:`kernel_setup_source`.
        samples: MNIST images to fit on (20% of them validate).

    Returns:
        The benchmark's rows.
    """
    short, long = BYTES_EPOCHS
    runs = {}
    for epochs in BYTES_EPOCHS:
        source = f"timed_fit(True, {samples}, {epochs})"
        print(f"  chart bytes: {epochs} epochs", file=sys.stderr, flush=True)
        runs[epochs] = session.run(source)
        if not runs[epochs].messages:
            raise RuntimeError(f"{source}: the client received no chart message")
    sizes = {e: [m.data_bytes for m in run.messages] for e, run in runs.items()}
    median = {e: statistics.median(v) for e, v in sizes.items()}
    largest = {e: max(v) for e, v in sizes.items()}
    ratio = median[long] / median[short]
    # Flat: messages do not grow as a run goes on. A message's size depends on what it
    # carries (batch points only, or an epoch's values too), so compare like with like:
    # the long run's last third against its first third, and the largest messages. Their
    # largest messages (those that carry an epoch's values as well as batch points): a
    # median flips between the two kinds of message with the timing of the redraws.
    third = max(1, len(sizes[long]) // 3)
    growth = max(sizes[long][-third:]) / max(sizes[long][:third])
    largest_ratio = largest[long] / largest[short]
    flat = growth <= FLAT_GOAL and largest_ratio <= FLAT_GOAL
    within = [largest[e] <= MESSAGE_BYTES_GOAL for e in BYTES_EPOCHS]
    goal_kb = f"{MESSAGE_BYTES_GOAL / 1000:g} KB"
    name = (
        f"Live chart: bytes per message, median of a {long}-epoch run ÷ a {short}-epoch run "
        f"(seed MLP, {samples:,} images, real kernel)"
    )
    rows = (
        Row(
            name,
            format_bytes(median[long]),
            format_bytes(median[short]),
            f"{ratio:.3f}",
            f"flat (see ↳) and largest ≤ {goal_kb}",
            flat and all(within),
        ),
        Row(
            f"↳ growth within the {long}-epoch run: largest message of its last third ÷ "
            "of its first third",
            f"{growth:.3f}",
            "-",
            "-",
            f"≤ {FLAT_GOAL:g}",
            growth <= FLAT_GOAL,
        ),
        Row(
            f"↳ largest message, {long}-epoch run ÷ {short}-epoch run",
            f"{largest_ratio:.3f}",
            "-",
            "-",
            f"≤ {FLAT_GOAL:g}",
            largest_ratio <= FLAT_GOAL,
        ),
        *(
            Row(
                f"↳ largest message, {e}-epoch run",
                format_bytes(largest[e]),
                "-",
                "-",
                f"≤ {goal_kb}",
                ok,
            )
            for e, ok in zip(BYTES_EPOCHS, within, strict=True)
        ),
        Row(
            f"↳ messages received (updates + done), {long}- and {short}-epoch run",
            f"{len(sizes[long])}",
            f"{len(sizes[short])}",
            "-",
            "(none)",
            None,
        ),
    )
    details = []
    for epochs, run in runs.items():
        numbers = cell_numbers(run, "timed_fit")
        wire = [m.wire_bytes for m in run.messages]
        details += [
            f"{epochs} epochs: {numbers['wall']:.2f} s, {numbers['updates']} updates "
            f"({numbers['updates'] / numbers['wall']:.2f}/s), status {numbers['status']}; "
            f"message bytes in order: {', '.join(str(b) for b in sizes[epochs])}",
            f"{epochs} epochs, whole Jupyter message (header, parent header, metadata, "
            f"content): median {statistics.median(wire):,.0f} B, max {max(wire):,} B",
        ]
    return Measurement(
        name=name,
        rows=rows,
        details=tuple(details),
        how=(
            f"In the live-chart benchmark's kernel, after it: `timed_fit(True, {samples:,}, "
            f"{short})` then `timed_fit(True, {samples:,}, {long})` (the chart with its "
            "defaults, the same model training on). The client, a `NotebookClient` subclass "
            "whose `handle_comm_msg` (nbclient's hook for every `comm_*` message of the "
            "executing cell) notes the comm of each widget opened with `_model_name` "
            "`LiveChartModel` and measures each `comm_msg` on it with `method: custom` as "
            'received from IOPub: the size is its comm data (`{"method": "custom", '
            '"content": {...}}`, what ipywidgets\' `send` puts on the comm, as in '
            "tests/unit/live/test_live.py) re-packed the way jupyter_client packs it for the wire "
            "(UTF-8 JSON, no ASCII escapes). Every message counts, the final `done` "
            "included. The whole Jupyter message, with its header and comm id, is under "
            f'Samples. "Flat": within the long run, the largest message of its last third '
            f"≤ {FLAT_GOAL:g} times that of its first third, and its largest message "
            f"≤ {FLAT_GOAL:g} times the short run's. Largest, not median: messages are of two "
            "kinds (batch points only, or an epoch's values too, about 3 times larger), and "
            "a median flips between them with the timing of the redraws (the medians of the "
            "two runs differ by that mix too: a short run has more batch-only ones)."
        ),
    )
