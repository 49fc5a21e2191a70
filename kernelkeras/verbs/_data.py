"""The data a verb is given, checked before Keras sees it: ``x``, ``y``, ``sample_weight``.

One check for every data verb (``fit`` and its ``validation_data``, ``evaluate``,
``predict``, ``predict_classes``, ``train_on_batch``, ``test_on_batch``): the structure
against the model's inputs (one array per input; a list or a dict by input name for
several), then each array: not None, numbers (not text or objects), not empty, not a
bare Python list, the same number of samples everywhere, the right shape, no NaN or
±inf unless the caller lets them through, and targets that fit the loss. A mistake
raises a ValueError or TypeError naming the argument and the fix; nothing has reached
Keras, so the model is as it was. Datasets, generators and ``PyDataset`` s are Keras'
to read and are passed through.

Example:

>>> check_data(model, "fit", x, y)
ValueError: fit(): y has 3 NaN values (rows 4, 17, 90). Clean them (drop or fill those
rows, e.g. np.nan_to_num(y)), or pass check_finite=False to let them through to Keras.
"""

from __future__ import annotations

import inspect
import numbers
from typing import Any

import numpy as np

from kernelkeras._text import shown
from kernelkeras.verbs._checks import check_input_shape, n_samples
from kernelkeras.verbs._labels import check_targets, output_shape

#: Layers that take text: a model starting with one may be given strings.
TEXT_LAYERS = ("TextVectorization", "StringLookup", "Hashing")


def is_stream(data: Any) -> bool:
    """Data Keras reads itself (``tf.data.Dataset``, generators, ``PyDataset``, ...)."""
    plain = (np.ndarray, list, tuple, dict, numbers.Number, str, bytes)
    return not (data is None or isinstance(data, plain) or hasattr(data, "__array__"))


def stream_kind(data: Any) -> str:
    """What a stream is, for a message: ``a tf.data dataset``, ``a generator``, ..."""
    if type(data).__module__.startswith("tensorflow.python.data"):
        return "a tf.data dataset"
    if inspect.isgenerator(data):
        return "a generator"
    names = [cls.__name__ for cls in type(data).__mro__]
    if "PyDataset" in names:
        return "a PyDataset"
    return f"a {type(data).__name__}"


def check_stream_batch(verb_name: str, x: Any, kwargs: dict[str, Any]) -> None:
    """Refuses ``batch_size`` with a stream, as R keras does (Keras would ignore it).

    ``validation_batch_size`` likewise with a stream as ``validation_data``.
    """
    for size, data, name in (
        ("batch_size", x, "x"),
        ("validation_batch_size", kwargs.get("validation_data"), "validation_data"),
    ):
        if kwargs.get(size) is None or data is None or not is_stream(data):
            continue
        kind = stream_kind(data)
        fix = (
            f"batch the dataset itself: dataset.batch({kwargs[size]})"
            if kind == "a tf.data dataset"
            else "make its batches that size"
        )
        raise ValueError(
            f"{verb_name}(): {size} cannot be given with {kind} for {name}: it makes its own "
            f"batches (Keras would ignore {size}={shown(kwargs[size])}). Leave {size} out, "
            f"and {fix}."
        )


