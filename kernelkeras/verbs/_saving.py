"""Saving and loading whole models as ``.keras`` files.

A saved file is plain Keras: ``keras.saving.load_model`` reads it in a process
that never imports kernelkeras.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from kernelkeras._backend import keras
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
    filepath: str | Path, custom_objects: dict[str, Any] | None = None, compile: bool = True
) -> Any:
    """Loads a model saved with ``save_model`` (or Keras' ``model.save``) from ``.keras``.

    Args:
        filepath: the ``.keras`` file.
        custom_objects: your own layer or loss classes by name, if the model uses any.
        compile: whether to restore the training configuration too.

    Example:

    >>> model = load_model("mnist_mlp.keras")
    """
    path = Path(filepath)
    if not path.exists():
        raise FileNotFoundError(
            f"load_model(): no file at {str(filepath)!r}. Check the path (relative to "
            f"{str(Path.cwd())!r}); models are saved with save_model(model, 'name.keras')."
        )
    if path.is_dir() or not zipfile.is_zipfile(path):
        raise ValueError(
            f"load_model(): {str(filepath)!r} is not a Keras model file (a .keras zip archive "
            "written by save_model() or model.save()). Was it saved under another format?"
        )
    try:
        return keras.saving.load_model(path, custom_objects=custom_objects, compile=compile)
    except (ValueError, KeyError, OSError, TypeError) as err:
        raise ValueError(
            f"load_model(): {str(filepath)!r} could not be read as a Keras model: {err}. "
            "If it uses your own layers, pass them: custom_objects={'MyLayer': MyLayer}."
        ) from None
