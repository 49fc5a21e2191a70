"""The ``data`` benchmark: ``dataset_mnist()`` ÷ ``np.load`` of the same npz, all arrays read.

Both load the bundled ``mnist.npz`` in this process; ``dataset_mnist()`` also checks the
file's sha256, shapes and dtypes.
"""

from __future__ import annotations

import importlib.resources
from typing import Any

from _results import Result
from _runner import alternate, timed


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
