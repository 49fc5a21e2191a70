"""A model's configuration: ``get_config``/``from_config``, and as JSON text or a JSON file.

R keras' ``get_config``, ``from_config``, ``model_to_json``, ``model_from_json``,
``save_model_config`` and ``load_model_config``: the architecture without weights.
JSON comes from other people as often as files do, so what is read back is checked as
``load_model`` checks a file: its size, JSON, its nesting, a model configuration, and
no code (a Lambda's bytecode, a layer that loads code, a class from outside Keras)
unless ``safe_mode=False`` is passed by name.

Example:

>>> text = model_to_json(model)
>>> twin = model_from_json(text)                 # same layers, new weights
>>> model >> save_model_config("mlp.json")
>>> twin = load_model_config("mlp.json")
"""

from __future__ import annotations

import json as json_module
import os
from pathlib import Path
from typing import Any

from keras.src.saving.serialization_lib import SafeModeScope

from kernelkeras._backend import keras
from kernelkeras._text import shown
from kernelkeras.verbs._model_file import MAX_CONFIG_BYTES, Origin, check_config, refuse_code
from kernelkeras.verbs._step import require_model, verb

_JSON_HINT = (
    "A model's configuration is the JSON text model_to_json() and save_model_config() write."
)


class LayerConfig(dict[str, Any]):
    """What ``get_config`` returns: the configuration dict, and the class it came from.

    As R keras keeps the class with the configuration, so that ``from_config(config)``
    knows what to build.

    Attributes:
        keras_class: the layer's or model's class.
    """

    keras_class: Any


@verb(name="get_config")
def get_config(object: Any) -> LayerConfig:
    """The configuration of a layer or model (no weights), for :func:`from_config`.

    A dict (``config["units"]``), which also remembers its class.

    Example:

    >>> config = get_config(layer_dense(units=8))
    >>> config["units"]
    8
    """
    require_model(object, "get_config", keras.layers.Layer)
    config = LayerConfig(object.get_config())
    config.keras_class = type(object)
    return config


def from_config(
    config: Any, custom_objects: dict[str, Any] | None = None, *, safe_mode: bool = True
) -> Any:
    """A new layer or model (new weights) from :func:`get_config`'s configuration.

    Also takes a serialized configuration (a dict with ``class_name`` and ``config``, as
    in ``json.loads(model_to_json(model))``). A configuration holding code (a
    ``Lambda``'s) is refused unless ``safe_mode=False``.

    Example:

    >>> twin = from_config(get_config(model))
    """
    origin = Origin("from_config", "from_config(config", "It is what get_config() returns.")
    _check_flags("from_config", safe_mode)
    if isinstance(config, LayerConfig):
        plain = dict(config)
        _refuse_code(
            {"class_name": config.keras_class.__name__, "config": plain},
            origin,
            custom_objects,
            safe_mode,
        )
        with keras.saving.CustomObjectScope(custom_objects or {}), SafeModeScope(safe_mode):
            return config.keras_class.from_config(plain)
    if isinstance(config, dict) and "class_name" in config:
        return _build(config, "the configuration", origin, custom_objects, safe_mode)
    raise TypeError(
        f"from_config(): config should be what get_config() returns (it remembers the "
        f"class to build), or a dict with 'class_name' and 'config'; got "
        f"{type(config).__name__} {shown(config, 80)}."
    )


@verb(name="model_to_json")
def model_to_json(object: Any) -> str:
    """The model's architecture as JSON text (no weights); see :func:`model_from_json`.

    Example:

    >>> text = model_to_json(model)
    """
    require_model(object, "model_to_json")
    return str(object.to_json())


def model_from_json(
    json: str, custom_objects: dict[str, Any] | None = None, *, safe_mode: bool = True
) -> Any:
    """A new model (new weights) from :func:`model_to_json`'s text.

    The text is checked before Keras reads it; a ``Lambda``'s code in it is refused
    unless ``safe_mode=False`` (only for text whose author you trust).

    Example:

    >>> twin = model_from_json(model_to_json(model))
    """
    origin = Origin("model_from_json", "model_from_json(json", _JSON_HINT)
    _check_flags("model_from_json", safe_mode)
    if not isinstance(json, str):
        raise TypeError(
            "model_from_json(): json should be the text model_to_json() returns (a str); "
            f"got {type(json).__name__} {shown(json, 80)}."
        )
    config = _parse(json, "the JSON", origin)
    return _build(config, "the JSON", origin, custom_objects, safe_mode)


