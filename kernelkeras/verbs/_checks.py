"""Checks of a verb's arguments against the model, before Keras sees them; and recovery.

Each names the problem and the fix (``x has shape (8, 28, 28) but model 'mlp' expects
(batch, 784). Reshape it: x.reshape(len(x), 784).``) and leaves the model untouched.
:func:`recovering` covers what no check foresees: when Keras itself fails, the model's
traced step functions are dropped, so that the next call traces them afresh.

Example:

>>> check_numbers("fit", {"batch_size": 0})
ValueError: fit(): batch_size must be a whole number of at least 1 (samples per gradient
update), e.g. batch_size=32; got 0.
"""

from __future__ import annotations

import contextlib
import math
import numbers
import weakref
from collections.abc import Iterator
from typing import Any

import numpy as np

from kernelkeras._backend import keras
from kernelkeras._text import shown

#: Whole-number arguments of the data verbs: (smallest value, None allowed, example).
COUNTS = {
    "epochs": (1, False, "epochs=10"),
    "initial_epoch": (0, False, "initial_epoch=0"),
    "batch_size": (1, True, "batch_size=32"),
    "steps_per_epoch": (1, True, "steps_per_epoch=100"),
    "steps": (1, True, "steps=10"),
    "validation_steps": (1, True, "validation_steps=10"),
    "validation_batch_size": (1, True, "validation_batch_size=32"),
    "validation_freq": (1, False, "validation_freq=1"),
}
_MEANING = {"batch_size": "samples per gradient update"}


def require_compiled(model: Any, verb_name: str) -> None:
    if not getattr(model, "compiled", False) or getattr(model, "optimizer", None) is None:
        raise RuntimeError(
            f"{verb_name}(): model {shown(model.name, 60)} is not compiled. Compile it first: "
            '`model >> compile(loss="categorical_crossentropy", optimizer="rmsprop", '
            'metrics=["accuracy"])`.'
        )


def n_samples(data: Any) -> int | None:
    first = data[0] if isinstance(data, (list, tuple)) and data else data
    if isinstance(data, dict) and data:
        first = next(iter(data.values()))
    shape = getattr(first, "shape", None)
    return int(shape[0]) if shape is not None and len(shape) > 0 else None


def check_numbers(verb_name: str, kwargs: dict[str, Any], samples: int | None = None) -> None:
    """``epochs``, ``batch_size``, ``steps_per_epoch``, ``validation_split``, ...: type, range."""
    where = f"{verb_name}():"
    for name, (low, none_ok, example) in COUNTS.items():
        if name not in kwargs or (kwargs[name] is None and none_ok):
            continue
        value = kwargs[name]
        meaning = f" ({_MEANING[name]})" if name in _MEANING else ""
        wanted = f"{name} must be a whole number of at least {low}{meaning}, e.g. {example}"
        if isinstance(value, float) and value.is_integer() and value >= low:
            raise TypeError(f"{where} {wanted}; got {value!r}: write it as {name}={int(value)}.")
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            kind = type(value).__name__
            raise TypeError(f"{where} {wanted}; got {shown(value, 60)} (a {kind}).")
        if value < low:
            raise ValueError(f"{where} {wanted}; got {value}.")
    epochs, initial = kwargs.get("epochs", 1), kwargs.get("initial_epoch", 0)
    if initial >= epochs:
        raise ValueError(
            f"{where} initial_epoch={initial} is not below epochs={epochs}, so nothing would "
            f"train: epochs is the number of the last epoch, not how many more. To train "
            f"{epochs} more epochs from epoch {initial}, use epochs={initial + epochs}."
        )
    _check_split(where, kwargs.get("validation_split", 0.0), samples)
    _check_steps(where, kwargs, samples)


def _check_steps(where: str, kwargs: dict[str, Any], samples: int | None) -> None:
    """No more steps than ``x`` has batches: Keras would stop each epoch early, warning."""
    name = "steps_per_epoch" if "steps_per_epoch" in kwargs else "steps"
    steps, split = kwargs.get(name), kwargs.get("validation_split") or 0.0
    if not steps or not samples:
        return
    train = math.floor(samples * (1.0 - split))
    batch = kwargs.get("batch_size") or 32
    batches = math.ceil(train / batch)
    if steps > batches:
        raise ValueError(
            f"{where} {name}={steps} is more than the {batches} batch(es) of {batch} in "
            f"{train:,} samples: Keras would run out of data and stop early. Use "
            f"{name}={batches} or less, or leave it out for one pass over the data."
        )


