"""Saving and loading whole models as ``.keras`` files.

A saved file is plain Keras: ``keras.saving.load_model`` reads it in a process
that never imports kernelkeras.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from keras.src.saving.serialization_lib import SafeModeScope

from kernelkeras._backend import keras
from kernelkeras._text import shown
from kernelkeras.verbs._model_file import (
    SAFE_MODE_HINT,
    read_model_file,
    refusal,
    refuse_code,
    unknown_class,
)
from kernelkeras.verbs._step import require_model, verb


@verb(name="save_model")
def save_model(object: Any, filepath: str | Path, overwrite: bool = True) -> Any:
    """Saves a model (architecture, weights, optimizer state) to a ``.keras`` file.

    Returns the model, so it can end a pipe.

    Example:

    >>> model >> save_model("mnist_mlp.keras")
    """
    require_model(object, "save_model")
    path = Path(filepath)
    if path.suffix != ".keras":
        raise ValueError(
            f"save_model(): {str(filepath)!r} should end in .keras, the Keras 3 file format "
            f"(e.g. {str(path.with_suffix('.keras'))!r})."
        )
    if not path.parent.exists():
        raise FileNotFoundError(
            f"save_model(): folder {str(path.parent)!r} does not exist; create it first."
        )
    object.save(path, overwrite=overwrite)
    return object


def load_model(
    filepath: str | os.PathLike[str],
    custom_objects: dict[str, Any] | None = None,
    compile: bool = True,
    *,
    safe_mode: bool = True,
) -> Any:
    """Loads a model saved with ``save_model`` (or Keras' ``model.save``) from ``.keras``.

    The file is checked before Keras reads it: a missing, empty, truncated or damaged
    file, or one that is not a ``.keras`` model (an ``.h5`` file, a history, any other
    zip) gives a ``ValueError`` that names the file and what it is not. Code in the file
    is never run and nothing it names is imported: a model with a ``Lambda`` layer (whose
    configuration carries Python bytecode) is refused unless you pass ``safe_mode=False``.

    Args:
        filepath: the ``.keras`` file.
        custom_objects: your own layer or loss classes by name, if the model uses any.
        compile: whether to restore the training configuration too.
        safe_mode: keep ``True`` for files from others. ``False`` (by name only) lets a
            ``Lambda``'s code load, which runs whatever the file's author wrote: use it
            only for files you trust.

    Raises:
        TypeError: ``filepath`` is not a path.
        FileNotFoundError: there is no such file.
        ValueError: the file is not a readable Keras model, or would run code.

    Example:

    >>> model = load_model("mnist_mlp.keras")
    >>> model = load_model("my_lambda_model.keras", safe_mode=False)  # a file you trust
    """
    if not isinstance(safe_mode, bool):
        raise TypeError(f"load_model(): safe_mode should be True or False; got {shown(safe_mode)}.")
    path = _model_path(filepath)
    config = read_model_file(path)
    known = {**keras.saving.get_custom_objects(), **(custom_objects or {})}
    refuse_code(config, path, known, safe_mode=safe_mode)
    try:
        with SafeModeScope(safe_mode):  # even if keras.config allowed unsafe loading
            return keras.saving.load_model(
                path, custom_objects=custom_objects, compile=compile, safe_mode=safe_mode
            )
    except Exception as err:  # anything Keras raises on this file is about the file
        error = _keras_refusal(path, err)
        if custom_objects:  # your own classes ran: their traceback is worth seeing
            raise error from err
        raise error from None  # Keras' reason is in the message (err.__context__ keeps it)


def _model_path(filepath: Any) -> Path:
    if not isinstance(filepath, (str, os.PathLike)) or isinstance(filepath, bytes):
        raise TypeError(
            "load_model(): filepath should be the path of a .keras file (a str or "
            f"pathlib.Path); got {type(filepath).__name__} {shown(filepath)}."
        )
    text = os.fspath(filepath)
    if not isinstance(text, str) or not text or "\0" in text:
        raise ValueError(f"load_model(): {shown(text)} is not a usable file path.")
    path = Path(text)
    if not path.exists():
        raise FileNotFoundError(
            f"load_model(): no file at {shown(text)}. Check the path (relative to "
            f"{shown(str(Path.cwd()))}); models are saved with save_model(model, 'name.keras')."
        )
    if path.is_dir():
        raise refusal(path, "is a folder, not a Keras model file")
    if not path.is_file():
        raise refusal(path, "is not a regular file (a device or a pipe?)")
    return path


def _keras_refusal(path: Path, err: Exception) -> ValueError:
    """Keras' error while building the model, as kernelkeras' refusal of the file."""
    text = str(err)
    if "safe_mode=False" in text:  # a Keras safe-mode check (vocabulary files and the like)
        reason = text.split(". This carries")[0].removeprefix("Requested the ")
        return refusal(path, f"is refused: it asks for {shown(reason)}", SAFE_MODE_HINT + ".")
    unknown = re.search(
        r"Could not (?:locate (?:class|function) '([^']*)'|deserialize '([^']*)' because it is "
        r"not a KerasSaveable|deserialize \w+ '([^']*)' because its parent module)",
        text,
    )
    if unknown:
        name = next(name for name in unknown.groups() if name)
        return unknown_class(path, name.rsplit(".", 1)[-1])  # 'keras.layers.X' -> 'X'

    reason = text.split("Full object config")[0].split("\n\nconfig=")[0]
    if "Exception encountered:" in text:
        reason = text.rsplit("Exception encountered:", 1)[1]
    reason = shown(" ".join(reason.split()))
    if isinstance(err, OSError) or type(err).__module__.startswith("h5py"):
        return refusal(
            path,
            f"is damaged: its weights (model.weights.h5) are not a readable HDF5 file ({reason})",
            "Save the model again, or copy the file again from where it came from.",
        )
    if "could not be loaded" in text:
        return refusal(
            path,
            "could not be read as a Keras model: its weights do not fit the layers its "
            f"config.json describes ({reason})",
            "Save the model again, or copy the file again from where it came from.",
        )
    return refusal(
        path,
        f"could not be read as a Keras model: {type(err).__name__}: {reason}",
        "If it uses your own layers, pass them: custom_objects={'MyLayer': MyLayer}.",
    )
