"""Ratio benchmarks: kernelkeras against plain Keras and NumPy, side by side.

Usage (from the repository root)::

    .venv/bin/python benchmarks/run.py              # full run; writes benchmarks/RESULTS.md
    .venv/bin/python benchmarks/run.py --runs 9     # more alternating runs per benchmark
    .venv/bin/python benchmarks/run.py --quick      # smoke check: small counts, prints only
    .venv/bin/python benchmarks/run.py --only builder   # some benchmarks only; prints only

Five ratios, each kernelkeras ÷ baseline, measured in one run:

- ``fit``: ``model >> fit(...)`` ÷ plain ``model.fit`` on the seed MLP and the bundled MNIST;
- ``import``: a fresh ``python -c "import kernelkeras"`` ÷ ``python -c "import keras"``;
- ``data``: ``dataset_mnist()`` ÷ ``np.load`` of the same npz, all arrays read;
- ``summary``: ``str(summary(model))`` ÷ Keras' ``model.summary()`` (output discarded) on a
  1000-layer Sequential model; the goal is an absolute time, the ratio is reported;
- ``history``: ``as_data_frame(history)`` ÷ ``pd.DataFrame(history.history)`` for a
  1000-epoch, 10-metric history; the goal is an absolute time, the ratio is reported.

Four more run in real Jupyter kernels started through nbclient (``_kernel_bench.py``),
where the widgets' comm messages (the live training chart's, the model builder's) really
travel over ZMQ to a client:

- ``live chart``: ``fit`` with the live chart ÷ ``fit(view_metrics=False)``, both timed
  inside one kernel, alternating cell by cell, and the chart's redraws per second;
- ``bytes per update``: the size of each chart message as the client receives it, in a
  3-epoch and a 30-epoch run (it should not grow with the run);
- ``notebook size``: ``notebooks/mnist_mlp.ipynb`` executed with its committed parameters
  and ``store_widget_state=True``, saved: its size, widget state and largest outputs;
- ``builder``: an edit in ``model_builder()`` on a 100-layer stack (``builder.set(50,
  units=...)``: shapes, parameters and problems recomputed, stack, problems, summary and
  form redrawn) ÷ the same edit in plain Keras (the ``keras.Sequential`` rebuilt and its
  ``summary()`` laid out), alternating cell by cell in one kernel, and the bytes of the
  widget messages each edit sends; the goal is an absolute time, the ratio is reported.

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
import contextlib
import gc
import importlib.resources
import inspect
import itertools
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple

from _kernel_bench import (
    TIMED_EDITS,
    TIMED_FIT,
    CellRun,
    KernelSession,
    execute_notebook,
    isolate_jupyter,
    notebook_parameters,
    notebook_size,
)

RESULTS_PATH = Path(__file__).resolve().with_name("RESULTS.md")
REPO_ROOT = Path(__file__).resolve().parents[1]
SEED = 20240611
#: ``fit`` arguments shared by both sides of the fit benchmark (epochs come from the counts).
FIT_ARGS: dict[str, Any] = {"batch_size": 128, "validation_split": 0.2, "verbose": 0}
FULL_RUNS = 7
QUICK_RUNS = 3
MIN_FULL_RUNS = 5
MIN_IMPORT_PAIRS = 7
#: MNIST loads, summaries and history frames take a fraction of a second, so the full run
#: makes this many times more pairs of them.
DATA_RUNS_FACTOR = 3
#: Dense(16) layers in the summary benchmark's Sequential model.
SUMMARY_LAYERS = 1000
#: Epochs of the history benchmark's history, and its training metrics (each with a ``val_`` twin).
HISTORY_EPOCHS = 1000
HISTORY_METRICS = ("loss", "accuracy", "precision", "recall", "auc")
#: A history frame takes milliseconds, so each of its samples is the mean of this many calls.
HISTORY_CALLS = 10
#: The live-chart benchmark's goals: fit with the chart ÷ without, and redraws per second.
LIVE_RATIO_GOAL = 1.05
LIVE_RATE_GOAL = 4.0
#: Epochs of the short and the long run whose chart messages are compared.
BYTES_EPOCHS = (3, 30)
#: Largest acceptable chart message (bytes; 1 KB = 1,000 bytes here).
MESSAGE_BYTES_GOAL = 16_000
#: "Flat": the long run's median message at most this many times the short run's
#: (a chart that resent its whole series would grow ~10x from 3 to 30 epochs).
FLAT_GOAL = 1.25
NOTEBOOK_PATH = REPO_ROOT / "notebooks" / "mnist_mlp.ipynb"
NOTEBOOK_BYTES_GOAL = 300_000
#: Epochs and training images of the notebook run in quick mode (the full run keeps the
#: notebook's committed parameters).
QUICK_NOTEBOOK = (2, 3000)
#: The model builder benchmark: an input row of ``BUILDER_INPUTS`` features, then
#: ``BUILDER_LAYERS`` Dense rows of ``BUILDER_UNITS[0]`` units; each edit sets row
#: ``BUILDER_ROW``'s units to the other value of ``BUILDER_UNITS``.
BUILDER_INPUTS = 32
BUILDER_LAYERS = 100
BUILDER_UNITS = (32, 16)
BUILDER_ROW = 50
#: Largest acceptable median time of one builder edit, in seconds.
BUILDER_GOAL_SECONDS = 0.05
#: The benchmarks ``--only`` can name, in the order of the table (``live`` is the live
#: chart's time and its message sizes, which share a kernel).
BENCHMARKS = ("fit", "import", "data", "summary", "history", "live", "notebook", "builder")


class Sample(NamedTuple):
    """One timed run.

    Attributes:
        wall: wall-clock seconds (what the ratios compare).
        cpu: CPU seconds of all threads of the process that did the work; less sensitive
            than wall time to other load on the machine.
    """

    wall: float
    cpu: float


@dataclass(frozen=True)
class Counts:
    """How many timed runs each benchmark makes.

    Attributes:
        fit_runs: alternating pairs of ``fit`` calls.
        fit_epochs: epochs per timed ``fit`` call.
        import_pairs: alternating pairs of fresh-interpreter imports.
        data_runs: alternating pairs of MNIST loads.
        summary_runs: alternating rounds of the 1000-layer summary.
        history_runs: alternating rounds of the history frame.
        live_runs: alternating pairs of in-kernel fits, with and without the live chart.
        live_epochs: epochs per in-kernel fit of the live-chart benchmark.
        live_samples: MNIST images of the live-chart benchmark (20% of them validate).
        bytes_samples: MNIST images of the message-size runs (``BYTES_EPOCHS`` epochs).
        notebook: ``(epochs, train_samples)`` injected into the notebook, or None for
            its committed parameters.
        builder_runs: alternating pairs of in-kernel edits, with the builder and in Keras.
    """

    fit_runs: int
    fit_epochs: int
    import_pairs: int
    data_runs: int
    summary_runs: int
    history_runs: int
    live_runs: int
    live_epochs: int
    live_samples: int
    bytes_samples: int
    notebook: tuple[int, int] | None
    builder_runs: int

    @classmethod
    def for_mode(cls, quick: bool, runs: int | None) -> Counts:
        """The counts of the full run, or the quick smoke check.

        Args:
            quick: use small counts (a smoke check, not a measurement).
            runs: alternating pairs per benchmark; in the full run the import benchmark
                makes at least ``MIN_IMPORT_PAIRS`` and the (cheap) data, summary, history
                and builder benchmarks ``DATA_RUNS_FACTOR`` times as many.

        Returns:
            The counts to run with.
        """
        if quick:
            n = runs or QUICK_RUNS
            return cls(
                fit_runs=n,
                fit_epochs=1,
                import_pairs=n,
                data_runs=n,
                summary_runs=n,
                history_runs=n,
                live_runs=n,
                live_epochs=1,
                live_samples=10_000,
                bytes_samples=2_000,
                notebook=QUICK_NOTEBOOK,
                builder_runs=n,
            )
        n = runs or FULL_RUNS
        return cls(
            fit_runs=n,
            fit_epochs=3,
            import_pairs=max(n, MIN_IMPORT_PAIRS),
            data_runs=DATA_RUNS_FACTOR * n,
            summary_runs=DATA_RUNS_FACTOR * n,
            history_runs=DATA_RUNS_FACTOR * n,
            live_runs=n,
            live_epochs=3,
            live_samples=30_000,
            bytes_samples=10_000,
            notebook=None,
            builder_runs=DATA_RUNS_FACTOR * n,
        )


class Variant(NamedTuple):
    """A variant of the kernelkeras side, timed in the same rotation but without a goal.

    Attributes:
        name: its row label.
        samples: its timed runs, in the order they ran.
    """

    name: str
    samples: list[Sample]

    @property
    def median(self) -> float:
        """Median wall seconds."""
        return statistics.median(s.wall for s in self.samples)


class Row(NamedTuple):
    """One row of the results table, its cells as shown.

    Attributes:
        name: the row label.
        ours: the kernelkeras column.
        baseline: the baseline column.
        ratio: the ratio column.
        goal: the goal column.
        met: whether the goal is met; None for a row without a goal.
    """

    name: str
    ours: str
    baseline: str
    ratio: str
    goal: str
    met: bool | None

    def markdown(self) -> str:
        """The row as a line of the Markdown table."""
        met = "-" if self.met is None else "yes" if self.met else "**no**"
        return (
            f"| {self.name} | {self.ours} | {self.baseline} | {self.ratio} | {self.goal} | {met} |"
        )


@dataclass(frozen=True)
class Check:
    """A goal on a number other than the timed medians (a rate, say); shown as a ↳ row.

    Attributes:
        name: its row label (without the arrow).
        short: what it is called in the goal column of its benchmark's row.
        value: the measured value.
        limit: the goal's bound.
        unit: the unit, shown after the value and the bound.
        at_least: the goal is ``value >= limit`` (else ``value <= limit``).
    """

    name: str
    short: str
    value: float
    limit: float
    unit: str
    at_least: bool = False

    @property
    def met(self) -> bool:
        """Whether the value is within the bound."""
        return self.value >= self.limit if self.at_least else self.value <= self.limit

    @property
    def goal(self) -> str:
        """The bound, as shown in the table."""
        return f"{'≥' if self.at_least else '≤'} {self.limit:g} {self.unit}"


@dataclass(frozen=True)
class Measurement:
    """A benchmark of sizes rather than two timed sides: its table rows as they are shown.

    Attributes:
        name: the benchmark's name (for the method and sample sections).
        rows: its rows in the table, the judged one first.
        how: how it was measured, one paragraph of Markdown.
        details: lines for the samples section (the raw numbers).
    """

    name: str
    rows: tuple[Row, ...]
    how: str
    details: tuple[str, ...]

    def table_rows(self) -> list[Row]:
        """Its rows in the results table."""
        return list(self.rows)

    def sample_lines(self) -> list[str]:
        """Its part of the samples section."""
        return [f"- {self.name}", *(f"  - {line}" for line in self.details)]


@dataclass(frozen=True)
class Result:
    """One benchmark: the timed samples of both sides, in the order they ran.

    Attributes:
        name: the benchmark's row label.
        ours: the kernelkeras runs.
        baseline: the baseline runs (plain Keras, NumPy or pandas).
        goal_ratio: if set, the largest acceptable ratio of the medians.
        goal_seconds: if set, the largest acceptable kernelkeras median, in seconds. At
            least one of the two goals is set; with both, both must be met.
        how: how it was measured, one paragraph of Markdown.
        variants: other kernelkeras calls timed in the same rotation, shown (with their
            ratio to the same baseline) but not judged.
        checks: further goals (not on the times), each shown as a ↳ row; the benchmark
            meets its goal only if they are met too.
        info: more ↳ rows, after the checks, with other numbers and no goal.
        notes: more lines for the samples section.
    """

    name: str
    ours: list[Sample]
    baseline: list[Sample]
    goal_ratio: float | None
    goal_seconds: float | None
    how: str
    variants: tuple[Variant, ...] = ()
    checks: tuple[Check, ...] = ()
    info: tuple[Row, ...] = ()
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.goal_ratio is None and self.goal_seconds is None:
            raise ValueError(f"{self.name}: needs a goal_ratio, a goal_seconds, or both")

    @property
    def ours_median(self) -> float:
        """Median wall seconds of the kernelkeras side."""
        return statistics.median(s.wall for s in self.ours)

    @property
    def baseline_median(self) -> float:
        """Median wall seconds of the baseline side."""
        return statistics.median(s.wall for s in self.baseline)

    @property
    def ratio(self) -> float:
        """kernelkeras median ÷ baseline median, wall time."""
        return self.ours_median / self.baseline_median

    @property
    def cpu_ratio(self) -> float:
        """kernelkeras median ÷ baseline median, CPU time."""
        ours = statistics.median(s.cpu for s in self.ours)
        return ours / statistics.median(s.cpu for s in self.baseline)

    @property
    def pair_ratios(self) -> list[float]:
        """kernelkeras ÷ baseline wall time for each alternating pair, in order."""
        return [a.wall / b.wall for a, b in zip(self.ours, self.baseline, strict=True)]

    @property
    def goal(self) -> str:
        """The goal as shown in the table: a ratio, an absolute median time, or both."""
        parts = []
        if self.goal_ratio is not None:
            parts.append(f"ratio ≤ {self.goal_ratio:.2f}")
        if self.goal_seconds is not None:
            parts.append(f"kernelkeras ≤ {_goal_time(self.goal_seconds)}")
        parts += [f"{c.short} {c.goal}" for c in self.checks]
        return " and ".join(parts)

    @property
    def met(self) -> bool:
        """Whether the ratio and the kernelkeras median are within their goals (those set)."""
        within = True
        if self.goal_ratio is not None:
            within = self.ratio <= self.goal_ratio
        if self.goal_seconds is not None:
            within = within and self.ours_median <= self.goal_seconds
        return within and all(c.met for c in self.checks)

    def table_rows(self) -> list[Row]:
        """Its rows in the results table: the benchmark, its variants, checks and info."""
        rows = [
            Row(
                self.name,
                _seconds(self.ours_median),
                _seconds(self.baseline_median),
                f"{self.ratio:.3f}",
                self.goal,
                self.met,
            )
        ]
        rows += [
            Row(
                v.name,
                _seconds(v.median),
                _seconds(self.baseline_median),
                f"{v.median / self.baseline_median:.3f}",
                "(none)",
                None,
            )
            for v in self.variants
        ]
        rows += [
            Row(f"↳ {c.name}", f"{c.value:.2f} {c.unit}", "-", "-", c.goal, c.met)
            for c in self.checks
        ]
        return rows + list(self.info)

    def sample_lines(self) -> list[str]:
        """Its part of the samples section: every sample, per-pair ratios, CPU times."""
        lines = [
            f"- {self.name}",
            f"  - kernelkeras: {_samples(self.ours)}",
            f"  - baseline: {_samples(self.baseline)}",
            f"  - ratio per pair: {', '.join(f'{q:.3f}' for q in self.pair_ratios)} "
            f"(median {statistics.median(self.pair_ratios):.3f})",
            f"  - CPU seconds, kernelkeras: {_cpu_samples(self.ours)}",
            f"  - CPU seconds, baseline: {_cpu_samples(self.baseline)}",
            f"  - CPU-time ratio of the medians: {self.cpu_ratio:.3f}",
        ]
        for v in self.variants:
            lines += [
                f"  - {v.name}: {_samples(v.samples)}",
                f"  - {v.name}, CPU seconds: {_cpu_samples(v.samples)}",
            ]
        return lines + [f"  - {note}" for note in self.notes]


def isolate_environment(keras_home: str) -> None:
    """Points Keras at a temporary settings folder and quiets TensorFlow's C++ logs.

    Must run before Keras is imported, in this process and in the child processes
    that inherit the environment.

    Args:
        keras_home: an empty temporary folder for ``KERAS_HOME``.
    """
    os.environ["KERAS_HOME"] = keras_home
    os.environ["KERAS_BACKEND"] = "tensorflow"
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"


def rotate(
    sides: Sequence[tuple[str, Callable[[], Sample]]], rounds: int, label: str
) -> list[list[Sample]]:
    """Runs the sides in turn (A, B, C, A, B, C, ...), after one untimed warm-up of each.

    Args:
        sides: (name for the progress line, runs that side once and times it), in order.
        rounds: how many timed rounds (one sample of every side each) to run.
        label: the benchmark's name, for progress lines on stderr.

    Returns:
        Each side's samples, in the order of ``sides``, each in the order they ran.
    """
    for _, side in sides:
        side()
    samples: list[list[Sample]] = [[] for _ in sides]
    for i in range(rounds):
        for (_, side), taken in zip(sides, samples, strict=True):
            taken.append(side())
        progress = ", ".join(
            f"{name} {taken[-1].wall:.4f} s"
            for (name, _), taken in zip(sides, samples, strict=True)
        )
        print(f"  {label} {i + 1}/{rounds}: {progress}", file=sys.stderr, flush=True)
    return samples


def alternate(
    ours: Callable[[], Sample], baseline: Callable[[], Sample], pairs: int, label: str
) -> tuple[list[Sample], list[Sample]]:
    """Runs ``ours`` and ``baseline`` in turn, after one untimed warm-up of each.

    Args:
        ours: runs the kernelkeras side once and times it.
        baseline: runs the baseline side once and times it.
        pairs: how many timed (ours, baseline) pairs to run.
        label: the benchmark's name, for progress lines on stderr.

    Returns:
        The kernelkeras samples and the baseline samples, in the order they ran.
    """
    ours_samples, baseline_samples = rotate(
        [("kernelkeras", ours), ("baseline", baseline)], pairs, label
    )
    return ours_samples, baseline_samples


def timed(action: Callable[[], Any], calls: int = 1) -> Sample:
    """Times ``action()`` in this process, after a garbage collection (not timed).

    Args:
        action: what to time.
        calls: call it this many times in a row and report the mean per call (for
            actions of a few milliseconds, where one call is mostly timer noise).

    Returns:
        Its wall time, and the CPU time of all of this process' threads meanwhile, per call.
    """
    gc.collect()
    cpu = time.process_time()
    start = time.perf_counter()
    for _ in range(calls):
        action()
    wall = time.perf_counter() - start
    return Sample(wall / calls, (time.process_time() - cpu) / calls)


@contextlib.contextmanager
def recursion_limit(limit: int) -> Iterator[None]:
    """Raises Python's recursion limit to at least ``limit`` for the ``with`` block.

    Keras maps a model's graph recursively, one level per layer, so a 1000-layer model
    cannot be built under the default limit of 1000.

    Args:
        limit: the smallest limit wanted.

    Yields:
        Nothing; the old limit is back after the block.
    """
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, limit))
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bench_import(pairs: int, workdir: str) -> Result:
    """Times a fresh ``import kernelkeras`` against a fresh ``import keras``.

    Args:
        pairs: alternating pairs of interpreter launches.
        workdir: an empty folder to run them in, so nothing local shadows an import.

    Returns:
        The benchmark's result.
    """
    env = dict(os.environ)

    def launch(module: str) -> Sample:
        command = [sys.executable, "-c", f"import {module}"]
        cpu = _children_cpu()
        start = time.perf_counter()
        done = subprocess.run(command, env=env, cwd=workdir, capture_output=True, text=True)
        wall = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr}")
        return Sample(wall, _children_cpu() - cpu)

    ours, baseline = alternate(
        lambda: launch("kernelkeras"), lambda: launch("keras"), pairs, "import"
    )
    return Result(
        name="`import kernelkeras` ÷ `import keras` (fresh interpreter)",
        ours=ours,
        baseline=baseline,
        goal_ratio=1.10,
        goal_seconds=None,
        how=(
            'Wall time of `python -c "import kernelkeras"` and of `python -c "import keras"`, '
            "each a new process of the venv's Python with the same environment "
            "(`KERAS_HOME` a temporary folder, `KERAS_BACKEND=tensorflow`, "
            "`TF_CPP_MIN_LOG_LEVEL=2`) and an empty working folder; process start-up and "
            "exit included."
        ),
    )


def bench_data(runs: int) -> Result:
    """Times ``dataset_mnist()`` against ``np.load`` of the same npz, all arrays read.

    Args:
        runs: alternating pairs of loads.

    Returns:
        The benchmark's result.
    """
    import numpy as np

    from kernelkeras import dataset_mnist

    path = importlib.resources.files("kernelkeras.datasets") / "mnist.npz"

    def load_npz() -> dict[str, Any]:
        with np.load(str(path)) as npz:
            return {key: npz[key] for key in npz}

    ours, baseline = alternate(
        lambda: timed(dataset_mnist), lambda: timed(load_npz), runs, "dataset_mnist"
    )
    return Result(
        name="`dataset_mnist()` ÷ `np.load` of the same npz",
        ours=ours,
        baseline=baseline,
        goal_ratio=1.2,
        goal_seconds=0.5,
        how=(
            "In one process, `kernelkeras.dataset_mnist()` (which checks the file's sha256, "
            "shapes and dtypes) against `np.load` of the bundled `mnist.npz` with all four "
            "arrays read (`{k: f[k] for k in f}`). The file is in the page cache after the "
            "warm-up, so this is decompression and checking, not disk."
        ),
    )


def mnist_training_data() -> tuple[Any, Any]:
    """The full MNIST training set as the seed notebook prepares it.

    Returns:
        ``x``: 60,000 flattened images, float32 in [0, 1]; ``y``: one-hot float32 rows.
    """
    import keras
    import numpy as np

    from kernelkeras import dataset_mnist

    (x_train, y_train), _ = dataset_mnist()
    x = (x_train.reshape(len(x_train), 784) / 255).astype(np.float32)
    y = keras.utils.to_categorical(y_train, 10)
    return x, y


def kernelkeras_mlp() -> Any:
    """The seed MLP, built and compiled with kernelkeras' pipe and verbs.

    Returns:
        A compiled ``keras.Sequential`` model.
    """
    import keras

    from kernelkeras import (
        compile,
        keras_model_sequential,
        layer_dense,
        layer_dropout,
        optimizer_rmsprop,
    )

    keras.utils.set_random_seed(SEED)
    model = (
        keras_model_sequential()
        >> layer_dense(units=256, activation="relu", input_shape=(784,))
        >> layer_dropout(rate=0.4)
        >> layer_dense(units=128, activation="relu")
        >> layer_dropout(rate=0.3)
        >> layer_dense(units=10, activation="softmax")
    )
    model >> compile(
        loss="categorical_crossentropy", optimizer=optimizer_rmsprop(), metrics=["accuracy"]
    )
    return model


def keras_mlp() -> Any:
    """The seed MLP, built and compiled with plain Keras.

    Returns:
        A compiled ``keras.Sequential`` model.
    """
    import keras

    keras.utils.set_random_seed(SEED)
    model = keras.Sequential(
        [
            keras.Input((784,)),
            keras.layers.Dense(256, activation="relu"),
            keras.layers.Dropout(0.4),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dropout(0.3),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(
        loss="categorical_crossentropy",
        optimizer=keras.optimizers.RMSprop(),
        metrics=["accuracy"],
    )
    return model


def bench_fit(runs: int, epochs: int) -> Result:
    """Times ``model >> fit(...)`` against plain ``model.fit`` on the seed MLP.

    Each side's model is built once; the warm-up fit traces its training and
    validation functions, so the timed calls measure training, not tracing.

    Args:
        runs: alternating pairs of ``fit`` calls.
        epochs: epochs per timed call.

    Returns:
        The benchmark's result.
    """
    from kernelkeras import fit

    x, y = mnist_training_data()
    ours_model = kernelkeras_mlp()
    keras_model = keras_mlp()

    def ours() -> None:
        ours_model >> fit(x, y, epochs=epochs, **FIT_ARGS)

    def baseline() -> None:
        keras_model.fit(x, y, epochs=epochs, **FIT_ARGS)

    ours_samples, baseline_samples = alternate(
        lambda: timed(ours), lambda: timed(baseline), runs, "fit"
    )
    return Result(
        name=f"`model >> fit()` ÷ `model.fit()` (seed MLP, {epochs} epoch{'s' * (epochs > 1)})",
        ours=ours_samples,
        baseline=baseline_samples,
        goal_ratio=1.01,
        goal_seconds=None,
        how=(
            "The seed MLP (Dense 256 relu, Dropout 0.4, Dense 128 relu, Dropout 0.3, "
            "Dense 10 softmax; categorical cross-entropy, RMSprop, accuracy) on the full "
            "bundled MNIST training set (60,000 images flattened to 784 float32 in [0, 1], "
            f"one-hot labels), `batch_size=128, validation_split=0.2, verbose=0`, {epochs} "
            f"epoch{'s' * (epochs > 1)} per call. One model built with kernelkeras' pipe "
            "(`keras_model_sequential() >> layer_dense(...) >> ...`, `model >> compile(...)`), "
            "one with `keras.Sequential([keras.Input((784,)), ...])` and `model.compile`, each "
            f"after `keras.utils.set_random_seed({SEED})`, in the same process on the same "
            "arrays. Only the `fit` call is timed; each model keeps training across calls."
        ),
    )


def deep_sequential(layers: int) -> Any:
    """A Sequential model of ``layers`` Dense(16) layers on 16 inputs, piped and built once.

    The layers are piped into an unbuilt ``keras_model_sequential()`` and the model is
    built once at the end: with ``input_shape=`` given first, Keras rebuilds the whole
    graph on every added layer, which is quadratic (minutes for 1000 layers).

    Args:
        layers: how many Dense layers.

    Returns:
        The built ``keras.Sequential`` model.
    """
    import keras

    from kernelkeras import keras_model_sequential, layer_dense

    keras.utils.set_random_seed(SEED)
    model = keras_model_sequential(name=f"deep_{layers}")
    for _ in range(layers):
        model >> layer_dense(units=16, activation="relu")
    with recursion_limit(sys.getrecursionlimit() + 4 * layers):
        model.build((None, 16))
    return model


def bench_summary(runs: int) -> Result:
    """Times ``str(summary(model))`` against Keras' ``model.summary()`` on a deep model.

    Args:
        runs: alternating rounds (kernelkeras, Keras, kernelkeras frame only).

    Returns:
        The benchmark's result, with the frame-only time as a variant.
    """
    from kernelkeras import summary

    model = deep_sequential(SUMMARY_LAYERS)

    def discard(*args: Any, **kwargs: Any) -> None:
        return None

    ours, baseline, frame_only = rotate(
        [
            ("kernelkeras", lambda: timed(lambda: str(summary(model)))),
            ("keras", lambda: timed(lambda: model.summary(print_fn=discard))),
            ("frame only", lambda: timed(lambda: summary(model))),
        ],
        runs,
        "summary",
    )
    return Result(
        name=f"`str(summary(model))` ÷ `model.summary()` ({SUMMARY_LAYERS}-layer Sequential)",
        ours=ours,
        baseline=baseline,
        goal_ratio=None,
        goal_seconds=0.2,
        how=(
            f"One Sequential model of {SUMMARY_LAYERS} `Dense(16, relu)` layers on 16 inputs "
            f"({SUMMARY_LAYERS * 272:,} parameters), piped into `keras_model_sequential()` "
            "and built once with `model.build((None, 16))` before any timing (with Python's "
            "recursion limit raised for the build: Keras maps the graph one recursion level "
            "per layer; piping into `keras_model_sequential(input_shape=(16,))` instead would "
            "rebuild the graph on every layer, quadratic in the depth). kernelkeras side: "
            "`str(summary(model))`, the `ModelSummary` (frame and totals) and its text table, "
            "what a user sees; baseline: Keras' own `model.summary(print_fn=...)` with a "
            "`print_fn` that discards the text (Keras still lays the table out). The row "
            "`summary(model)` only is the `ModelSummary` without its text, timed in the same "
            "rotation. The goal is the absolute kernelkeras median; the ratio is for reference."
        ),
        variants=(Variant("↳ `summary(model)` only (frame and totals, no text)", frame_only),),
    )


def training_history(epochs: int, metrics: Sequence[str]) -> Any:
    """A ``TrainingHistory`` of random floats: each metric and its ``val_`` twin.

    Args:
        epochs: values per metric.
        metrics: the training metrics' names.

    Returns:
        The ``kernelkeras.TrainingHistory``.
    """
    import numpy as np

    from kernelkeras import TrainingHistory

    rng = np.random.default_rng(SEED)
    names = [*metrics, *(f"val_{m}" for m in metrics)]
    return TrainingHistory({name: rng.random(epochs).tolist() for name in names}, params={})


def bench_history(runs: int) -> Result:
    """Times ``as_data_frame(history)`` against ``pd.DataFrame(history.history)``.

    Args:
        runs: alternating rounds (long frame, pandas wide frame, kernelkeras wide frame).

    Returns:
        The benchmark's result, with ``wide=True`` as a variant.
    """
    import pandas as pd

    from kernelkeras import as_data_frame

    history = training_history(HISTORY_EPOCHS, HISTORY_METRICS)
    ours, baseline, wide = rotate(
        [
            ("kernelkeras", lambda: timed(lambda: as_data_frame(history), HISTORY_CALLS)),
            ("pandas", lambda: timed(lambda: pd.DataFrame(history.history), HISTORY_CALLS)),
            (
                "wide",
                lambda: timed(lambda: as_data_frame(history, wide=True), HISTORY_CALLS),
            ),
        ],
        runs,
        "history",
    )
    n_metrics = 2 * len(HISTORY_METRICS)
    return Result(
        name=(
            f"`as_data_frame(history)` ÷ `pd.DataFrame(history.history)` "
            f"({HISTORY_EPOCHS} epochs, {n_metrics} metrics)"
        ),
        ours=ours,
        baseline=baseline,
        goal_ratio=None,
        goal_seconds=0.05,
        how=(
            f"A `kernelkeras.TrainingHistory` of {HISTORY_EPOCHS} epochs and {n_metrics} "
            f"metrics ({', '.join(HISTORY_METRICS)} and their `val_` twins), each a list of "
            f"random floats in [0, 1) from `np.random.default_rng({SEED})`, `params={{}}`. "
            f"kernelkeras side: `as_data_frame(history)`, the long frame "
            f"({HISTORY_EPOCHS * n_metrics:,} rows: epoch, value, metric, data); baseline: "
            "`pd.DataFrame(history.history)`, the plain wide frame a Keras user would make. "
            "The row `wide=True` is `as_data_frame(history, wide=True)`, timed in the same "
            f"rotation. Each sample is the mean of {HISTORY_CALLS} calls in a row. The goal is "
            "the absolute kernelkeras median; the ratio is for reference."
        ),
        variants=(Variant("↳ `as_data_frame(history, wide=True)`", wide),),
    )


def kernel_setup_source() -> str:
    """The first cell of the live-chart kernel: ``bench_fit``'s data and model, ``timed_fit``.

    The data and model functions are this module's own, copied in with their source,
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


