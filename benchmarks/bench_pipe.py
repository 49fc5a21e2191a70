"""The ``pipe`` benchmark: piping layers one by one ÷ ``keras.Sequential([...])``.

A Sequential model of ``PIPE_LAYERS`` Dense layers on a known input, made both ways, each
timed until its graph is made; the goal is the ratio at 200 layers, and a ratio that stays
flat from 50 to 400 layers (it does not grow with the depth, and stays within the goal at
every depth). For reference the same rotation times Keras' own
``model.add`` per layer at ``ADD_LAYERS`` layers, which is what ``>>`` did before: it
remakes the whole graph on every layer, quadratic in the depth. All sizes run in one
rotation, so that drift hits every size alike.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Any

from _results import Check, Result, Row
from _runner import SEED, Sample, rotate, timed

#: The depths timed; the goal is on ``JUDGED`` layers, flatness across all of them.
PIPE_LAYERS = (50, 100, 200, 400)
JUDGED = 200
#: The largest ratio, at ``JUDGED`` layers and at every other depth.
GOAL_RATIO = 1.5
#: The ratio at the deepest depth ÷ the ratio at the shallowest, at most (quadratic
#: piping would make it about 8).
GOAL_GROWTH = 1.25
#: The depth at which Keras' ``model.add`` per layer is timed, for reference.
ADD_LAYERS = 100


def _piped(layers: int) -> Callable[[], Any]:
    def make() -> Any:
        from kernelkeras import keras_model_sequential, layer_dense

        model = keras_model_sequential(input_shape=(16,), name=f"piped_{layers}")
        for _ in range(layers):
            model >> layer_dense(units=16, activation="relu")
        return model.outputs  # makes the graph, as the first use does

    return make


def _listed(layers: int) -> Callable[[], Any]:
    def make() -> Any:
        import keras

        dense = [keras.layers.Dense(16, activation="relu") for _ in range(layers)]
        model = keras.Sequential([keras.Input((16,)), *dense], name=f"listed_{layers}")
        return model.outputs

    return make


def _added(layers: int) -> Callable[[], Any]:
    def make() -> Any:
        import keras

        model = keras.Sequential([keras.Input((16,))], name=f"added_{layers}")
        for _ in range(layers):
            model.add(keras.layers.Dense(16, activation="relu"))
        return model.outputs

    return make


def _side(make: Callable[[], Any]) -> Callable[[], Sample]:
    def run() -> Sample:
        import keras

        keras.backend.clear_session()
        keras.utils.set_random_seed(SEED)
        return timed(make)

    return run


def _median(samples: list[Sample], cpu: bool = False) -> float:
    return statistics.median(s.cpu if cpu else s.wall for s in samples)


def _time(value: float) -> str:
    return f"{value:.3f} s" if value >= 1 else f"{value * 1000:.1f} ms"


def bench_pipe(runs: int) -> Result:
    """Times piping against ``keras.Sequential([...])`` at each depth of ``PIPE_LAYERS``.

    Args:
        runs: rounds; each round times both sides at every depth, in turn.

    Returns:
        The benchmark's result (the judged depth), with the other depths as ↳ rows.
    """
    sides = []
    for layers in PIPE_LAYERS:
        sides += [
            (f"pipe {layers}", _side(_piped(layers))),
            (f"list {layers}", _side(_listed(layers))),
        ]
    sides.append((f"keras add {ADD_LAYERS}", _side(_added(ADD_LAYERS))))
    taken = rotate(sides, runs, "pipe")
    added = taken[-1]
    by_depth = {layers: (taken[2 * i], taken[2 * i + 1]) for i, layers in enumerate(PIPE_LAYERS)}
    ratios = {layers: _median(ours) / _median(base) for layers, (ours, base) in by_depth.items()}
    cpu_ratios = {
        layers: _median(ours, cpu=True) / _median(base, cpu=True)
        for layers, (ours, base) in by_depth.items()
    }
    growth = ratios[PIPE_LAYERS[-1]] / ratios[PIPE_LAYERS[0]]
    ours, baseline = by_depth[JUDGED]
    info = [
        Row(
            f"↳ {layers} layers",
            _time(_median(by_depth[layers][0])),
            _time(_median(by_depth[layers][1])),
            f"{ratios[layers]:.3f}",
            f"ratio ≤ {GOAL_RATIO:.2f}",
            ratios[layers] <= GOAL_RATIO,
        )
        for layers in PIPE_LAYERS
        if layers != JUDGED
    ]
    info.append(
        Row(
            f"↳ for reference: Keras' `model.add` per layer (what `>>` did before), "
            f"{ADD_LAYERS} layers",
            _time(_median(added)),
            _time(_median(by_depth[ADD_LAYERS][1])),
            f"{_median(added) / _median(by_depth[ADD_LAYERS][1]):.3f}",
            "(none)",
            None,
        )
    )
    notes: list[str] = []
    for layers in PIPE_LAYERS:
        if layers == JUDGED:
            continue
        mine, base = by_depth[layers]
        notes += [
            f"{layers} layers, kernelkeras: {', '.join(f'{s.wall:.4f}' for s in mine)}",
            f"{layers} layers, baseline: {', '.join(f'{s.wall:.4f}' for s in base)}",
            f"{layers} layers, CPU seconds, kernelkeras: "
            + ", ".join(f"{s.cpu:.4f}" for s in mine),
            f"{layers} layers, CPU seconds, baseline: " + ", ".join(f"{s.cpu:.4f}" for s in base),
        ]
    notes += [
        f"Keras' add, {ADD_LAYERS} layers: {', '.join(f'{s.wall:.4f}' for s in added)}",
        f"Keras' add, {ADD_LAYERS} layers, CPU seconds: "
        + ", ".join(f"{s.cpu:.4f}" for s in added),
        "ratio of the medians by depth, wall: "
        + ", ".join(f"{layers}: {ratios[layers]:.3f}" for layers in PIPE_LAYERS),
        "ratio of the medians by depth, CPU: "
        + ", ".join(f"{layers}: {cpu_ratios[layers]:.3f}" for layers in PIPE_LAYERS),
    ]
    return Result(
        name=(
            f"`model >> layer_dense(...)`, {JUDGED} times, ÷ `keras.Sequential([...])` "
            "(Dense layers on a known input, graph made)"
        ),
        ours=ours,
        baseline=baseline,
        goal_ratio=GOAL_RATIO,
        goal_seconds=None,
        how=(
            "In one process, a Sequential model of n `Dense(16, relu)` layers on 16 inputs, "
            f"for n = {', '.join(map(str, PIPE_LAYERS))}. kernelkeras side: "
            "`model = keras_model_sequential(input_shape=(16,))`, then n times "
            "`model >> layer_dense(units=16, activation='relu')`, then `model.outputs` (the "
            "first use, which makes the graph); baseline: `keras.Sequential([keras.Input((16,)), "
            "*[keras.layers.Dense(16, activation='relu') for n layers]])` and `model.outputs`. "
            "Both sides create their layers inside the timed call. Before each sample, "
            "untimed: `keras.backend.clear_session()` and `keras.utils.set_random_seed`. "
            "Each round times both sides at every depth in turn (pipe 50, list 50, pipe 100, "
            f"…), after one untimed warm-up of each. The goal is the ratio at {JUDGED} layers "
            f"and flatness: the ratio at {PIPE_LAYERS[-1]} layers ÷ the ratio at "
            f"{PIPE_LAYERS[0]} ≤ {GOAL_GROWTH} (piping that remade the graph on every layer "
            f"would give about {PIPE_LAYERS[-1] // PIPE_LAYERS[0]}), and the ratio ≤ "
            f"{GOAL_RATIO} at every depth. "
            "For reference, the rotation also times plain Keras' `model.add(Dense(...))` "
            f"per layer into `keras.Sequential([keras.Input((16,))])` at {ADD_LAYERS} layers "
            "(what `>>` did before: Keras remakes the whole graph on every layer once the "
            f"input is known), against the {ADD_LAYERS}-layer baseline."
        ),
        checks=(
            Check(
                name=f"growth: ratio at {PIPE_LAYERS[-1]} layers ÷ ratio at {PIPE_LAYERS[0]}",
                short="growth",
                value=growth,
                limit=GOAL_GROWTH,
                unit="",
            ),
            Check(
                name=f"largest ratio, {PIPE_LAYERS[0]} to {PIPE_LAYERS[-1]} layers",
                short="every depth",
                value=max(ratios.values()),
                limit=GOAL_RATIO,
                unit="",
            ),
        ),
        info=tuple(info),
        notes=tuple(notes),
    )
