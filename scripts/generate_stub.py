"""Writes ``kernelkeras/__init__.pyi``: the public API as static tools see it.

Most of kernelkeras' API is generated from Keras when the package is imported (one
``layer_*`` function per class in ``keras.layers``, one ``optimizer_*``, ``loss_*``,
... per class of those modules), so mypy, Pylance and Jupyter's static completion
cannot see it in the source. This script imports kernelkeras and writes a stub with
every name of ``kernelkeras.__all__``: the generated functions with their real
parameters (and, for ``layer_*``, one overload per use: no object -> the layer, a model
-> the model, a tensor -> a tensor); the hand-written ones re-exported from where they
are defined, so their own signatures and docstrings apply.

``tests/unit/test_package.py`` fails when the committed stub differs from what this
script writes. Regenerate it after changing the public API or upgrading Keras::

    make stub                  # = .venv/bin/python scripts/generate_stub.py
    .venv/bin/python scripts/generate_stub.py --check   # exit 1 if out of date
"""

from __future__ import annotations

import argparse
import inspect
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import kernelkeras

STUB = Path(kernelkeras.__file__).with_name("__init__.pyi")
REGENERATE = "make stub  (or: .venv/bin/python scripts/generate_stub.py)"
#: Keras modules whose public classes the constructors and layers come from.
_PUBLIC_MODULES = (
    "layers",
    "optimizers",
    "losses",
    "metrics",
    "callbacks",
    "regularizers",
    "initializers",
    "constraints",
)
_P = inspect.Parameter


def _literal(value: Any) -> str:
    """A default value as stub text: literals as they are, anything else as ``...``."""
    if value is None or isinstance(value, (bool, int, float, str)):
        text = repr(value)
        return text if len(text) <= 60 and text not in ("inf", "-inf", "nan") else "..."
    if isinstance(value, tuple) and all(
        v is None or isinstance(v, (bool, int, float, str)) for v in value
    ):
        return repr(value)
    return "..."


def _parameters(signature: inspect.Signature, skip_object: bool = False) -> list[str]:
    """The parameters as stub text (every annotation ``Any``), with ``/`` and ``*``."""
    parts: list[str] = []
    star_done = False
    params = list(signature.parameters.values())
    if skip_object:
        params = [p for p in params if p.name != "object"]
    for i, p in enumerate(params):
        if p.kind is _P.VAR_POSITIONAL:
            parts.append(f"*{p.name}: Any")
            star_done = True
            continue
        if p.kind is _P.VAR_KEYWORD:
            parts.append(f"**{p.name}: Any")
            continue
        if p.kind is _P.KEYWORD_ONLY and not star_done:
            parts.append("*")
            star_done = True
        default = "" if p.default is _P.empty else f" = {_literal(p.default)}"
        parts.append(f"{p.name}: Any{default}")
        following = params[i + 1] if i + 1 < len(params) else None
        if p.kind is _P.POSITIONAL_ONLY and (
            following is None or following.kind is not _P.POSITIONAL_ONLY
        ):
            parts.append("/")
    return parts


def _public_path(cls: type) -> str:
    """``keras.layers.Dense`` for Keras' ``Dense``: the public name static tools can find."""
    import keras

    for name in _PUBLIC_MODULES:
        if getattr(getattr(keras, name), cls.__name__, None) is cls:
            return f"keras.{name}.{cls.__name__}"
    return "Any"


def _summary(function: Callable[..., Any], paragraphs: int = 1) -> str:
    """The first paragraphs of a docstring, on one line, quoted for a stub."""
    doc = inspect.getdoc(function) or ""
    first = " ".join(" ".join(doc.split("\n\n")[:paragraphs]).split())
    return first.replace("\\", "\\\\").replace('"""', "'''")


def _layer_function(name: str, function: Callable[..., Any]) -> Iterator[str]:
    """Three overloads: without an object the layer, with a model the model, with a tensor
    (or a list of tensors, for merge layers) the output tensor."""
    cls = getattr(function, "keras_class", None)
    rest = ", ".join(_parameters(inspect.signature(function), skip_object=True))
    rest = rest.removeprefix("*, ")
    layer = _public_path(cls) if cls is not None else "Any"
    uses = [
        ("object: None = None, /", layer),
        ("object: _Model, /", "_Model"),
        ("object: keras.KerasTensor | Sequence[keras.KerasTensor], /", "keras.KerasTensor"),
    ]
    for i, (first, result) in enumerate(uses):
        yield "@overload"
        body = f'\n    """{_summary(function, paragraphs=3)}"""' if i == 0 else " ..."
        # Where keras has no types (mypy without stubs for it), keras.Model and
        # keras.KerasTensor are Any and the third use looks unreachable; it is not.
        ignore = "  # type: ignore[overload-cannot-match]" if i == 2 else ""
        yield f"def {name}({first}, *, {rest}) -> {result}:{body}{ignore}"