def check_data(
    model: Any,
    verb_name: str,
    x: Any,
    y: Any = None,
    *,
    sample_weight: Any = None,
    finite: bool = True,
    needs_y: bool = True,
    names: tuple[str, str, str] = ("x", "y", "sample_weight"),
) -> None:
    """Checks ``x`` (and ``y``, ``sample_weight``) for ``verb_name``; raises naming the fix.

    Args:
        model: the Keras model the data are for.
        verb_name: the verb, for the message (``"fit"``).
        x, y, sample_weight: the data as given to the verb.
        finite: refuse NaN and ±inf (``check_finite``).
        needs_y: whether a compiled loss needs ``y`` (not for ``predict``).
        names: how ``x``, ``y`` and ``sample_weight`` are called in messages
            (``("validation_data[0]", "validation_data[1]", "validation_data[2]")``).
    """
    x_name, y_name, w_name = names
    where = f"{verb_name}():"
    if x is None:
        raise ValueError(
            f"{where} {x_name} is None: pass the data, one row per sample, e.g. "
            f"`model >> {verb_name}(x_train{', y_train' if needs_y else ''})`."
        )
    if is_stream(x):
        return
    x_arrays = [
        (name, _as_array(model, value, name, where, "input"))
        for name, value in _input_leaves(model, x, x_name, where)
    ]
    y_arrays: list[tuple[str, np.ndarray]] = []
    if y is None:
        if needs_y and getattr(model, "loss", None) is not None:
            raise ValueError(
                f"{where} {y_name} is missing: the loss needs a target for every sample of "
                f"{x_name}. Pass it: `model >> {verb_name}(x, y, ...)`."
            )
    elif is_stream(y):
        raise TypeError(
            f"{where} {y_name} is a {type(y).__name__} but {x_name} is an array: pass "
            f"arrays for both, or a dataset of (x, y) pairs as {x_name} alone."
        )
    else:
        y_arrays = [(n, _as_array(model, v, n, where, "target")) for n, v in _leaves(y, y_name)]
    weights = [] if sample_weight is None else _leaves(sample_weight, w_name)
    w_arrays = [(n, _as_array(model, v, n, where, "weight")) for n, v in weights]
    _check_counts([*x_arrays, *y_arrays, *w_arrays], where)
    for name, array in w_arrays:
        _check_weight_shape(model, array, name, where)
    for (name, array), spec in zip(x_arrays, _input_shapes(model, len(x_arrays)), strict=False):
        check_input_shape(model, array, spec, name, where)
    if finite:
        for name, array in [*x_arrays, *y_arrays, *w_arrays]:
            _check_finite(array, name, where)
    if len(y_arrays) == 1:
        check_targets(model, y_arrays[0][1], y_name, where)


def plain(data: Any) -> Any:
    """``data`` with pandas frames and series as numpy arrays (structure kept).

    Keras reads pandas itself, but a model that has trained on numpy arrays fails on a
    ``pd.Series`` target ("Cannot take the length of shape with unknown rank"); numpy
    avoids that, and ``to_numpy()`` of a one-dtype frame is a view, not a copy.
    """
    if hasattr(data, "dtypes") and hasattr(data, "to_numpy"):
        return data.to_numpy()
    if isinstance(data, dict):
        return {k: plain(v) for k, v in data.items()}
    if type(data) in (list, tuple) and data and not _is_plain_list(data):
        return type(data)(plain(v) for v in data)
    return data


def _leaves(data: Any, name: str) -> list[tuple[str, Any]]:
    """``(name, value)`` of each array in a structure: ``x[0]``, ``x['image']``, ..."""
    if isinstance(data, dict):
        return [leaf for k, v in data.items() for leaf in _leaves(v, f"{name}[{shown(k, 40)}]")]
    if isinstance(data, (list, tuple)) and data and not _is_plain_list(data):
        return [leaf for i, v in enumerate(data) for leaf in _leaves(v, f"{name}[{i}]")]
    return [(name, data)]


def _is_plain_list(data: list[Any] | tuple[Any, ...]) -> bool:
    """A (nested) Python list of numbers or text, not a list of arrays."""
    first: Any = data
    while isinstance(first, (list, tuple)) and first:
        first = first[0]
    return isinstance(first, (numbers.Number, str, bytes))


