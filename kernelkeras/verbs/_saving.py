"""Saving and loading whole models: ``.keras`` files, and legacy HDF5 (``.h5``) files.

A saved file is plain Keras: ``keras.saving.load_model`` reads it in a process
that never imports kernelkeras. HDF5 is the format of Keras 2 and of R keras'
``save_model_hdf5``; Keras 3 still reads and writes it (``save_model(model, "m.h5")``,
``load_model("m.h5")``, or R's names ``save_model_hdf5`` / ``load_model_hdf5``), and
both formats get the same checks before Keras reads them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from keras.src.saving.serialization_lib import SafeModeScope

from kernelkeras._backend import keras
from kernelkeras._text import shown
from kernelkeras.verbs._h5_file import (
    H5_SUFFIXES,
    code_as_keras3,
    compile_from_h5,
    read_h5_model_file,
)
from kernelkeras.verbs._model_file import (
    HDF5_SIGNATURE,
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

    A name ending in ``.h5`` (or ``.hdf5``) saves in the legacy HDF5 format instead
    (as ``save_model_hdf5``; Keras prints a note recommending ``.keras``). Returns the
    model, so it can end a pipe.

    Example:

    >>> model >> save_model("mnist_mlp.keras")
    """
    return _save(object, filepath, overwrite, True, "save_model", (".keras", *H5_SUFFIXES))


@verb(name="save_model_hdf5")
def save_model_hdf5(
    object: Any, filepath: str | Path, overwrite: bool = True, include_optimizer: bool = True
) -> Any:
    """Saves a model to a legacy HDF5 file (``.h5``), as R keras' ``save_model_hdf5``.

    The format of Keras 2, which Keras 3 still reads and writes: for programs that
    need it. ``include_optimizer=False`` leaves out the optimizer's state. Returns the
    model. ``save_model(model, "name.keras")`` is the current format.

    Example:

    >>> model >> save_model_hdf5("mnist_mlp.h5")
    >>> model = load_model_hdf5("mnist_mlp.h5")
    """
    return _save(object, filepath, overwrite, include_optimizer, "save_model_hdf5", H5_SUFFIXES)


def _save(
    model: Any,
    filepath: Any,
    overwrite: bool,
    include_optimizer: bool,
    verb_name: str,
    suffixes: tuple[str, ...],
) -> Any:
    require_model(model, verb_name)
    if not isinstance(filepath, (str, os.PathLike)) or isinstance(filepath, bytes):
        raise TypeError(
            f"{verb_name}(): filepath should be a str or pathlib.Path ending in "
            f"{suffixes[0]}; got {type(filepath).__name__} {shown(filepath)}."
        )
    for name, flag in (("overwrite", overwrite), ("include_optimizer", include_optimizer)):
        if not isinstance(flag, bool):
            raise TypeError(f"{verb_name}(): {name} should be True or False; got {shown(flag)}.")
    path = Path(filepath)
    if path.suffix.lower() not in suffixes:
        raise ValueError(
            f"{verb_name}(): {shown(str(filepath))} should end in {' or '.join(suffixes)} "
            f"(e.g. {shown(str(path.with_suffix(suffixes[0])))})."
        )
    if not path.parent.exists():
        raise FileNotFoundError(
            f"{verb_name}(): folder {shown(str(path.parent))} does not exist; create it first."
        )
    if path.exists() and not overwrite:
        raise FileExistsError(
            f"{verb_name}(): {shown(str(path))} exists; pass overwrite=True to replace it."
        )
    if path.suffix.lower() in H5_SUFFIXES:
        keras.saving.save_model(model, path, include_optimizer=include_optimizer)
    else:
        model.save(path)
    return model


def load_model(
    filepath: str | os.PathLike[str],
    custom_objects: dict[str, Any] | None = None,
    compile: bool = True,
    *,
    safe_mode: bool = True,
) -> Any:
    """Loads a model saved with ``save_model`` (or Keras' ``model.save``): ``.keras`` or ``.h5``.

    The file is checked before Keras reads it: a missing, empty, truncated or damaged
    file, or one that is not a Keras model (a weights file, a history, any other zip)
    gives a ``ValueError`` that names the file and what it is not. Code in the file is
    never run and nothing it names is imported: a model with a ``Lambda`` layer (whose
    configuration carries Python bytecode, in a ``.keras`` file or a legacy HDF5 file
    of Keras 2 or 3) is refused unless you pass ``safe_mode=False``.

    Args:
        filepath: the ``.keras`` file, or a legacy HDF5 model (``.h5``, ``.hdf5``).
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
    known = {**keras.saving.get_custom_objects(), **(custom_objects or {})}
    with path.open("rb") as file:
        hdf5 = file.read(len(HDF5_SIGNATURE)) == HDF5_SIGNATURE
    configs = read_h5_model_file(path) if hdf5 else {"config.json": read_model_file(path)}
    for member, config in configs.items():
        refuse_code(code_as_keras3(config) if hdf5 else config, path, known, safe_mode, member)
    training = configs.get("training_config") if compile else None
    try:
        with SafeModeScope(safe_mode):  # even if keras.config allowed unsafe loading
            model = keras.saving.load_model(
                path,
                custom_objects=custom_objects,
                compile=compile and not hdf5,
                safe_mode=safe_mode,
            )
            if isinstance(training, dict):
                compile_from_h5(model, path, training, custom_objects)
            return model
    except Exception as err:  # anything Keras raises on this file is about the file
        error = _keras_refusal(path, err, hdf5)
        if custom_objects:  # your own classes ran: their traceback is worth seeing
            raise error from err
        raise error from None  # Keras' reason is in the message (err.__context__ keeps it)


def _model_path(filepath: Any) -> Path:
    if not isinstance(filepath, (str, os.PathLike)) or isinstance(filepath, bytes):
        raise TypeError(
            "load_model(): filepath should be the path of a .keras or .h5 file (a str or "
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


def load_model_hdf5(
    filepath: str | os.PathLike[str],
    custom_objects: dict[str, Any] | None = None,
    compile: bool = True,
    *,
    safe_mode: bool = True,
) -> Any:
    """Loads a model from a legacy HDF5 file, as R keras' ``load_model_hdf5``.

    The same as :func:`load_model` (which reads ``.h5`` files too), with the same checks:
    a ``Lambda``'s code in the file is refused unless ``safe_mode=False``.

    Example:

    >>> model = load_model_hdf5("mnist_mlp.h5")
    """
    return load_model(filepath, custom_objects, compile, safe_mode=safe_mode)


def _keras_refusal(path: Path, err: Exception, hdf5: bool = False) -> ValueError:
    """Keras' error while building the model, as kernelkeras' refusal of the file."""
    text = str(err)
    if text.startswith("Not allowed:"):  # Keras' own checks of HDF5 weights
        return refusal(
            path,
            f"is refused: {shown(text)}",
            "Weights are read only from inside the file itself (no links to other files).",
        )
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
        where = (
            "its weights could not be read"
            if hdf5
            else ("its weights (model.weights.h5) are not a readable HDF5 file")
        )
        return refusal(
            path,
            f"is damaged: {where} ({reason})",
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
