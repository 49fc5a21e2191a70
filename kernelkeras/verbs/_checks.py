"""Checks of a verb's input against the model, before Keras sees it.

Each names the problem and the fix (``x has shape (8, 28, 28) but model 'mlp' expects
(batch, 784). Reshape it: x.reshape(len(x), 784).``) and leaves the model untouched.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def require_compiled(model: Any, verb_name: str) -> None:
    if not getattr(model, "compiled", False) or getattr(model, "optimizer", None) is None:
        raise RuntimeError(
            f"{verb_name}(): model {model.name!r} is not compiled. Compile it first: "
            '`model >> compile(loss="categorical_crossentropy", optimizer="rmsprop", '
            'metrics=["accuracy"])`.'
        )


def n_samples(data: Any) -> int | None:
    first = data[0] if isinstance(data, (list, tuple)) and data else data
    if isinstance(data, dict) and data:
        first = next(iter(data.values()))
    shape = getattr(first, "shape", None)
    return int(shape[0]) if shape is not None and len(shape) > 0 else None


def check_x(model: Any, x: Any, verb_name: str) -> None:
    """x's sample shape against the model's single input, when both are known."""
    if not model.built or isinstance(x, (list, tuple, dict)) or not hasattr(x, "shape"):
        return
    inputs = getattr(model, "inputs", None) or []
    if len(inputs) != 1:
        return
    expected = tuple(inputs[0].shape)[1:]
    got = tuple(x.shape)[1:]
    compatible = len(expected) == len(got) and all(
        e is None or e == g for e, g in zip(expected, got, strict=True)
    )
    if not compatible:
        size = int(np.prod(got)) if got else 1
        hint = (
            f" Reshape it: x.reshape(len(x), {', '.join(str(d) for d in expected)})."
            if None not in expected and int(np.prod(expected)) == size
            else ""
        )
        raise ValueError(
            f"{verb_name}(): x has shape {tuple(x.shape)} but model {model.name!r} expects "
            f"(batch, {', '.join(str(d) for d in expected)}).{hint}"
        )


def check_targets(model: Any, y: Any, verb_name: str) -> None:
    loss = getattr(model, "loss", None)
    if not hasattr(y, "ndim") or not model.built or len(getattr(model, "outputs", []) or []) != 1:
        return
    units = tuple(model.outputs[0].shape)[-1]
    if loss == "categorical_crossentropy" and y.ndim == 1 and units and units > 1:
        raise ValueError(
            f"{verb_name}(): y holds class labels (shape {tuple(y.shape)}) but the loss "
            f"'categorical_crossentropy' needs one-hot rows of {units}. Use "
            f"y = to_categorical(y, {units}), or compile with "
            "loss='sparse_categorical_crossentropy'."
        )


def check_xy(model: Any, x: Any, y: Any, verb_name: str) -> None:
    check_x(model, x, verb_name)
    n_x, n_y = n_samples(x), n_samples(y)
    if n_x is not None and n_y is not None and n_x != n_y:
        raise ValueError(
            f"{verb_name}(): x has {n_x:,} samples but y has {n_y:,}; they must match "
            "(one target per input row)."
        )
    check_targets(model, y, verb_name)
