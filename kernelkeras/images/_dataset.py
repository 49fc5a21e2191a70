"""``image_dataset_from_directory``: a folder of images as a ``tf.data`` dataset.

Keras' own function, with its signature and docstring, behind one more check: the image
files it will read are untrusted input, so each is opened by its header first (no pixels
decoded). A file that is not a PNG, JPEG, GIF or BMP image whatever its extension (which
TensorFlow would refuse mid-training without naming it), or that has more pixels than
``PIL.Image.MAX_IMAGE_PIXELS`` (a decompression bomb TensorFlow would decode), is
refused before the dataset is made, by name. ``check_files=False`` skips the check.
"""

from __future__ import annotations

import inspect
import os
from pathlib import Path
from typing import Any

from kernelkeras._backend import keras
from kernelkeras._text import shown
from kernelkeras.images._files import DATASET_FORMATS, ImageFileError, check_image_header

_KERAS_FUNCTION = keras.utils.image_dataset_from_directory
#: The file extensions Keras reads (keras.src.utils.image_dataset_utils.ALLOWLIST_FORMATS).
EXTENSIONS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")


def _listed_files(directory: Path, labels: Any, class_names: Any, follow_links: bool) -> list[Path]:
    """The files Keras will read, found as Keras finds them (dataset_utils.index_directory)."""
    folders = [directory]
    if isinstance(labels, str) and labels == "inferred":
        subdirs = sorted(
            name
            for name in os.listdir(directory)
            if (directory / name).is_dir() and not name.startswith(".")
        )
        if isinstance(class_names, (list, tuple)) and set(class_names) <= set(subdirs):
            subdirs = [str(name) for name in class_names]
        folders = [directory / name for name in subdirs]
    found = []
    for folder in folders:
        for root, _, files in sorted(os.walk(folder, followlinks=bool(follow_links))):
            found += [Path(root) / f for f in sorted(files) if f.lower().endswith(EXTENSIONS)]
    return found


def image_dataset_from_directory(directory: Any, *args: Any, **kwargs: Any) -> Any:
    func = "image_dataset_from_directory"
    check_files = kwargs.pop("check_files", True)
    if not isinstance(directory, (str, os.PathLike)) or isinstance(directory, bytes):
        raise TypeError(
            f"{func}(): directory should be a folder path (a str or pathlib.Path); "
            f"got {type(directory).__name__} {shown(directory)}."
        )
    folder = Path(os.fspath(directory))
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "does not exist"
        raise FileNotFoundError(f"{func}(): the folder {folder} {what} (directory=).")
    try:
        bound = inspect.signature(_KERAS_FUNCTION).bind(directory, *args, **kwargs)
    except TypeError as err:
        raise TypeError(f"{func}(): {err} (see help({func})).") from None
    bound.apply_defaults()
    arguments = bound.arguments
    if check_files:
        files = _listed_files(
            folder, arguments["labels"], arguments["class_names"], arguments["follow_links"]
        )
        for path in files:
            if not path.is_file():
                raise ImageFileError(f"{func}(): {path} is not a regular file.")
            check_image_header(path, func, DATASET_FORMATS)
    arguments["directory"] = os.fspath(folder)
    return _KERAS_FUNCTION(*bound.args, **bound.kwargs)


_SIGNATURE = inspect.signature(_KERAS_FUNCTION)
image_dataset_from_directory.__signature__ = _SIGNATURE.replace(  # type: ignore[attr-defined]
    parameters=[
        *_SIGNATURE.parameters.values(),
        inspect.Parameter("check_files", inspect.Parameter.KEYWORD_ONLY, default=True),
    ]
)
image_dataset_from_directory.__doc__ = (
    "Generates a ``tf.data.Dataset`` from image files in a folder "
    "(``keras.utils.image_dataset_from_directory``).\n\n"
    "Each file is checked by its header first (untrusted input): one that is not a PNG, "
    "JPEG, GIF or BMP image, or has more pixels than ``PIL.Image.MAX_IMAGE_PIXELS``, "
    "raises ``ImageFileError`` naming it; ``check_files=False`` skips this.\n\n"
    ">>> train = image_dataset_from_directory('photos/', image_size=(64, 64), batch_size=8)"
    f"\n\n{inspect.getdoc(_KERAS_FUNCTION) or ''}"
)
