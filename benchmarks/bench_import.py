"""The ``import`` benchmark: a fresh ``import kernelkeras`` ÷ a fresh ``import keras``.

``python -c "import kernelkeras"`` ÷ ``python -c "import keras"``, each a new process of
the venv's Python with the same environment and an empty working folder, process start-up
and exit included; CPU time is the child's ``getrusage``.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time

from _results import Result
from _runner import Sample, alternate


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
