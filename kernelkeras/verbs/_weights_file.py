"""A model's weights in a file: ``save_model_weights`` and ``load_model_weights``.

R keras' names and arguments over Keras' ``save_weights`` / ``load_weights``: a
``.weights.h5`` file (Keras 3), into a model of the same architecture. Loading also
reads the weights of a ``.keras`` file and of a legacy HDF5 file (``.h5``). A file
that does not fit the model is refused with the file named and the model left exactly
as it was (Keras assigns weights one by one, so a failure half-way would leave a model
with some weights from the file: they are put back).

Example:

>>> model >> save_model_weights("mlp.weights.h5")
>>> twin >> load_model_weights("mlp.weights.h5")
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from kernelkeras._text import shown
from kernelkeras.verbs._h5_file import H5_SUFFIXES
from kernelkeras.verbs._model_file import HDF5_SIGNATURE
from kernelkeras.verbs._step import require_model, verb

WEIGHTS_SUFFIX = ".weights.h5"


def _path(filepath: Any, verb_name: str) -> Path:
    if not isinstance(filepath, (str, os.PathLike)) or isinstance(filepath, bytes):
        raise TypeError(
            f"{verb_name}(): filepath should be a str or pathlib.Path ending in "
            f"{WEIGHTS_SUFFIX}; got {type(filepath).__name__} {shown(filepath)}."
        )
    return Path(filepath)


@verb(name="save_model_weights")
def save_model_weights(object: Any, filepath: str | Path, overwrite: bool = False) -> Any:
    """Writes the model's weights to a ``.weights.h5`` file; returns the model.

    An existing file is replaced only with ``overwrite=True`` (as in R).

    Example:

    >>> model >> save_model_weights("mlp.weights.h5")
    """
    require_model(object, "save_model_weights")
    path = _path(filepath, "save_model_weights")
    if not isinstance(overwrite, bool):
        raise TypeError(
            f"save_model_weights(): overwrite should be True or False; got {shown(overwrite)}."
        )
    if not path.name.lower().endswith(WEIGHTS_SUFFIX):
        stem = path.name.split(".")[0] or "model"
        raise ValueError(
            f"save_model_weights(): {shown(str(filepath))} should end in {WEIGHTS_SUFFIX}, "
            f"the name Keras gives weight files (e.g. {shown(stem + WEIGHTS_SUFFIX)})."
        )
    if not path.parent.exists():
        raise FileNotFoundError(
            f"save_model_weights(): folder {shown(str(path.parent))} does not exist; create "
            "it first."
        )
    if path.exists() and not overwrite:
        raise FileExistsError(
            f"save_model_weights(): {shown(str(path))} exists; pass overwrite=True to replace it."
        )
    if not object.built:
        raise ValueError(
            f"save_model_weights(): model {shown(object.name)} is not built yet, so it has no "
            "weights. Give it its input shape, or call it on data first."
        )
    object.save_weights(path, overwrite=True)
    return object


@verb(name="load_model_weights")
def load_model_weights(object: Any, filepath: str | Path, skip_mismatch: bool = False) -> Any:
    """Loads weights saved by ``save_model_weights`` into a model of the same architecture.

    Also reads the weights of a ``.keras`` file or a legacy ``.h5`` model.
    ``skip_mismatch=True`` skips layers whose weights do not fit (Keras warns about
    each). If the file does not fit, the model keeps its weights. Returns the model.

    Example:

    >>> model >> load_model_weights("mlp.weights.h5")
    """
    require_model(object, "load_model_weights")
    path = _path(filepath, "load_model_weights")
    if not isinstance(skip_mismatch, bool):
        raise TypeError(
            "load_model_weights(): skip_mismatch should be True or False; got "
            f"{shown(skip_mismatch)}."
        )
    subject = f"load_model_weights(): {shown(str(path))}"
    if not path.is_file():
        what = "is a folder" if path.is_dir() else "does not exist"
        raise FileNotFoundError(
            f"{subject} {what}; give the {WEIGHTS_SUFFIX} file save_model_weights() wrote."
        )
    with path.open("rb") as file:
        head = file.read(len(HDF5_SIGNATURE))
    name = path.name.lower()
    if name.endswith(".keras"):
        expected = head.startswith(b"PK")
    else:
        expected = head == HDF5_SIGNATURE and name.endswith(H5_SUFFIXES)
    if not expected:
        raise ValueError(
            f"{subject} is not a weights file: Keras reads weights from {WEIGHTS_SUFFIX} "
            "files (save_model_weights()), .keras and legacy .h5 model files, by those names "
            "and in those formats."
        )
    before = object.get_weights()
    try:
        object.load_weights(path, skip_mismatch=skip_mismatch)
    except Exception as err:
        object.set_weights(before)
        reason = shown(" ".join(str(err).split()))
        raise ValueError(
            f"{subject} could not be loaded into model {shown(object.name)}: "
            f"{type(err).__name__}: {reason}. The model keeps its weights. Load weights into "
            "a model of the architecture that saved them (or pass skip_mismatch=True to skip "
            "the layers that differ)."
        ) from None
    return object
