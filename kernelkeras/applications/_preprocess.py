"""Preparing images for an application and reading its predictions, under R's names.

Generated from each module of ``keras.applications`` that has them:
``imagenet_preprocess_input(x, data_format=None, mode="caffe")`` and
``imagenet_decode_predictions(preds, top=5)`` (``imagenet_utils``), and per family
``resnet_preprocess_input``, ``inception_v3_preprocess_input``,
``mobilenet_v2_decode_predictions``, ... (R keras' names). Unlike Keras', a preprocess
function never changes the array it is given (Keras' writes into a float array in
place), and a decode function returns R's shape: one pandas DataFrame per image with
``class_name``, ``class_description`` and ``score``. The ImageNet class index they need
is fetched as the weights are (cached; offline without it, an error at once).
``application_preprocess_inputs(model, x)`` and ``application_decode_predictions(model,
preds)`` use the family of a model built by an ``application_*`` function.
"""

from __future__ import annotations

import inspect
import numbers
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from keras.src.applications import imagenet_utils

from kernelkeras._backend import keras
from kernelkeras._text import shown
from kernelkeras.applications._downloads import fetch_file, keras_fetching
from kernelkeras.applications._models import FAMILY, families

#: The published class index is about 35 KB; a cached file far larger is not it.
CLASS_INDEX_MAX_BYTES = 1_000_000
COLUMNS = ["class_name", "class_description", "score"]


class ClassIndexError(ValueError):
    """The cached ImageNet class index file is not the one Keras publishes."""


def _family_name(family: str) -> str:
    return "imagenet" if family == "imagenet_utils" else family


def _own_array(x: Any, func_name: str) -> Any:
    """``x`` as a new NumPy array (or a tensor, unchanged), checked to hold images."""
    if keras.ops.is_tensor(x) or keras.utils.is_keras_tensor(x):
        return x
    array = np.array(x, copy=True)
    if array.dtype == object or not np.issubdtype(array.dtype, np.number):
        raise TypeError(
            f"{func_name}(): x should be an array of pixel values; got {array.dtype} values."
        )
    if array.ndim not in (3, 4):
        raise ValueError(
            f"{func_name}(): x should be one image (height, width, channels) or a batch "
            f"(images, height, width, channels); got shape {array.shape}. From "
            "image_to_array(), add the batch axis with x[None]."
        )
    return array


def make_preprocess(function: Callable[..., Any], func_name: str) -> Callable[..., Any]:
    """The R-named preprocess function for one family's ``preprocess_input``."""

    def preprocess(x: Any, *args: Any, **kwargs: Any) -> Any:
        return function(_own_array(x, func_name), *args, **kwargs)

    preprocess.__name__ = preprocess.__qualname__ = func_name
    preprocess.__module__ = "kernelkeras"
    preprocess.__doc__ = (
        f"``{function.__module__.replace('.src', '')}.preprocess_input``, on a copy of ``x``."
        f"\n\n>>> {func_name}(np.zeros((1, 32, 32, 3))).shape\n(1, 32, 32, 3)\n\n"
        f"{inspect.getdoc(function) or ''}"
    )
    preprocess.__signature__ = inspect.signature(function)  # type: ignore[attr-defined]
    return preprocess


def _class_index_path(func_name: str) -> Callable[..., str]:
    def fetch(fname: str, origin: str, **kwargs: Any) -> str:
        path = fetch_file(
            fname,
            origin,
            **kwargs,
            caller=f"{func_name}()",
            what="the ImageNet class index",
            alternative="Or read the class numbers yourself: np.argsort(-preds, axis=1).",
        )
        size = Path(path).stat().st_size
        if size > CLASS_INDEX_MAX_BYTES:
            raise ClassIndexError(
                f"{func_name}(): {path} is {size:,} bytes, not the ImageNet class index "
                "(about 35 KB). Delete it: it is downloaded again (online)."
            )
        return path

    return fetch


def _check_class_index(index: Any) -> bool:
    """Whether Keras' loaded class index maps "0".."999" to [wordnet id, description]."""
    if not isinstance(index, dict) or len(index) != 1000:
        return False
    for i in range(1000):
        entry = index.get(str(i))
        if not (isinstance(entry, list) and len(entry) == 2):
            return False
        if not all(isinstance(part, str) for part in entry):
            return False
    return True


