"""Keras configurations read from files: where rebuilding one would load code.

A saved model (``config.json`` in a ``.keras`` file) and a builder's locked rows hold
Keras configurations, which come from other people. Rebuilding one runs code when it
holds a Python function's bytecode (a ``Lambda``'s), a layer that loads code from
outside the file (``TFSMLayer``), or names a class or function in a module outside
Keras (which Keras would import). :func:`find_code` is the one check for all three;
``load_model`` and the model builder both refuse what it finds unless the user opted in.

Example:

>>> lam = {"class_name": "Lambda", "config": {"name": "double",
...        "function": {"class_name": "__lambda__", "config": {"code": "4wEAAA..."}}}}
>>> find_code({"class_name": "Sequential", "config": {"layers": [lam]}})
Code(kind='lambda', layer='double', class_name='__lambda__', module=None)
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from typing import Any

#: Keras' own packages: what Keras may import when it rebuilds a configuration.
KERAS_PACKAGES = ("keras", "keras_hub", "keras_cv", "keras_nlp")
#: Layers whose configuration points at code outside the file.
CODE_LAYERS = ("TFSMLayer", "TorchModuleWrapper")


@dataclass(frozen=True)
class Code:
    """Where a configuration would load code.

    Attributes:
        kind: ``"lambda"`` (a function's bytecode), ``"code layer"`` (a layer of
            :data:`CODE_LAYERS`) or ``"module"`` (a class or function named in a
            module outside Keras).
        layer: the name of the innermost layer that holds it, if any.
        class_name: the configuration's ``class_name`` there.
        module: the module it names, for ``"module"``.
    """

    kind: str
    layer: str | None
    class_name: str
    module: str | None = None


def keras_module(module: str) -> bool:
    """Whether Keras' own loader resolves ``module`` (Keras' packages and its built-ins)."""
    return module == "builtins" or module.split(".")[0] in KERAS_PACKAGES


def find_code(config: Any, allowed: Container[str] = (), code: bool = True) -> Code | None:
    """The first place where rebuilding ``config`` would load code, or None.

    Args:
        config: a Keras configuration (JSON data: dicts, lists, scalars), at any depth.
        allowed: class names the user passed in (``custom_objects``): not reported.
        code: whether to report bytecode and code layers; ``False`` when the user opted
            in to them (``safe_mode=False``). Modules outside Keras are always reported.
    """
    stack: list[tuple[Any, str | None]] = [(config, None)]
    while stack:
        value, layer = stack.pop()
        if isinstance(value, (list, tuple)):
            stack.extend((item, layer) for item in value)
            continue
        if not isinstance(value, dict):
            continue
        inner = value.get("config")
        name = inner.get("name") if isinstance(inner, dict) else None
        here = name if isinstance(name, str) else layer
        cls = value.get("class_name")
        if code and cls == "__lambda__":
            return Code("lambda", here, cls)
        if code and cls in CODE_LAYERS:
            return Code("code layer", here, str(cls))
        module = value.get("module")
        if isinstance(cls, str) and isinstance(module, str) and not keras_module(module):
            registered = value.get("registered_name")
            known = cls in allowed or (isinstance(registered, str) and registered in allowed)
            if not known:
                return Code("module", here, cls, module)
        stack.extend((item, here) for item in value.values())
    return None
