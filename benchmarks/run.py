"""Ratio benchmarks: kernelkeras against plain Keras and NumPy, side by side.

Usage (from the repository root)::

    .venv/bin/python benchmarks/run.py              # full run; writes benchmarks/RESULTS.md
    .venv/bin/python benchmarks/run.py --runs 9     # more alternating runs per benchmark
    .venv/bin/python benchmarks/run.py --quick      # smoke check: small counts, prints only
    .venv/bin/python benchmarks/run.py --only builder   # some benchmarks only; prints only

Each benchmark is a module of its own, with its goals, sizes, setup and ``bench_*``
function and the description of what it measures (ratios are kernelkeras ÷ baseline).
``--only`` names them; in the order of the table:

- ``fit`` (``bench_fit.py``): ``model >> fit(...)`` ÷ plain ``model.fit``;
- ``import`` (``bench_import.py``): a fresh ``import kernelkeras`` ÷ ``import keras``;
- ``data`` (``bench_data.py``): ``dataset_mnist()`` ÷ ``np.load`` of the same npz;
- ``summary`` (``bench_summary.py``): ``str(summary(model))`` ÷ ``model.summary()``;
- ``pipe`` (``bench_pipe.py``): piping layers one by one ÷ ``keras.Sequential([...])``,
  from 50 to 400 layers;
- ``history`` (``bench_history.py``): ``as_data_frame(history)`` ÷ ``pd.DataFrame``;
- ``live`` (``bench_live.py``): ``fit`` with the live chart ÷ without, and the size of
  the chart's messages;
- ``notebook`` (``bench_notebook.py``): the MNIST notebook's size, executed and saved;
- ``builder`` (``bench_builder.py``): an edit in ``model_builder()`` ÷ the same edit in
  plain Keras.

The last three run in real Jupyter kernels started through nbclient (``_kernel_bench.py``),
where the widgets' comm messages really travel over ZMQ to a client. The shared code:
``_runner.py`` (counts, alternation, timing, environment), ``_results.py`` (what a
benchmark returns, as table rows) and ``_report.py`` (the machine, the Markdown report).

Some benchmarks also time variants of the kernelkeras side (the summary's frame without
its text, the wide history frame) in the same rotation; they are extra rows, without a goal.

Each benchmark alternates its two sides (A, B, A, B, ...) after one untimed warm-up of
each, and compares the medians, so that drift on a noisy machine hits both sides alike.
The quick mode runs exactly the same code with smaller counts (and the notebook with
2 epochs on 3,000 images). ``--only`` runs the named benchmarks with the same counts;
only a full run of all of them writes ``RESULTS.md``. Nothing touches the network;
Keras' settings folder (``KERAS_HOME``) and Jupyter's and IPython's folders are
temporary ones, not ``$HOME``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

from _kernel_bench import KernelSession, isolate_jupyter
from _report import machine_facts, report
from _results import Measurement, Result
from _runner import (
    DATA_RUNS_FACTOR,
    FULL_RUNS,
    MIN_FULL_RUNS,
    MIN_IMPORT_PAIRS,
    QUICK_NOTEBOOK,
    QUICK_RUNS,
    Counts,
    isolate_environment,
)
from bench_builder import bench_builder, builder_setup_source
from bench_data import bench_data
from bench_fit import bench_fit
from bench_history import bench_history
from bench_import import bench_import
from bench_live import bench_chart_bytes, bench_live_chart, kernel_setup_source
from bench_notebook import bench_notebook
from bench_pipe import bench_pipe
from bench_summary import bench_summary

RESULTS_PATH = Path(__file__).resolve().with_name("RESULTS.md")
#: The benchmarks ``--only`` can name, in the order of the table (``live`` is the live
#: chart's time and its message sizes, which share a kernel).
BENCHMARKS = (
    "fit",
    "import",
    "data",
    "summary",
    "pipe",
    "history",
    "live",
    "notebook",
    "builder",
)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line.

    Args:
        argv: the arguments, without the program name; defaults to ``sys.argv[1:]``.

    Returns:
        ``quick``, ``runs`` and ``only`` (the benchmarks to run, in table order).
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"smoke check: {QUICK_RUNS} pairs or rounds, 1 epoch, the notebook with "
        f"{QUICK_NOTEBOOK[0]} epochs on {QUICK_NOTEBOOK[1]:,} images; prints the table, writes "
        "no file",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=None,
        metavar="N",
        help=f"alternating pairs per benchmark (default {FULL_RUNS}, or {QUICK_RUNS} with "
        f"--quick; at least {MIN_FULL_RUNS} in a full run, where the import benchmark makes "
        f"at least {MIN_IMPORT_PAIRS} and the data, summary, history and builder benchmarks "
        f"{DATA_RUNS_FACTOR}x as many)",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        choices=BENCHMARKS,
        default=None,
        metavar="NAME",
        help=f"run only these benchmarks ({', '.join(BENCHMARKS)}; live is the live chart's "
        "time and its message sizes); prints the table, writes no file",
    )
    args = parser.parse_args(argv)
    args.only = [name for name in BENCHMARKS if name in (args.only or BENCHMARKS)]
    minimum = 1 if args.quick else MIN_FULL_RUNS
    if args.runs is not None and args.runs < minimum:
        parser.error(f"--runs must be at least {minimum}{'' if args.quick else ' (or --quick)'}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the ten benchmarks (or those of ``--only``); a full run writes ``RESULTS.md``.

    ``--quick`` and ``--only`` print the report without writing the file.

    Args:
        argv: the arguments, without the program name; defaults to ``sys.argv[1:]``.

    Returns:
        The exit status.
    """
    args = parse_args(argv)
    counts = Counts.for_mode(args.quick, args.runs)
    selected = args.only
    partial = len(selected) < len(BENCHMARKS)
    started = datetime.now(timezone.utc)
    clock = time.perf_counter()
    load_start = os.getloadavg()
    measured: dict[str, list[Result | Measurement]] = {}
    with tempfile.TemporaryDirectory(prefix="kernelkeras-bench-") as tmp:
        keras_home = Path(tmp, "keras_home")
        workdir = Path(tmp, "cwd")
        keras_home.mkdir()
        workdir.mkdir()
        isolate_environment(str(keras_home))
        isolate_jupyter(Path(tmp, "jupyter"))
        mode = "quick" if args.quick else "full"
        print(
            f"Benchmarks ({mode}{', only ' + ', '.join(selected) if partial else ''}): {counts}",
            file=sys.stderr,
        )
        # Imports first, while this process has not loaded TensorFlow yet; the table keeps
        # the order of BENCHMARKS.
        if "import" in selected:
            measured["import"] = [bench_import(counts.import_pairs, str(workdir))]
        if "data" in selected:
            measured["data"] = [bench_data(counts.data_runs)]
        if "fit" in selected:
            measured["fit"] = [bench_fit(counts.fit_runs, counts.fit_epochs)]
        if "summary" in selected:
            measured["summary"] = [bench_summary(counts.summary_runs)]
        if "pipe" in selected:
            measured["pipe"] = [bench_pipe(counts.pipe_runs)]
        if "history" in selected:
            measured["history"] = [bench_history(counts.history_runs)]
        if "live" in selected:
            print("  live chart: starting a kernel", file=sys.stderr, flush=True)
            with KernelSession.started(workdir) as session:
                session.run(kernel_setup_source())
                live = bench_live_chart(
                    session, counts.live_runs, counts.live_epochs, counts.live_samples
                )
                measured["live"] = [live, bench_chart_bytes(session, counts.bytes_samples)]
        if "notebook" in selected:
            measured["notebook"] = [bench_notebook(counts.notebook, Path(tmp))]
        if "builder" in selected:
            print("  builder: starting a kernel", file=sys.stderr, flush=True)
            with KernelSession.started(workdir) as session:
                session.run(builder_setup_source())
                measured["builder"] = [bench_builder(session, counts.builder_runs)]
        results = [r for name in selected for r in measured[name]]
        facts = machine_facts()
        facts["Run time"] = f"{time.perf_counter() - clock:.0f} s, " + (
            f"only {', '.join(selected)}" if partial else "all benchmarks"
        )
    load = (load_start, os.getloadavg())
    text = report(results, facts, counts, args.quick, started, load, selected, partial)
    print(text)
    if not args.quick and not partial:
        RESULTS_PATH.write_text(text, encoding="utf-8")
        print(f"Wrote {RESULTS_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