def _numbers(cell: CellRun, source: str) -> dict[str, Any]:
    if cell.numbers is None:
        raise RuntimeError(f"the kernel cell {source!r} printed no benchmark numbers")
    return cell.numbers


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
            numbers = _numbers(cell, source)
            return Sample(numbers["wall"], numbers["cpu"])

        return once

    ours, baseline = alternate(side(True), side(False), runs, "live chart")
    live_cells = cells[True][1:]  # the first of each side was the warm-up
    updates = [_numbers(c, "timed_fit")["updates"] for c in live_cells]
    rates = [n / s.wall for n, s in zip(updates, ours, strict=True)]
    received = [len(c.messages) for c in live_cells]
    statuses = sorted({str(_numbers(c, "timed_fit")["status"]) for c in live_cells})
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


def _bytes(value: float) -> str:
    return f"{value:,.0f} B"


def _kb(value: float) -> str:
    return f"{value / 1000:,.1f} KB"


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
            _bytes(median[long]),
            _bytes(median[short]),
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
                _bytes(largest[e]),
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
        numbers = _numbers(run, "timed_fit")
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
            "tests/test_live.py) re-packed the way jupyter_client packs it for the wire "
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


def bench_notebook(notebook: tuple[int, int] | None, folder: Path) -> Measurement:
    """Runs the MNIST notebook with widget state kept, saves it and measures the file.

    Args:
        notebook: ``(epochs, train_samples)`` to inject, or None for the committed ones.
        folder: where to save the executed notebook (a temporary folder).

    Returns:
        The benchmark's rows.
    """
    relative = NOTEBOOK_PATH.relative_to(REPO_ROOT)
    committed = notebook_parameters(NOTEBOOK_PATH)
    if notebook is None:
        injected = None
        samples = committed.get("train_samples")
        label = f"committed parameters: {committed.get('epochs')} epochs, " + (
            "all 60,000 images" if samples is None else f"{samples:,} images"
        )
    else:
        epochs, samples = notebook
        injected = f"epochs = {epochs}\ntrain_samples = {samples}"
        label = (
            f"quick: {epochs} epochs, {samples:,} images injected; the goal is for the "
            "committed parameters"
        )
    print(f"  notebook: executing {relative} ({label})", file=sys.stderr, flush=True)
    nb, seconds, messages = execute_notebook(NOTEBOOK_PATH, injected)
    size = notebook_size(nb, folder / NOTEBOOK_PATH.name)

    def share(part: int) -> str:
        return f"{_kb(part)} ({part / size.total:.0%})"

    models = ", ".join(f"{n} {name}" for name, n in sorted(size.widget_models.items()))
    top = size.largest[0] if size.largest else None
    name = f"`{relative}` executed ({label}), saved with widget state: file size"
    rows = [
        Row(
            name,
            _kb(size.total),
            "-",
            "-",
            f"≤ {NOTEBOOK_BYTES_GOAL / 1000:g} KB",
            size.total <= NOTEBOOK_BYTES_GOAL,
        ),
        Row(
            f"↳ widget state (`metadata.widgets`: {models or 'none'})",
            share(size.widgets),
            "-",
            "-",
            "(none)",
            None,
        ),
        Row("↳ all cell outputs", share(size.outputs), "-", "-", "(none)", None),
    ]
    if top is not None:
        rows.append(
            Row(
                f"↳ largest output: cell {top.cell} `{top.source}`, {top.kind}",
                share(top.size),
                "-",
                "-",
                "(none)",
                None,
            )
        )
    largest = "; ".join(
        f"cell {o.cell} `{o.source}` {o.kind}: {o.size:,} B" for o in size.largest[:6]
    )
    chart = [m.data_bytes for m in messages]
    return Measurement(
        name=name,
        rows=tuple(rows),
        details=(
            f"run time (kernel start-up included): {seconds:.1f} s; file: {size.total:,} B",
            f"largest outputs: {largest}",
            f"chart messages received: {len(chart)}"
            + (f", largest {max(chart):,} B" if chart else ""),
        ),
        how=(
            f"`{relative}` read with nbformat"
            + (
                ""
                if injected is None
                else f" (quick mode: `{injected.replace(chr(10), '; ')}` injected after its "
                "`parameters` cell, papermill style)"
            )
            + ', executed top to bottom by `nbclient.NotebookClient(kernel_name="python3", '
            "store_widget_state=True, record_timing=False)` in a new kernel in the notebook's "
            'folder (`fit` draws its live chart: `view_metrics="auto"` in a kernel), and '
            "saved with `nbformat.write` to a temporary file: its size in bytes. Widget "
            "state and outputs: how many bytes smaller the same serialisation is without "
            "`metadata.widgets`, without all outputs, or without one output. nbclient keeps "
            "the state of every widget model opened during the run, closed ones included."
        ),
    )


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
            numbers = _numbers(cell, source)
            return Sample(numbers["wall"], numbers["cpu"])

        return once

    ours, baseline = alternate(
        side("timed_builder_edit()"), side("timed_keras_edit()"), runs, "builder"
    )
    edits = cells["timed_builder_edit()"][1:]  # the first of each side was the warm-up
    keras_edits = cells["timed_keras_edit()"][1:]
    errors = sum(_numbers(c, "timed_builder_edit()")["errors"] for c in edits)
    if errors:
        raise RuntimeError(f"the builder edits left {errors} problem rows; expected none")
    params = {
        side: sorted({(n["units"], n["params"]) for n in (_numbers(c, side) for c in runs_)})
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
                _bytes(statistics.median(sent)),
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


def _seconds(value: float) -> str:
    return f"{value:.3f} s" if value >= 1 else f"{value * 1000:.1f} ms"


def _goal_time(value: float) -> str:
    return f"{value:g} s" if value >= 1 else f"{value * 1000:g} ms"


def _sample_seconds(value: float) -> str:
    # Millisecond samples (the history frames) keep three significant digits.
    return f"{value:.4f}" if value >= 0.01 else f"{value:.6f}"


def _samples(values: Sequence[Sample]) -> str:
    return ", ".join(_sample_seconds(v.wall) for v in values)


def _cpu_samples(values: Sequence[Sample]) -> str:
    return ", ".join(_sample_seconds(v.cpu) for v in values)


def report(
    results: Sequence[Result | Measurement],
    facts: dict[str, str],
    counts: Counts,
    quick: bool,
    started: datetime,
    load: tuple[tuple[float, ...], tuple[float, ...]],
    selected: Sequence[str] = BENCHMARKS,
) -> str:
    """The results as Markdown: machine, method, the table, and every sample.

    Args:
        results: the benchmarks, in table order.
        facts: from :func:`machine_facts`.
        counts: the counts the run used.
        quick: whether this was the quick smoke check.
        started: when the run started (UTC).
        load: the 1/5/15-minute load averages at the start and at the end.
        selected: the benchmarks run (names from ``BENCHMARKS``).

    Returns:
        The report.
    """
    title = "# Benchmarks: kernelkeras against plain Keras"
    remarks = [f"only {', '.join(selected)}"] if set(selected) != set(BENCHMARKS) else []
    if quick:
        remarks.append("quick smoke check; not a measurement")
    if remarks:
        title += f" ({'; '.join(remarks)})"
    runs = {
        "fit": f"{counts.fit_runs} pairs for `fit`",
        "import": f"{counts.import_pairs} pairs for `import`",
        "data": f"{counts.data_runs} pairs for `dataset_mnist`",
        "summary": f"{counts.summary_runs} rounds for `summary`",
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
    """Runs the nine benchmarks (or those of ``--only``); a full run writes ``RESULTS.md``.

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
    text = report(
        results, facts, counts, args.quick, started, (load_start, os.getloadavg()), selected
    )
    print(text)
    if not args.quick and not partial:
        RESULTS_PATH.write_text(text, encoding="utf-8")
        print(f"Wrote {RESULTS_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
