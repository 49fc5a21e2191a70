"""Targets against the loss and the output layer, before Keras sees them.

Class indices for ``sparse_categorical_crossentropy`` must be whole numbers from 0 to
units - 1; one-hot rows for ``categorical_crossentropy`` must be as wide as the output;
``binary_crossentropy`` needs targets between 0 and 1; and for the losses that compare
``y`` with the output value by value, ``y`` must have the output's shape (Keras would
broadcast a ``(n,)`` target against a ``(n, 3)`` output without a word).

Example:

>>> check_targets(model, np.array([0, 1, 10]), "y", "fit():")
ValueError: fit(): y holds the label 10 (row 2) but the output layer has 10 units, so
labels must be 0 to 9. ...
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kernelkeras._backend import keras
from kernelkeras._text import shown

SPARSE = "sparse_categorical_crossentropy"
ONE_HOT = {"categorical_crossentropy", "categorical_focal_crossentropy"}
BINARY = {"binary_crossentropy", "binary_focal_crossentropy"}
#: Losses that compare y with the output value by value: y has the output's shape.
SAME_SHAPE = (
    ONE_HOT
    | BINARY
    | {
        "mean_squared_error",
        "mean_absolute_error",
        "mean_absolute_percentage_error",
        "mean_squared_logarithmic_error",
        "huber",
        "log_cosh",
        "kl_divergence",
        "poisson",
        "hinge",
        "squared_hinge",
        "categorical_hinge",
    }
)


def loss_name(model: Any) -> tuple[str | None, dict[str, Any]]:
    """The Keras name of a model's single loss (``"sparse_categorical_crossentropy"``), config."""
    loss = getattr(model, "loss", None)
    if isinstance(loss, (list, tuple)) and len(loss) == 1:
        loss = loss[0]
    if isinstance(loss, dict) and len(loss) == 1:
        loss = next(iter(loss.values()))
    if isinstance(loss, str):
        try:
            loss = keras.losses.get(loss)
        except (ValueError, TypeError):
            return None, {}
    fn = getattr(loss, "fn", loss)
    has_config = hasattr(loss, "fn") and hasattr(loss, "get_config")
    config = loss.get_config() if has_config else {}  # type: ignore[union-attr]
    return getattr(fn, "__name__", None), config


def output_shape(model: Any) -> tuple[tuple[Any, ...] | None, bool]:
    """The single output's shape without the batch axis, and whether it is all known.

    An unbuilt Sequential model has no output yet: its last layer's ``units`` stand in
    for the last axis (``((10,), False)``).
    """
    try:
        outputs = model.outputs
    except (AttributeError, ValueError):
        outputs = None
    if outputs:
        return (tuple(outputs[0].shape)[1:], True) if len(outputs) == 1 else (None, False)
    layers = getattr(model, "layers", None)
    units = getattr(layers[-1], "units", None) if layers else None
    known = isinstance(units, int) and not isinstance(units, bool)
    return ((units,) if known else None), False


def check_targets(model: Any, y: Any, name: str, where: str) -> None:
    """``y`` against the model's loss and output layer; raises naming the fix."""
    shape, exact = output_shape(model)
    if y is None or not shape or not isinstance(shape[-1], int):
        return
    loss, config = loss_name(model)
    units = shape[-1]
    if loss == SPARSE:
        if exact:
            _check_index_shape(y, shape, name, where)
        _check_indices(y, units, config.get("ignore_class"), name, where)
    elif loss in ONE_HOT and y.ndim == 1 and units > 1:
        raise ValueError(
            f"{where} {name} holds class labels (shape {y.shape}) but the loss {loss!r} "
            f"needs one-hot rows of {units}. Use {name} = to_categorical({name}, {units}), or "
            "compile with loss='sparse_categorical_crossentropy'."
        )
    elif loss in ONE_HOT and y.shape[-1] != units:
        raise ValueError(
            f"{where} {name} has one-hot rows of {y.shape[-1]} but the output layer has "
            f"{units} units; they must match. Use to_categorical(labels, {units}) for "
            f"{units} classes, or give the last layer units={y.shape[-1]}."
        )
    elif loss in BINARY:
        _check_probabilities(y, loss, name, where)
    if loss in SAME_SHAPE and exact:
        _check_same_shape(model, y, shape, name, where)


def _rows(mask: np.ndarray) -> str:
    rows = np.flatnonzero(mask.reshape(len(mask), -1).any(axis=1))
    listed = ", ".join(str(r) for r in rows[:5])
    more = f", … {len(rows):,} rows in all" if len(rows) > 5 else ""
    return f"row{'s' if len(rows) > 1 else ''} {listed}{more}"


