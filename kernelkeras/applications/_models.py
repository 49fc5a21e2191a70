"""``application_*``: one function per model of ``keras.applications``, under R's names.

Generated at import time from the modules of ``keras.applications`` (so a model that a
new Keras adds appears): ``VGG16`` -> ``application_vgg16``, ``ResNet50V2`` ->
``application_resnet50_v2``, ``MobileNetV3Large`` -> ``application_mobilenet_v3_large``,
``EfficientNetV2B0`` -> ``application_efficientnet_v2b0``, ``ConvNeXtTiny`` ->
``application_convnext_tiny``, as R keras names them. Each has the Keras function's
signature and docstring. ``weights="imagenet"`` goes through :mod:`._weights` (the file
is found first; offline without it, an error at once with the URL and the cache path);
``weights=None`` builds offline; a path loads that file. Each model remembers its
family, for ``application_preprocess_inputs`` and ``application_decode_predictions``.
"""

from __future__ import annotations

import difflib
import inspect
import os
import re
import weakref
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

from kernelkeras._backend import keras
from kernelkeras._text import shown
from kernelkeras.applications._weights import (
    build_with_imagenet,
    load_weights_file,
    weights_path,
)

#: Names R keras keeps besides the rule's (its older spellings).
R_ALIASES = {
    "application_nasnetlarge": "application_nasnet_large",
    "application_nasnetmobile": "application_nasnet_mobile",
}
#: model -> the keras.applications module it comes from ("resnet", "mobilenet_v2", ...).
FAMILY: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()


def application_name(model_name: str) -> str:
    """R keras' name of a ``keras.applications`` model.

    Example:

    >>> [application_name(n) for n in ("ResNet50V2", "EfficientNetV2B0", "NASNetLarge")]
    ['application_resnet50_v2', 'application_efficientnet_v2b0', 'application_nasnet_large']
    """
    name = model_name.replace("ConvNeXt", "Convnext").replace("NASNet", "Nasnet")
    name = name.replace("VGG", "Vgg").replace("XLarge", "Xlarge")
    name = re.sub(r"([a-z])Net", r"\1net", name)  # DenseNet, ResNet, MobileNet, ...
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z][a-z])", "_", name)  # words: _Resnet, _Large
    name = re.sub(r"(?<=[a-z])(?=[A-Z]\d)", "_", name)  # efficientnet_B0, mobilenet_V2
    name = re.sub(r"(?<=\d)(?=V\d)", "_", name)  # resnet50_V2
    return f"application_{name.lower()}"


def families() -> Iterator[tuple[str, ModuleType]]:
    """Each public module of ``keras.applications`` with its name, sorted."""
    for attr, module in sorted(vars(keras.applications).items()):
        if isinstance(module, ModuleType) and not attr.startswith("_"):
            yield attr, module


def model_functions() -> Iterator[tuple[str, Callable[..., Any]]]:
    """Each model function of ``keras.applications`` with its family (the module it is in)."""
    for attr, obj in sorted(vars(keras.applications).items()):
        if not attr[:1].isupper() or not callable(obj):
            continue
        try:
            params = inspect.signature(obj).parameters
        except (TypeError, ValueError):  # pragma: no cover
            continue
        if "weights" in params and "include_top" in params:
            yield obj.__module__.rpartition(".")[2], obj


def _bad_argument(func_name: str, signature: inspect.Signature, err: TypeError) -> TypeError:
    accepted = list(signature.parameters)
    text = str(err)
    match = re.search(r"'(\w+)'", text)
    hint = ""
    if match and "unexpected keyword" in text:
        close = difflib.get_close_matches(match.group(1), accepted, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
    return TypeError(
        f"{func_name}(): {text}.{hint} It takes: {', '.join(accepted)} (see help({func_name}))."
    )


def make_application(function: Callable[..., Any], family: str, func_name: str) -> Any:
    """The ``application_*`` function for one Keras model function."""
    signature = inspect.signature(function)

    def application(*args: Any, **kwargs: Any) -> Any:
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError as err:
            raise _bad_argument(func_name, signature, err) from None
        bound.apply_defaults()
        weights = bound.arguments["weights"]
        if weights is None:
            model = function(*bound.args, **bound.kwargs)
        elif isinstance(weights, str) and weights == "imagenet":
            alternative = (
                "Or pass weights=None for random weights, or weights='<file>.h5' for "
                "weights you have."
            )
            model = build_with_imagenet(
                lambda: function(*bound.args, **bound.kwargs),
                f"{func_name}(weights='imagenet')",
                alternative,
            )
        elif isinstance(weights, (str, os.PathLike)) and not isinstance(weights, bytes):
            path = weights_path(weights, f"{func_name}()")
            bound.arguments["weights"] = None
            model = function(*bound.args, **bound.kwargs)
            load_weights_file(model, path, f"{func_name}(weights={shown(str(path))})")
        else:
            raise TypeError(
                f"{func_name}(): weights should be 'imagenet' (pretrained, downloaded once "
                f"into the Keras cache), None (random weights) or the path of a weights "
                f"file; got {shown(weights)}."
            )
        FAMILY[model] = family
        return model

    application.__name__ = application.__qualname__ = func_name
    application.__module__ = "kernelkeras"
    intro = (
        f"Builds ``keras.applications.{function.__name__}`` "
        f"(``keras.applications.{family}``).\n\n"
        "``weights='imagenet'`` downloads the pretrained weights once into the Keras cache "
        "(``KERAS_HOME/models``); offline without them it fails at once and says which "
        "file to put where. ``weights=None`` gives random weights and needs no network.\n\n"
        f">>> model = {func_name}(weights=None)"
    )
    application.__doc__ = f"{intro}\n\n{inspect.getdoc(function) or ''}"
    application.__signature__ = signature  # type: ignore[attr-defined]
    application.keras_function = function  # type: ignore[attr-defined]
    return application


def _build_applications() -> dict[str, Callable[..., Any]]:
    functions: dict[str, Callable[..., Any]] = {}
    for family, function in model_functions():
        name = application_name(function.__name__)
        functions.setdefault(name, make_application(function, family, name))
    for alias, name in R_ALIASES.items():
        if name in functions:
            functions[alias] = functions[name]
    return functions


#: Every generated ``application_*`` function by name.
APPLICATIONS = _build_applications()
