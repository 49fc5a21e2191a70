"""The ``summary`` benchmark: ``str(summary(model))`` ÷ Keras' ``model.summary()``.

On a 1000-layer Sequential model (``SUMMARY_LAYERS``), Keras' text discarded; the goal is
an absolute time, the ratio is reported. The summary's frame without its text
(``summary(model)`` only) is timed in the same rotation, an extra row without a goal.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any

from _results import Result, Variant
from _runner import SEED, rotate, timed

#: Dense(16) layers in the summary benchmark's Sequential model.
SUMMARY_LAYERS = 1000


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


def deep_sequential(layers: int) -> Any:
    """A Sequential model of ``layers`` Dense(16) layers on 16 inputs, piped and built once.

    The layers are piped into an unbuilt ``keras_model_sequential()`` and the model is
    built once at the end, with Python's recursion limit raised for the build (piping
    with ``input_shape=`` given first builds the same graph once too, on first use: see
    ``bench_pipe.py``).

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
            "per layer). kernelkeras side: "
            "`str(summary(model))`, the `ModelSummary` (frame and totals) and its text table, "
            "what a user sees; baseline: Keras' own `model.summary(print_fn=...)` with a "
            "`print_fn` that discards the text (Keras still lays the table out). The row "
            "`summary(model)` only is the `ModelSummary` without its text, timed in the same "
            "rotation. The goal is the absolute kernelkeras median; the ratio is for reference."
        ),
        variants=(Variant("↳ `summary(model)` only (frame and totals, no text)", frame_only),),
    )