def _predictions(preds: Any, func_name: str) -> np.ndarray:
    array = np.asarray(keras.ops.convert_to_numpy(preds))
    if array.ndim != 2 or array.shape[1] != 1000:
        raise ValueError(
            f"{func_name}(): preds should be the output of an ImageNet model, one row of "
            f"1000 class probabilities per image; got shape {array.shape}."
        )
    if not np.issubdtype(array.dtype, np.number):
        raise TypeError(f"{func_name}(): preds should be numbers; got {array.dtype} values.")
    return array


def make_decode(function: Callable[..., Any], func_name: str) -> Callable[..., Any]:
    """The R-named decode function for one family's ``decode_predictions``."""

    def decode(preds: Any, top: int = 5) -> list[pd.DataFrame]:
        array = _predictions(preds, func_name)
        if not isinstance(top, numbers.Integral) or isinstance(top, bool) or not 0 < top <= 1000:
            raise ValueError(
                f"{func_name}(): top should be a whole number from 1 to 1000; got {shown(top)}."
            )
        fetched: list[str] = []
        try:
            with keras_fetching(_class_index_path(func_name), fetched):
                decoded = function(array, top=int(top))
            if not _check_class_index(imagenet_utils.CLASS_INDEX):
                raise ValueError("it does not map 0..999 to [wordnet id, description] pairs")
        except (ValueError, TypeError, KeyError, IndexError, UnicodeDecodeError) as err:
            imagenet_utils.CLASS_INDEX = None  # Keras keeps what it read; forget a bad file
            if not fetched or isinstance(err, ClassIndexError):
                raise
            raise ClassIndexError(
                f"{func_name}(): {fetched[-1]} is not the ImageNet class index Keras publishes "
                f"({shown(str(err))}). Delete it: it is downloaded again (online)."
            ) from err
        return [
            pd.DataFrame([(str(a), str(b), float(s)) for a, b, s in rows], columns=COLUMNS)
            for rows in decoded
        ]

    decode.__name__ = decode.__qualname__ = func_name
    decode.__module__ = "kernelkeras"
    decode.__doc__ = (
        f"``{function.__module__.replace('.src', '')}.decode_predictions``, as R returns "
        "it: a list with one DataFrame per image (columns class_name, class_description, "
        f"score; the best first).\n\n>>> {func_name}(model.predict(x), top=3)[0]\n\n"
        f"{inspect.getdoc(function) or ''}"
    )
    decode.__signature__ = inspect.signature(decode)  # type: ignore[attr-defined]
    return decode


def _build() -> dict[str, Callable[..., Any]]:
    functions: dict[str, Callable[..., Any]] = {}
    for family, module in families():
        prefix = _family_name(family)
        if callable(getattr(module, "preprocess_input", None)):
            name = f"{prefix}_preprocess_input"
            functions[name] = make_preprocess(module.preprocess_input, name)
        if callable(getattr(module, "decode_predictions", None)):
            name = f"{prefix}_decode_predictions"
            functions[name] = make_decode(module.decode_predictions, name)
    return functions


#: ``imagenet_preprocess_input``, ``resnet_preprocess_input``, ``*_decode_predictions``, ...
PREPROCESSING = _build()


def _family_of(model: Any, func_name: str, what: str) -> str:
    family = FAMILY.get(model) if isinstance(model, keras.Model) else None
    if family is None:
        raise ValueError(
            f"{func_name}(): model should be a model built by an application_* function "
            f"(e.g. application_resnet50()); got {shown(model, 80)}. For another model call "
            f"the family's function itself, e.g. resnet_{what}(...)."
        )
    return _family_name(family)


def application_preprocess_inputs(
    model: Any, x: Any, *args: Any, data_format: str | None = None, **kwargs: Any
) -> Any:
    """Preprocesses ``x`` as ``model``'s family expects (R's ``application_preprocess_inputs``).

    >>> model = application_resnet50(weights=None)
    >>> application_preprocess_inputs(model, np.zeros((1, 224, 224, 3))).shape
    (1, 224, 224, 3)
    """
    family = _family_of(model, "application_preprocess_inputs", "preprocess_input")
    function = PREPROCESSING[f"{family}_preprocess_input"]
    return function(x, *args, data_format=data_format, **kwargs)


def application_decode_predictions(model: Any, preds: Any, top: int = 5) -> list[pd.DataFrame]:
    """Decodes ``preds`` with ``model``'s family's decoder (R's ``application_decode_predictions``).

    >>> application_decode_predictions(model, model.predict(x), top=3)[0]
    """
    family = _family_of(model, "application_decode_predictions", "decode_predictions")
    return PREPROCESSING[f"{family}_decode_predictions"](preds, top=top)