def _input_leaves(model: Any, x: Any, name: str, where: str) -> list[tuple[str, Any]]:
    """``x``'s arrays, one per model input, in the inputs' order when they are known."""
    names = _input_names(model)
    found = _leaves(x, name)
    if names is None or (len(names) == 1 and len(found) == 1):
        return found
    shapes = _input_shapes(model, len(names))
    expected = ", ".join(f"{n} {_shape_text(s)}" for n, s in zip(names, shapes, strict=True))
    if isinstance(x, dict):
        missing = [n for n in names if n not in x]
        unknown = [shown(k, 40) for k in x if k not in names]
        if missing or unknown:
            raise ValueError(
                f"{where} {name} is a dict with keys {shown(list(x), 120)} but model "
                f"{shown(model.name, 60)} has the inputs {expected}. Key the arrays by "
                f"those names{'; missing: ' + ', '.join(missing) if missing else ''}"
                f"{'; unknown: ' + ', '.join(unknown) if unknown else ''}."
            )
        return [(f"{name}[{n!r}]", x[n]) for n in names]
    if len(names) == 1:
        raise ValueError(
            f"{where} {name} is a list of {len(found)} arrays but model "
            f"{shown(model.name, 60)} has one input, {_shape_text(shapes[0])}. Pass one array: "
            f"{name}=np.concatenate({name}, axis=-1) if they are columns of the same "
            f"samples, or the one array the model is meant for."
        )
    if len(found) != len(names):
        got = "one array" if len(found) == 1 else f"{len(found)} arrays"
        raise ValueError(
            f"{where} model {shown(model.name, 60)} has {len(names)} inputs ({expected}) but "
            f"{name} is {got}. Pass a list with one array per input, in that order, or a "
            f"dict keyed by the input names."
        )
    return found


def _input_names(model: Any) -> list[str] | None:
    """The names of the model's inputs, or None when they are not known yet."""
    try:
        inputs = model.inputs
    except (AttributeError, ValueError):
        inputs = None
    if not inputs:
        return ["input"] if hasattr(model, "add") and hasattr(model, "pop") else None
    return [getattr(t, "name", f"input_{i}") for i, t in enumerate(inputs)]


def _input_shapes(model: Any, count: int) -> list[tuple[Any, ...] | None]:
    """The sample shape (no batch axis) of each input, None where unknown."""
    try:
        return [tuple(t.shape)[1:] for t in model.inputs]
    except (AttributeError, ValueError, TypeError):
        return [None] * count


def _shape_text(shape: tuple[Any, ...] | None) -> str:
    return "(shape unknown)" if shape is None else f"(batch, {', '.join(map(str, shape))})"


def _as_array(model: Any, value: Any, name: str, where: str, role: str) -> Any:
    """``value`` as a numpy array, after refusing what Keras could not train on.

    ``role`` is ``"input"``, ``"target"`` or ``"weight"``, for the fix a message gives.
    """
    if value is None:
        raise ValueError(f"{where} {name} is None: pass the data as an array, one row per sample.")
    if isinstance(value, (list, tuple)) and not value:
        kind = type(value).__name__
        raise ValueError(f"{where} {name} is an empty {kind}: there are no samples.")
    if isinstance(value, (list, tuple)):
        raise TypeError(
            f"{where} {name} is a Python {type(value).__name__} of values; pass a numpy array: "
            f"np.asarray({name})."
        )
    if isinstance(value, (numbers.Number, str, bytes)):
        raise TypeError(
            f"{where} {name} is a single {type(value).__name__} ({shown(value, 60)}), not data: "
            f"pass an array with one row per sample."
        )
    if hasattr(value, "dtypes") and hasattr(value, "to_numpy"):
        _check_frame(value, name, where)
    try:
        array = np.asarray(value)
    except Exception:  # a tensor type numpy cannot read: Keras' to check
        return None
    if array.ndim == 0:
        raise ValueError(
            f"{where} {name} is a single value ({shown(array.item(), 60)}), not data: pass an "
            f"array with one row per sample, e.g. np.array([{name}])."
        )
    _check_dtype(model, array, name, where, role)
    if len(array) == 0:
        raise ValueError(
            f"{where} {name} is empty (shape {array.shape}): there are no samples. Check the "
            f"filter or slice that made it."
        )
    return array