def _constructor(name: str, function: Callable[..., Any]) -> Iterator[str]:
    cls = getattr(function, "keras_class", None)
    params = ", ".join(_parameters(inspect.signature(function)))
    result = _public_path(cls) if cls is not None else "Any"
    yield f'def {name}({params}) -> {result}:\n    """{_summary(function)}"""'


def render() -> str:
    """The stub's text for the kernelkeras and Keras installed now."""
    import keras

    names = list(kernelkeras.__all__)
    generated = _generated()
    lines = [
        f"# Generated by scripts/generate_stub.py from kernelkeras {kernelkeras.__version__} "
        f"and Keras {keras.__version__}: do not edit.",
        f"# Regenerate after changing the public API or upgrading Keras: {REGENERATE}",
        "",
        "from collections.abc import Sequence",
        "from typing import Any, TypeVar, overload",
        "",
        "import keras as keras",
        "",
    ]
    by_module: dict[str, list[str]] = {}
    hand_written = [n for n in names if n not in generated or n == "layer_input"]
    for name in hand_written:
        if name == "keras":
            continue
        obj = getattr(kernelkeras, name)
        module = _defining_package(name, obj)
        by_module.setdefault(module, []).append(name)
    for module in sorted(by_module):
        imported = ", ".join(f"{n} as {n}" for n in sorted(by_module[module]))
        lines.append(f"from {module} import {imported}")
    lines += [
        "",
        "__version__: str",
        '_Model = TypeVar("_Model", bound=keras.Model)',
        "",
        "__all__ = [",
        *[f"    {name!r}," for name in names],
        "]",
        "",
    ]
    for name in names:
        if name == "layer_input" or name not in generated:
            continue
        if _is_layer_function(generated[name]):
            lines += [*_layer_function(name, generated[name]), ""]
        else:
            lines += [*_constructor(name, generated[name]), ""]
    return "\n".join(lines).rstrip() + "\n"


def _generated() -> dict[str, Callable[..., Any]]:
    """Every function kernelkeras generates from Keras at import time, by name."""
    return {
        **kernelkeras.LAYER_FUNCTIONS,
        **kernelkeras.LAYER_ALIASES,  # time_distributed, bidirectional, rnn_cell_*
        **kernelkeras.CONSTRUCTORS,
        **kernelkeras.OPS_FUNCTIONS,  # op_*, random_*, config_*, activation_*, schedules
        **kernelkeras.APPLICATIONS,
        **kernelkeras.PREPROCESSING,  # imagenet_ and <family>_preprocess_input / decode
    }


def _is_layer_function(function: Callable[..., Any]) -> bool:
    """A layer function takes the object it adds to (a model, a tensor) first, as in R."""
    import keras

    cls = getattr(function, "keras_class", None)
    if cls is None or not issubclass(cls, keras.layers.Layer):
        return False
    first = next(iter(inspect.signature(function).parameters.values()), None)
    return first is not None and first.name == "object"


def _defining_package(name: str, obj: Any) -> str:
    """The kernelkeras package that exports ``name`` (its facade, not a private module)."""
    for package in (
        "kernelkeras._options",
        "kernelkeras.applications",
        "kernelkeras.builder",
        "kernelkeras.datasets",
        "kernelkeras.frames",
        "kernelkeras.images",
        "kernelkeras.live",
        "kernelkeras.ops",
        "kernelkeras.pipe",
        "kernelkeras.plot",
        "kernelkeras.preprocessing",
        "kernelkeras.text",
        "kernelkeras.verbs",
    ):
        module = sys.modules[package]
        if getattr(module, name, None) is obj:
            return package
    raise LookupError(f"kernelkeras.{name} is exported by no kernelkeras package")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the stub is out of date")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = STUB.read_text() if STUB.exists() else ""
        if current != text:
            print(f"{STUB} is out of date; regenerate it: {REGENERATE}", file=sys.stderr)
            return 1
        return 0
    STUB.write_text(text)
    print(f"Wrote {STUB} ({len(text):,} characters, {len(kernelkeras.__all__)} names)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
