"""The report: the machine, the method, the results table and every sample, as Markdown.

:func:`report` makes the text that ``run.py`` prints and that a full run saves as
``RESULTS.md``; :func:`machine_facts` says what the numbers were measured on.
"""

from __future__ import annotations

import os
import platform
import subprocess
from collections.abc import Sequence
from datetime import datetime

from _results import Measurement, Result
from _runner import REPO_ROOT, Counts


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gib() -> str:
    try:
        with open("/proc/meminfo", encoding="utf-8") as meminfo:
            for line in meminfo:
                if line.startswith("MemTotal:"):
                    return f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _git_revision() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head} (with uncommitted changes)" if dirty else head


def machine_facts() -> dict[str, str]:
    """What the numbers were measured on.

    Returns:
        Label -> value, in the order to show them.
    """
    import keras
    import numpy as np
    import tensorflow as tf

    import kernelkeras

    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    cores = f"{os.cpu_count()}" + (f" ({usable} usable)" if usable != os.cpu_count() else "")
    return {
        "CPU": _cpu_model(),
        "cores": cores,
        "RAM": _ram_gib(),
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "TensorFlow": tf.__version__,
        "Keras": keras.__version__,
        "NumPy": np.__version__,
        "kernelkeras": f"{kernelkeras.__version__}, commit {_git_revision()}",
        "Bytecode cache": (
            "off (`PYTHONDONTWRITEBYTECODE` set): modules without a `.pyc` already, such as "
            "a source checkout's kernelkeras, compile on every import"
            if os.environ.get("PYTHONDONTWRITEBYTECODE")
            else "on"
        ),
    }


def report(
    results: Sequence[Result | Measurement],
    facts: dict[str, str],
    counts: Counts,
    quick: bool,
    started: datetime,
    load: tuple[tuple[float, ...], tuple[float, ...]],
    selected: Sequence[str],
    partial: bool,
) -> str:
    """The results as Markdown: machine, method, the table, and every sample.

    Args:
        results: the benchmarks, in table order.
        facts: from :func:`machine_facts`.
        counts: the counts the run used.
        quick: whether this was the quick smoke check.
        started: when the run started (UTC).
        load: the 1/5/15-minute load averages at the start and at the end.
        selected: the benchmarks run (names from ``run.BENCHMARKS``), in table order.
        partial: whether they are only some of the benchmarks (the title then names them).

    Returns:
        The report.
    """
    title = "# Benchmarks: kernelkeras against plain Keras"
    remarks = [f"only {', '.join(selected)}"] if partial else []
    if quick:
        remarks.append("quick smoke check; not a measurement")
    if remarks:
        title += f" ({'; '.join(remarks)})"
    runs = {
        "fit": f"{counts.fit_runs} pairs for `fit`",
        "import": f"{counts.import_pairs} pairs for `import`",
        "data": f"{counts.data_runs} pairs for `dataset_mnist`",
        "summary": f"{counts.summary_runs} rounds for `summary`",
        "pipe": f"{counts.pipe_runs} rounds for piping (every depth in each round)",
        "history": f"{counts.history_runs} rounds for `as_data_frame`",
        "live": f"{counts.live_runs} pairs for the live chart",
        "builder": f"{counts.builder_runs} pairs of edits for the model builder",
    }
    listed = [runs[name] for name in selected if name in runs]
    variants = [
        f"`{v}`" for n, v in [("summary", "summary"), ("history", "as_data_frame")] if n in selected
    ]
    counted = ""
    if listed:
        counted = (
            "The ratio is the kernelkeras median ÷ the baseline median: "
            + (", ".join(listed[:-1]) + " and " if len(listed) > 1 else "")
            + listed[-1]
            + (
                f" (a round of {' or '.join(variants)} also times the variant in its ↳ "
                "row, against the same baseline samples). "
                if variants
                else ". "
            )
        )
    lines = [
        title,
        "",
        "Re-measure with `make benchmarks` (or `.venv/bin/python benchmarks/run.py`); "
        "this file is overwritten.",
        "",
        f"- Date: {started.strftime('%Y-%m-%d %H:%M UTC')}",
    ]
    lines += [f"- {label}: {value}" for label, value in facts.items()]
    lines += [
        "- Load average (1/5/15 min) at start: "
        + " / ".join(f"{v:.2f}" for v in load[0])
        + "; at end: "
        + " / ".join(f"{v:.2f}" for v in load[1]),
        "",
        "## Method",
        "",
        "Each benchmark runs its two sides alternately — kernelkeras, baseline, kernelkeras, "
        "baseline, … — after one untimed warm-up of each, so that the machine's drift "
        "(2 noisy cores) hits both alike. "
        + counted
        + "A goal is a ratio, an absolute kernelkeras median, or both; some add a condition "
        "on another number (a ↳ row). The live-chart, chart-message, notebook and model "
        "builder benchmarks run in real Jupyter kernels (the venv's ipykernel, started and "
        "driven by `nbclient.NotebookClient`, so the chart's and the builder's widget "
        "messages cross ZMQ to a client in this process); message sizes and the notebook "
        "are measured in bytes, 1 KB = 1,000 bytes. Times are wall-clock "
        "(`time.perf_counter`); a garbage collection runs, untimed, before each sample "
        "timed inside a running Python (this process or a kernel). CPU time (all threads "
        "of the process doing the work: `time.process_time`, "
        "or the child's `getrusage`) is recorded too, under Samples: it is less sensitive to "
        "other load on the machine, so a wall ratio far from the CPU ratio points at noise.",
        "",
        "| benchmark | kernelkeras median | baseline median | ratio | goal | met? |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    for r in results:
        lines += [row.markdown() for row in r.table_rows()]
    lines += ["", "## How each was measured", ""]
    for r in results:
        lines += [f"- **{r.name}.** {r.how}"]
    lines += ["", "## Samples (wall seconds unless marked, in the order they ran)", ""]
    for r in results:
        lines += r.sample_lines()
    return "\n".join(lines) + "\n"
