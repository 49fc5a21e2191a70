"""Imports Keras on the TensorFlow backend, quietly.

TensorFlow prints C++ start-up logs (oneDNN notices and the like) straight to
file descriptor 2, which a notebook shows in every first cell, and some of them
come before ``TF_CPP_MIN_LOG_LEVEL`` is read. kernelkeras sets
``TF_CPP_MIN_LOG_LEVEL=2`` unless the user chose a level, and while TensorFlow
loads it silences the descriptor unless that level is 0 (show everything).
Python warnings and errors are unaffected.
"""

from __future__ import annotations

import contextlib
import os
import sys
import types
from collections.abc import Iterator


@contextlib.contextmanager
def _quiet_fd2() -> Iterator[None]:
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no real fd 2 (embedded interpreters)
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def import_keras() -> types.ModuleType:
    """Returns the ``keras`` module, importing TensorFlow quietly the first time."""
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    level = os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    quiet = level.strip() not in ("", "0") and "tensorflow" not in sys.modules
    try:
        with _quiet_fd2() if quiet else contextlib.nullcontext():
            import keras  # lazy: TensorFlow's start-up notices are silenced around it
    except ImportError as err:  # pragma: no cover - depends on the install
        raise ImportError(
            "kernelkeras needs Keras with TensorFlow. Install it with "
            "`pip install 'kernelkeras[cpu]'` (or 'kernelkeras[gpu]' on a CUDA machine). "
            f"Import failed with: {err}"
        ) from err
    return keras


keras = import_keras()