def _check_index_shape(y: Any, shape: tuple[Any, ...], name: str, where: str) -> None:
    """One class index per output position: ``(n,)`` or ``(n, 1)`` for a ``(batch, k)`` output."""
    got = tuple(y.shape)[1:]
    if got[-1:] == (1,) and len(got) == len(shape):
        got = got[:-1]
    wanted = shape[:-1]
    fits = len(got) == len(wanted) and all(
        e is None or e == g for e, g in zip(wanted, got, strict=True)
    )
    if fits or (len(got) == len(shape) and got[-1] == shape[-1]):  # one-hot: said below
        return
    dims = ", ".join(["n", *map(str, wanted)])
    one = f"({dims},)" if not wanted else f"({dims})"
    raise ValueError(
        f"{where} {name} has shape {tuple(y.shape)} but the loss {SPARSE!r} takes one class "
        f"index per sample, shape {one} or ({dims}, 1), for an output of (batch, "
        f"{', '.join(map(str, shape))}). If {name} is one-hot, use {name}.argmax(axis=-1) "
        "and as many output units as its columns."
    )


def _check_indices(y: Any, units: int, ignore: Any, name: str, where: str) -> None:
    if y.ndim >= 2 and y.shape[-1] == units > 1:
        raise ValueError(
            f"{where} {name} holds one-hot rows (shape {y.shape}) but the loss {SPARSE!r} takes "
            f"class indices. Use {name}.argmax(axis=-1), or compile with "
            "loss='categorical_crossentropy'."
        )
    with np.errstate(invalid="ignore"):
        counted = np.isfinite(y) & (y != ignore) if ignore is not None else np.isfinite(y)
        fractional = counted & (y != np.round(y)) if y.dtype.kind == "f" else None
    if fractional is not None and fractional.any():
        value = y[fractional].flat[0]
        raise ValueError(
            f"{where} {name} holds {shown(float(value), 40)} ({_rows(fractional)}), not a class "
            f"index: {SPARSE!r} takes whole numbers 0 to {units - 1}. Round or relabel it, "
            f"e.g. {name}.astype('int64') if the values are classes."
        )
    outside = counted & ((y < 0) | (y >= units))
    if not outside.any():
        return
    value = y[outside].flat[0]
    label = int(value)
    fix = (
        f"Give the last layer units={int(y[counted].max()) + 1} (one per class), or relabel "
        f"{name} to 0..{units - 1}."
        if label >= 0
        else "To skip a label in the loss, compile with "
        f"loss_sparse_categorical_crossentropy(ignore_class={label})."
    )
    if units == 1:
        fix += (
            " (One output unit always predicts class 0: for two classes use a sigmoid unit "
            "and loss='binary_crossentropy', or units=2 with softmax.)"
        )
    raise ValueError(
        f"{where} {name} holds the label {label} ({_rows(outside)}) but the output layer has "
        f"{units} unit{'s' if units > 1 else ''}, so labels must be 0 to {units - 1}. {fix}"
    )


def _check_probabilities(y: Any, loss: str, name: str, where: str) -> None:
    with np.errstate(invalid="ignore"):
        outside = np.isfinite(y) & ((y < 0) | (y > 1))
    if not outside.any():
        return
    low, high = np.nanmin(y[np.isfinite(y)]), np.nanmax(y[np.isfinite(y)])
    classes = int(high) + 1 if float(high).is_integer() and low >= 0 else None
    fix = (
        f"For {classes} classes labelled 0 to {classes - 1}, use a softmax output of "
        f"{classes} units and loss='sparse_categorical_crossentropy'."
        if classes
        else f"Scale {name} to [0, 1], or use a regression loss such as 'mse'."
    )
    raise ValueError(
        f"{where} {name} holds values from {low:g} to {high:g} ({_rows(outside)} outside "
        f"[0, 1]) but {loss!r} needs targets between 0 and 1. {fix}"
    )


def _check_same_shape(model: Any, y: Any, shape: tuple[Any, ...], name: str, where: str) -> None:
    got = tuple(y.shape)[1:]
    if len(got) == len(shape) - 1 and shape[-1] == 1:
        got = (*got, 1)  # Keras adds the last axis of one
    fits = len(got) == len(shape) and all(
        e is None or e == g for e, g in zip(shape, got, strict=True)
    )
    if not fits:
        expected = ", ".join(str(d) for d in shape)
        raise ValueError(
            f"{where} {name} has shape {tuple(y.shape)} but the output of model "
            f"{shown(model.name, 60)} is (batch, {expected}); the loss compares them value "
            f"by value. Give {name} the output's shape, or change the last layer."
        )
