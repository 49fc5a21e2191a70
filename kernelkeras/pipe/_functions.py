"""``loss_*`` and ``metric_*``: constructors that also compute, as in R.

Called with the class's arguments they construct (``loss_huber(delta=2.0)`` is a
``keras.losses.Huber``). Given ``y_true`` and ``y_pred`` (as the first two arguments,
arrays or tensors, or by name) they compute:

- with Keras' function form where it exists and takes the other arguments given:
  ``loss_mean_squared_error(y_true, y_pred)`` is
  ``keras.losses.mean_squared_error(y_true, y_pred)``, one value per sample, as in R;
  ``metric_binary_accuracy(y_true, y_pred, threshold=0.7)`` is
  ``keras.metrics.binary_accuracy(...)``;
- otherwise with a new object made from the other arguments: a loss is called
  (``Huber(reduction="sum")(y_true, y_pred, sample_weight)``, one reduced value),
  a metric is updated once and its ``result()`` returned (``metric_auc(y_true, y_pred)``).

Uncalled, ``compile(loss=loss_categorical_crossentropy)`` and
``metrics=[metric_binary_accuracy]`` work; ``compile`` turns them into Keras' own
objects (named as Keras names them: ``binary_accuracy``).

Example:

>>> loss_mean_squared_error([[1.0, 0.0]], [[0.5, 0.0]])        # tf.Tensor([0.125])
>>> loss_mean_squared_error(reduction="sum")                     # a MeanSquaredError
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from types import ModuleType
from typing import Any

from kernelkeras._backend import keras

_P = inspect.Parameter


def function_form(module: ModuleType, cls: type, snake: str) -> Callable[..., Any] | None:
    """Keras' ``fn(y_true, y_pred, ...)`` for ``cls`` in ``module`` (named ``snake``), or None."""
    fn = getattr(module, snake, None)
    if not inspect.isfunction(fn):
        return None
    params = list(inspect.signature(fn).parameters)
    return fn if params[:2] == ["y_true", "y_pred"] else None


def is_data(value: Any) -> bool:
    """An array, tensor, series or a non-empty list: something to compute a loss on."""
    if isinstance(value, (str, bytes)):
        return False
    if isinstance(value, (list, tuple)):
        return len(value) > 0
    shape = getattr(value, "shape", None)
    try:
        return shape is not None and len(shape) >= 1
    except TypeError:  # an unknown rank
        return True


def split_data(
    func_name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[Any, Any, tuple[Any, ...], dict[str, Any]] | None:
    """``(y_true, y_pred, other args, other kwargs)`` if the call computes; else None."""
    if "y_true" in kwargs or "y_pred" in kwargs:
        kwargs = dict(kwargs)
        y_true = kwargs.pop("y_true", None)
        if "y_pred" in kwargs and y_true is None and args:
            y_true, args = args[0], args[1:]
        y_pred = kwargs.pop("y_pred", None)
        if y_true is None or y_pred is None:
            raise TypeError(
                f"{func_name}() computes with both y_true and y_pred; one is missing. "
                f"Pass both, e.g. {func_name}(y_true, y_pred), or neither to create the object."
            )
        return y_true, y_pred, args, kwargs
    if len(args) >= 2 and is_data(args[0]) and is_data(args[1]):
        return args[0], args[1], args[2:], kwargs
    return None


def computing(
    cls: type,
    func_name: str,
    construct: Callable[..., Any],
    fn: Callable[..., Any] | None,
) -> Callable[..., Any]:
    """A function that constructs ``cls`` or, given ``y_true`` and ``y_pred``, computes."""
    is_loss = issubclass(cls, keras.losses.Loss)
    fn_params = set(inspect.signature(fn).parameters) - {"y_true", "y_pred"} if fn else set()

    def loss_or_metric(*args: Any, **kwargs: Any) -> Any:
        split = split_data(func_name, args, kwargs)
        if split is None:
            return construct(*args, **kwargs)
        y_true, y_pred, args, kwargs = split
        if fn is not None and not args and set(kwargs) <= fn_params:
            return fn(y_true, y_pred, **kwargs)
        sample_weight = kwargs.pop("sample_weight", None)
        instance = construct(*args, **kwargs)
        if is_loss:
            return instance(y_true, y_pred, sample_weight=sample_weight)
        instance.update_state(y_true, y_pred, sample_weight=sample_weight)
        return instance.result()

    return loss_or_metric


def computing_signature(cls_signature: inspect.Signature) -> inspect.Signature:
    """``(y_true=None, y_pred=None, *, <the class's parameters>)``, R's order."""
    params = [
        _P("y_true", _P.POSITIONAL_OR_KEYWORD, default=None),
        _P("y_pred", _P.POSITIONAL_OR_KEYWORD, default=None),
    ]
    own = list(cls_signature.parameters.values())
    params += [p.replace(kind=_P.KEYWORD_ONLY) for p in own if p.kind is not _P.VAR_KEYWORD]
    params += [p for p in own if p.kind is _P.VAR_KEYWORD]
    return inspect.Signature([p for p in params if p.kind is not _P.VAR_POSITIONAL])


def computing_intro(cls: type, func_name: str, fn: Callable[..., Any] | None) -> str:
    """The first paragraph of a ``loss_*`` / ``metric_*`` docstring."""
    kind = "losses" if issubclass(cls, keras.losses.Loss) else "metrics"
    made = f"Creates a ``keras.{kind}.{cls.__name__}``; given ``y_true`` and ``y_pred``, "
    if fn is not None:
        made += f"computes ``keras.{kind}.{fn.__name__}(y_true, y_pred)`` (one value per sample)."
    elif kind == "losses":
        made += "computes the loss (reduced as ``reduction=`` says)."
    else:
        made += "computes the metric on them (``update_state``, then ``result()``)."
    return (
        f"{made}\n\nUncalled, ``{func_name}`` works in ``compile(loss=..., metrics=[...])``."
        f"\n\n>>> {func_name}(y_true, y_pred)\n>>> {func_name}()"
    )


def make_computing(
    cls: type, func_name: str, construct: Callable[..., Any], module: ModuleType, snake: str
) -> tuple[Callable[..., Any], Callable[..., Any] | None]:
    """``(the dual-use function, Keras' function form or None)`` for one class."""
    fn = function_form(module, cls, snake)
    return computing(cls, func_name, construct, fn), fn