def _check_frame(frame: Any, name: str, where: str) -> None:
    dtypes = getattr(frame.dtypes, "items", None)
    pairs = list(dtypes()) if dtypes else [(getattr(frame, "name", name), frame.dtypes)]
    bad = [str(col) for col, dtype in pairs if getattr(dtype, "kind", "O") not in "biuf"]
    if bad:
        raise TypeError(
            f"{where} {name} has columns that are not numbers: {shown(bad, 120)}. Convert them "
            f"(e.g. pd.get_dummies({name}) for categories, .astype('float32') for numbers "
            f"stored as text) or drop them."
        )


def _check_dtype(model: Any, array: np.ndarray, name: str, where: str, role: str) -> None:
    kind = array.dtype.kind
    if kind in "biuf":
        return
    odd = next((v for v in array.flat[:10_000] if not isinstance(v, numbers.Number)), None)
    first = odd if odd is not None else (array.flat[0] if array.size else None)
    text = isinstance(first, (str, bytes))
    if text and role == "input" and any(type(la).__name__ in TEXT_LAYERS for la in model.layers):
        return
    plain = str(first) if isinstance(first, str) else first  # np.str_('a') -> 'a'
    example = f", e.g. {shown(plain, 60)}" if array.size else ""
    if text and role == "target":
        fix = f"classes, {name} = np.unique({name}, return_inverse=True) turns them into 0, 1, ..."
    elif text:
        fix = f"{name}.astype('float32') if they are numbers written as text"
    else:
        fix = f"np.asarray({name}, dtype='float32')"
    what = "text" if text else f"values of dtype {array.dtype}"
    raise TypeError(
        f"{where} {name} holds {what}{example}; the model needs numbers. Convert it: {fix}."
    )


def _check_counts(arrays: list[tuple[str, Any]], where: str) -> None:
    counts = [(name, n) for name, a in arrays if a is not None and (n := n_samples(a)) is not None]
    for name, n in counts[1:]:
        if n != counts[0][1]:
            first, n_first = counts[0]
            raise ValueError(
                f"{where} {first} has {n_first:,} samples but {name} has {n:,}; they must "
                "match (one target per input row)."
            )


def _check_weight_shape(model: Any, weights: Any, name: str, where: str) -> None:
    """One weight per sample (``(n,)`` or ``(n, 1)``), or one per output step of a sequence."""
    if weights is None:
        return
    got = tuple(weights.shape)[1:]
    shape, exact = output_shape(model)
    steps = tuple(shape[:-1]) if exact and shape else ()
    if all(d == 1 for d in got) or (steps and got in (steps, (*steps, 1))):
        return
    per_step = f", or one per output step, shape (n, {', '.join(map(str, steps))})" if steps else ""
    raise ValueError(
        f"{where} {name} has shape {tuple(weights.shape)}; it weighs each sample's loss: give "
        f"one weight per sample, shape ({len(weights)},){per_step}."
    )


def _check_finite(array: Any, name: str, where: str) -> None:
    """Refuses NaN and ±inf, saying how many and in which rows."""
    if array is None or array.dtype.kind != "f":
        return
    with np.errstate(all="ignore"):
        if np.isfinite(np.sum(array)):  # no allocation: NaN and inf make the sum non-finite
            return
    flat = array.reshape(len(array), -1)
    bad = ~np.isfinite(flat)
    if not bad.any():  # the sum overflowed
        return
    values = flat[bad]
    counts = [
        (int(np.isnan(values).sum()), "NaN"),
        (int((values == np.inf).sum()), "+inf"),
        (int((values == -np.inf).sum()), "-inf"),
    ]
    what = " and ".join(f"{n:,} {label}" for n, label in counts if n)
    rows = np.flatnonzero(bad.any(axis=1))
    listed = ", ".join(str(r) for r in rows[:5])
    more = f", … {len(rows):,} rows in all" if len(rows) > 5 else ""
    raise ValueError(
        f"{where} {name} has {what} value{'s' if values.size > 1 else ''} "
        f"(row{'s' if len(rows) > 1 else ''} {listed}{more}). Clean them (drop or fill those "
        f"rows, e.g. np.nan_to_num({name.split('[')[0]})), or pass check_finite=False to "
        f"let them through to Keras."
    )