@verb(name="save_model_config")
def save_model_config(object: Any, filepath: str | Path, overwrite: bool = False) -> Any:
    """Writes the model's architecture to a ``.json`` file; returns the model.

    An existing file is replaced only with ``overwrite=True`` (as in R).

    Example:

    >>> model >> save_model_config("mlp.json")
    """
    require_model(object, "save_model_config")
    path = _path(filepath, "save_model_config")
    if not isinstance(overwrite, bool):
        raise TypeError(
            f"save_model_config(): overwrite should be True or False; got {shown(overwrite)}."
        )
    if path.exists() and not overwrite:
        raise FileExistsError(
            f"save_model_config(): {shown(str(path))} exists; pass overwrite=True to replace it."
        )
    if not path.parent.exists():
        raise FileNotFoundError(
            f"save_model_config(): folder {shown(str(path.parent))} does not exist; "
            "create it first."
        )
    path.write_text(object.to_json(), encoding="utf-8")
    return object


def load_model_config(
    filepath: str | Path, custom_objects: dict[str, Any] | None = None, *, safe_mode: bool = True
) -> Any:
    """A new model (new weights) from a file written by :func:`save_model_config`.

    Checked as :func:`model_from_json` checks its text; errors name the file.

    Example:

    >>> twin = load_model_config("mlp.json")
    """
    origin = Origin("load_model_config", "load_model_config(path", _JSON_HINT)
    _check_flags("load_model_config", safe_mode)
    path = _path(filepath, "load_model_config")
    if not path.is_file():
        what = "is a folder" if path.is_dir() else "does not exist"
        raise FileNotFoundError(
            f"load_model_config(): {shown(str(path))} {what}; give the .json file "
            "save_model_config() wrote."
        )
    with path.open("rb") as file:
        blob = file.read(MAX_CONFIG_BYTES + 1)
    subject = shown(str(path))
    if len(blob) > MAX_CONFIG_BYTES:
        raise ValueError(
            f"load_model_config(): {subject} is more than {MAX_CONFIG_BYTES:,} bytes, more "
            "than a model configuration may be."
        )
    try:
        text = blob.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(f"load_model_config(): {subject} is not text (UTF-8).") from None
    config = _parse(text, subject, origin)
    return _build(config, subject, origin, custom_objects, safe_mode)


def _check_flags(verb_name: str, safe_mode: Any) -> None:
    if not isinstance(safe_mode, bool):
        raise TypeError(
            f"{verb_name}(): safe_mode should be True or False; got {shown(safe_mode)}."
        )


def _path(filepath: Any, verb_name: str) -> Path:
    if not isinstance(filepath, (str, os.PathLike)) or isinstance(filepath, bytes):
        raise TypeError(
            f"{verb_name}(): filepath should be a str or pathlib.Path ending in .json; got "
            f"{type(filepath).__name__} {shown(filepath)}."
        )
    path = Path(filepath)
    if path.suffix.lower() != ".json":
        raise ValueError(
            f"{verb_name}(): {shown(str(filepath))} should end in .json (a model's "
            f"configuration is JSON text; e.g. {shown(path.with_suffix('.json').name)})."
        )
    return path


def _parse(text: str, subject: str, origin: Origin) -> Any:
    """JSON text as data, checked to be a model configuration."""
    bad = f"{origin.verb}(): {subject} could not be read as a Keras model:"
    if len(text) > MAX_CONFIG_BYTES:
        raise ValueError(
            f"{bad} it is {len(text):,} characters, more than a model configuration may "
            f"be ({MAX_CONFIG_BYTES:,})."
        )
    try:
        config = json_module.loads(text)
    except json_module.JSONDecodeError as err:
        raise ValueError(
            f"{bad} it is not JSON ({err.msg} at line {err.lineno} column {err.colno})."
        ) from None
    except (RecursionError, ValueError) as err:
        raise ValueError(f"{bad} it is not JSON Keras can read ({shown(str(err))}).") from None
    check_config(subject, config, "configuration", origin)
    return config


def _refuse_code(
    config: Any,
    origin: Origin,
    custom_objects: dict[str, Any] | None,
    safe_mode: bool,
    subject: str = "the configuration",
) -> None:
    known = {**keras.saving.get_custom_objects(), **(custom_objects or {})}
    refuse_code(config, subject, known, safe_mode, "configuration", origin)


def _build(
    config: dict[str, Any],
    subject: str,
    origin: Origin,
    custom_objects: dict[str, Any] | None,
    safe_mode: bool,
) -> Any:
    """Keras' object from a serialized configuration, once nothing in it would run code."""
    _refuse_code(config, origin, custom_objects, safe_mode, subject)
    try:
        with SafeModeScope(safe_mode):
            return keras.saving.deserialize_keras_object(
                config, custom_objects=custom_objects, safe_mode=safe_mode
            )
    except Exception as err:  # Keras' reason, with what was read named
        reason = shown(" ".join(str(err).split("\n\nconfig=")[0].split()))
        raise ValueError(
            f"{origin.verb}(): {subject} could not be built into a Keras model: "
            f"{type(err).__name__}: {reason}. If it uses your own layers, pass them: "
            f"{origin.call}, custom_objects={{'MyLayer': MyLayer}})."
        ) from (err if custom_objects else None)
