"""The benchmarks' shared runner: how many runs, how they alternate, how each is timed.

Every benchmark runs its sides in turn (A, B, A, B, ...) after one untimed warm-up of
each (:func:`rotate`, :func:`alternate`), so that drift on a noisy machine hits both
sides alike, and takes each run as a :class:`Sample` of wall and CPU seconds
(:func:`timed` times an action in this process; the kernel benchmarks time inside the
kernel). :class:`Counts` says how many runs each benchmark makes, in a full run and in
the quick smoke check; :func:`isolate_environment` keeps Keras away from ``$HOME``.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

REPO_ROOT = Path(__file__).resolve().parents[1]
#: The seed of every model and history the benchmarks build (``keras.utils.set_random_seed``,
#: ``np.random.default_rng``).
SEED = 20240611
FULL_RUNS = 7
QUICK_RUNS = 3
MIN_FULL_RUNS = 5
MIN_IMPORT_PAIRS = 7
#: MNIST loads, summaries and history frames take a fraction of a second, so the full run
#: makes this many times more pairs of them.
DATA_RUNS_FACTOR = 3
#: Epochs and training images of the notebook run in quick mode (the full run keeps the
#: notebook's committed parameters).
QUICK_NOTEBOOK = (2, 3000)


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
        bytes_samples: MNIST images of the message-size runs (``bench_live.BYTES_EPOCHS`` epochs).
        notebook: ``(epochs, train_samples)`` injected into the notebook, or None for
            its committed parameters.
        builder_runs: alternating pairs of in-kernel edits, with the builder and in Keras.
        pipe_runs: rounds of piping against ``keras.Sequential([...])`` at every depth.
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
    pipe_runs: int

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
                pipe_runs=n,
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
            pipe_runs=n,
        )


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
