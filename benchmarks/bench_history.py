"""The ``history`` benchmark: ``as_data_frame(history)`` ÷ ``pd.DataFrame(history.history)``.

For a 1000-epoch, 10-metric history of random floats; the goal is an absolute time, the
ratio is reported. The wide frame (``as_data_frame(history, wide=True)``) is timed in the
same rotation, an extra row without a goal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from _results import Result, Variant
from _runner import SEED, rotate, timed

#: Epochs of the history benchmark's history, and its training metrics (each with a ``val_`` twin).
HISTORY_EPOCHS = 1000
HISTORY_METRICS = ("loss", "accuracy", "precision", "recall", "auc")
#: A history frame takes milliseconds, so each of its samples is the mean of this many calls.
HISTORY_CALLS = 10


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