def _check_split(where: str, split: Any, samples: int | None) -> None:
    wanted = "validation_split must be a fraction in [0, 1), e.g. 0.2 for 20%"
    if split is None:
        return
    if isinstance(split, bool) or not isinstance(split, numbers.Real):
        raise TypeError(f"{where} {wanted}; got {shown(split, 60)} (a {type(split).__name__}).")
    split = float(split)
    if not 0.0 <= split < 1.0:
        raise ValueError(f"{where} {wanted}; got {split!r}.")
    if not split or not samples:
        return
    train = math.floor(samples * (1.0 - split))  # as Keras splits
    if train in (0, samples):
        left = "to train on" if train == 0 else "for validation"
        raise ValueError(
            f"{where} validation_split={split!r} of {samples} sample(s) leaves none {left}. "
            "Use another fraction, more data, or validation_data=(x_val, y_val)."
        )


def check_input_shape(
    model: Any, x: Any, expected: tuple[Any, ...] | None, name: str, where: str
) -> None:
    """``x``'s sample shape against one model input's (``expected``, no batch axis)."""
    if expected is None or x is None or not hasattr(x, "shape"):
        return
    got = tuple(x.shape)[1:]
    compatible = len(expected) == len(got) and all(
        e is None or e == g for e, g in zip(expected, got, strict=True)
    )
    if not compatible:
        size = int(np.prod(got)) if got else 1
        hint = (
            f" Reshape it: {name}.reshape(len({name}), {', '.join(str(d) for d in expected)})."
            if None not in expected and int(np.prod(expected)) == size
            else ""
        )
        raise ValueError(
            f"{where} {name} has shape {tuple(x.shape)} but model {shown(model.name, 60)} "
            f"expects (batch, {', '.join(str(d) for d in expected)}).{hint}"
        )


def forget_traced_steps(model: Any) -> None:
    """Drops the train, test and predict functions Keras traced and keeps on the model.

    A call that fails inside Keras' first step leaves a ``tf.function`` that has created
    variables; calling it again fails with "Creating variables on a non-first call". A
    new function traces afresh, and the variables already made are reused.
    """
    for attr in ("train_function", "test_function", "predict_function"):
        if getattr(model, attr, None) is not None:
            setattr(model, attr, None)


#: The ranks of the data each model's traced steps last ran on (see retrace_on_new_ranks).
_RANKS: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()
_STEPS = {"train": "train_function", "test": "test_function", "predict": "predict_function"}


def retrace_on_new_ranks(model: Any, step: str, *data: Any) -> None:
    """Drops Keras' traced ``step`` (train, test, predict) if ``data`` has new ranks.

    Keras traces each step with ``reduce_retracing``: a call whose ``y`` has another rank
    than the last one's (``(n,)``, then ``(n, 1)`` or a ``pd.Series``) is traced with
    shapes of unknown rank, on which its losses fail ("Cannot take the length of shape
    with unknown rank"). A fresh function is traced for the new ranks instead.
    """
    ranks = tuple(_ranks(d) for d in data)
    seen = _RANKS.setdefault(model, {})
    if seen.get(step, ranks) != ranks:
        setattr(model, _STEPS[step], None)
    seen[step] = ranks


def _ranks(data: Any) -> Any:
    if data is None:
        return None
    if isinstance(data, dict):
        return tuple((str(k), _ranks(v)) for k, v in data.items())
    if isinstance(data, (list, tuple)):
        return tuple(_ranks(v) for v in data)
    spec = getattr(data, "element_spec", None)  # a tf.data dataset: its batches' ranks
    if spec is not None:
        return tuple(getattr(s.shape, "rank", None) for s in keras.tree.flatten(spec))
    return np.ndim(data) if hasattr(data, "shape") else type(data).__name__


@contextlib.contextmanager
def recovering(model: Any) -> Iterator[None]:
    """Runs a Keras call; if it fails, the model can still be trained, evaluated, used."""
    try:
        yield
    except BaseException:
        forget_traced_steps(model)
        raise
