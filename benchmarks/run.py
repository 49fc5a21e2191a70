"""Ratio benchmarks: kernelkeras against plain Keras and NumPy, side by side.

Usage (from the repository root)::

    .venv/bin/python benchmarks/run.py              # full run; writes benchmarks/RESULTS.md
    .venv/bin/python benchmarks/run.py --runs 9     # more alternating runs per benchmark
    .venv/bin/python benchmarks/run.py --quick      # smoke check: small counts, prints only

Five ratios, each kernelkeras ÷ baseline, measured in one run:

- ``fit``: ``model >> fit(...)`` ÷ plain ``model.fit`` on the seed MLP and the bundled MNIST;
- ``import``: a fresh ``python -c "import kernelkeras"`` ÷ ``python -c "import keras"``;
- ``data``: ``dataset_mnist()`` ÷ ``np.load`` of the same npz, all arrays read;
- ``summary``: ``str(summary(model))`` ÷ Keras' ``model.summary()`` (output discarded) on a
  1000-layer Sequential model; the goal is an absolute time, the ratio is reported;
- ``history``: ``as_data_frame(history)`` ÷ ``pd.DataFrame(history.history)`` for a
  1000-epoch, 10-metric history; the goal is an absolute time, the ratio is reported.

Some benchmarks also time variants of the kernelkeras side (the summary's frame without
its text, the wide history frame) in the same rotation; they are extra rows, without a goal.

Each benchmark alternates its two sides (A, B, A, B, ...) after one untimed warm-up of
each, and compares the medians, so that drift on a noisy machine hits both sides alike.
The quick mode runs exactly the same code with smaller counts. Nothing touches the
network, and Keras' settings folder (``KERAS_HOME``) is a temporary one, not ``$HOME``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib.resources
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
    """

    fit_runs: int
    fit_epochs: int
    import_pairs: int
    data_runs: int
    summary_runs: int
    history_runs: int

    @classmethod
    def for_mode(cls, quick: bool, runs: int | None) -> Counts:
        """The counts of the full run, or the quick smoke check.

        Args:
            quick: use small counts (a smoke check, not a measurement).
            runs: alternating pairs per benchmark; in the full run the import benchmark
                makes at least ``MIN_IMPORT_PAIRS`` and the (cheap) data, summary and
                history benchmarks ``DATA_RUNS_FACTOR`` times as many.

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
            )
        n = runs or FULL_RUNS
        return cls(
            fit_runs=n,
            fit_epochs=3,
            import_pairs=max(n, MIN_IMPORT_PAIRS),
            data_runs=DATA_RUNS_FACTOR * n,
            summary_runs=DATA_RUNS_FACTOR * n,
            history_runs=DATA_RUNS_FACTOR * n,
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
    """

    name: str
    ours: list[Sample]
    baseline: list[Sample]
    goal_ratio: float | None
    goal_seconds: float | None
    how: str
    variants: tuple[Variant, ...] = ()

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
        return " and ".join(parts)

    @property
    def met(self) -> bool:
        """Whether the ratio and the kernelkeras median are within their goals (those set)."""
        within = True
        if self.goal_ratio is not None:
            within = self.ratio <= self.goal_ratio
        if self.goal_seconds is not None:
            within = within and self.ours_median <= self.goal_seconds
        return within


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
    results: Sequence[Result],
    facts: dict[str, str],
    counts: Counts,
    quick: bool,
    started: datetime,
    load: tuple[tuple[float, ...], tuple[float, ...]],
) -> str:
    """The results as Markdown: machine, method, the table, and every sample.

    Args:
        results: the benchmarks, in table order.
        facts: from :func:`machine_facts`.
        counts: the counts the run used.
        quick: whether this was the quick smoke check.
        started: when the run started (UTC).
        load: the 1/5/15-minute load averages at the start and at the end.

    Returns:
        The report.
    """
    title = "# Benchmarks: kernelkeras against plain Keras"
    if quick:
        title += " (quick smoke check; not a measurement)"
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
        "(2 noisy cores) hits both alike. The ratio is the kernelkeras median ÷ the baseline "
        f"median: {counts.fit_runs} pairs for `fit`, {counts.import_pairs} for `import`, "
        f"{counts.data_runs} for `dataset_mnist`, {counts.summary_runs} rounds for `summary` "
        f"and {counts.history_runs} for `as_data_frame` (a round also times the variant "
        "in the ↳ row, against the same baseline samples). A goal is a ratio, an absolute "
        "kernelkeras median, or both. Times are wall-clock "
        "(`time.perf_counter`); a garbage collection runs, untimed, before each in-process "
        "sample. CPU time (all threads of the process doing the work: `time.process_time`, "
        "or the child's `getrusage`) is recorded too, under Samples: it is less sensitive to "
        "other load on the machine, so a wall ratio far from the CPU ratio points at noise.",
        "",
        "| benchmark | kernelkeras median | baseline median | ratio | goal | met? |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    for r in results:
        lines.append(
            f"| {r.name} | {_seconds(r.ours_median)} | {_seconds(r.baseline_median)} "
            f"| {r.ratio:.3f} | {r.goal} | {'yes' if r.met else '**no**'} |"
        )
        for v in r.variants:
            lines.append(
                f"| {v.name} | {_seconds(v.median)} | {_seconds(r.baseline_median)} "
                f"| {v.median / r.baseline_median:.3f} | (none) | - |"
            )
    lines += ["", "## How each was measured", ""]
    for r in results:
        lines += [f"- **{r.name}.** {r.how}"]
    lines += ["", "## Samples (wall seconds unless marked, in the order they ran)", ""]
    for r in results:
        lines += [
            f"- {r.name}",
            f"  - kernelkeras: {_samples(r.ours)}",
            f"  - baseline: {_samples(r.baseline)}",
            f"  - ratio per pair: {', '.join(f'{q:.3f}' for q in r.pair_ratios)} "
            f"(median {statistics.median(r.pair_ratios):.3f})",
            f"  - CPU seconds, kernelkeras: {_cpu_samples(r.ours)}",
            f"  - CPU seconds, baseline: {_cpu_samples(r.baseline)}",
            f"  - CPU-time ratio of the medians: {r.cpu_ratio:.3f}",
        ]
        for v in r.variants:
            lines += [
                f"  - {v.name}: {_samples(v.samples)}",
                f"  - {v.name}, CPU seconds: {_cpu_samples(v.samples)}",
            ]
    return "\n".join(lines) + "\n"


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line.

    Args:
        argv: the arguments, without the program name; defaults to ``sys.argv[1:]``.

    Returns:
        ``quick`` and ``runs``.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"smoke check: {QUICK_RUNS} pairs or rounds, 1 epoch; prints the table, writes "
        "no file",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=None,
        metavar="N",
        help=f"alternating pairs per benchmark (default {FULL_RUNS}, or {QUICK_RUNS} with "
        f"--quick; at least {MIN_FULL_RUNS} in a full run, where the import benchmark makes "
        f"at least {MIN_IMPORT_PAIRS} and the data, summary and history benchmarks "
        f"{DATA_RUNS_FACTOR}x as many)",
    )
    args = parser.parse_args(argv)
    minimum = 1 if args.quick else MIN_FULL_RUNS
    if args.runs is not None and args.runs < minimum:
        parser.error(f"--runs must be at least {minimum}{'' if args.quick else ' (or --quick)'}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the five benchmarks; writes ``RESULTS.md``, or only prints with ``--quick``.

    Args:
        argv: the arguments, without the program name; defaults to ``sys.argv[1:]``.

    Returns:
        The exit status.
    """
    args = parse_args(argv)
    counts = Counts.for_mode(args.quick, args.runs)
    started = datetime.now(timezone.utc)
    load_start = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="kernelkeras-bench-") as tmp:
        keras_home = Path(tmp, "keras_home")
        workdir = Path(tmp, "cwd")
        keras_home.mkdir()
        workdir.mkdir()
        isolate_environment(str(keras_home))
        print(f"Benchmarks ({'quick' if args.quick else 'full'}): {counts}", file=sys.stderr)
        # Imports first, while this process has not loaded TensorFlow yet; the table keeps
        # the order fit, import, data, summary, history.
        imports = bench_import(counts.import_pairs, str(workdir))
        data = bench_data(counts.data_runs)
        fits = bench_fit(counts.fit_runs, counts.fit_epochs)
        summaries = bench_summary(counts.summary_runs)
        histories = bench_history(counts.history_runs)
        results = [fits, imports, data, summaries, histories]
        facts = machine_facts()
    text = report(results, facts, counts, args.quick, started, (load_start, os.getloadavg()))
    print(text)
    if not args.quick:
        RESULTS_PATH.write_text(text, encoding="utf-8")
        print(f"Wrote {RESULTS_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
