"""Texts from a folder of folders: R's ``text_dataset_from_directory``.

A wrapper of ``keras.utils.text_dataset_from_directory`` with R's arguments, taking R's
numbers (``batch_size = 32`` is a double in R), checking each argument first and naming
a missing folder, instead of Keras' deeper errors.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from kernelkeras._backend import keras
from kernelkeras._text import shown
from kernelkeras.preprocessing import choice, flag, plain, real, whole

_FN = "text_dataset_from_directory"


def text_dataset_from_directory(
    directory: str | os.PathLike[str],
    labels: Any = "inferred",
    label_mode: str | None = "int",
    class_names: list[str] | None = None,
    batch_size: int | None = 32,
    max_length: int | None = None,
    shuffle: bool = True,
    seed: int | None = None,
    validation_split: float | None = None,
    subset: str | None = None,
    follow_links: bool = False,
    verbose: bool = True,
    **kwargs: Any,
) -> Any:
    """A ``tf.data.Dataset`` of ``(texts, labels)`` from ``.txt`` files, one folder per class.

    ``directory/class_a/*.txt`` and ``directory/class_b/*.txt`` give labels 0 and 1 (folders
    in alphanumeric order, or in the order of ``class_names``).

    Args:
        directory: the folder holding one folder per class.
        labels: ``"inferred"`` (from the folders), None, or one label per file (in the
            sorted order of the file paths).
        label_mode: ``"int"``, ``"categorical"``, ``"binary"`` (two classes) or None.
        class_names: the classes in the order wanted (folder names).
        batch_size: texts per batch; None for single texts.
        max_length: cut texts to this many characters.
        shuffle: whether to shuffle (else alphanumeric order).
        seed: the random seed for shuffling and the validation split.
        validation_split: the fraction (0 to 1) kept for validation.
        subset: ``"training"``, ``"validation"`` or ``"both"`` (a tuple of two datasets),
            with ``validation_split``.
        follow_links: whether to follow symbolic links to folders.
        verbose: whether to print how many files and classes were found.
        **kwargs: other arguments of the Keras function (``format=``).

    Example:

    >>> train = text_dataset_from_directory("aclImdb/train", batch_size=32, seed=1)
    >>> texts, labels = next(iter(train))
    """
    path = _folder(directory)
    if labels is not None and labels != "inferred":
        if isinstance(labels, str) or not hasattr(labels, "__len__"):
            raise ValueError(
                f"{_FN}(): labels must be 'inferred', None, or one label per file; "
                f"got {shown(labels)}."
            )
        labels = [whole(label, "labels", _FN, minimum=0) for label in labels]
    if class_names is not None and (
        isinstance(class_names, str) or not all(isinstance(c, str) for c in class_names)
    ):
        raise TypeError(
            f"{_FN}(): class_names must be a list of folder names, got {shown(class_names)}."
        )
    split = real(validation_split, "validation_split", _FN, low=0, high=1, none=True, open_low=True)
    if split is not None and split >= 1:
        raise ValueError(f"{_FN}(): validation_split must be below 1, got {split}.")
    return keras.utils.text_dataset_from_directory(
        str(path),
        labels=labels,
        label_mode=choice(label_mode, "label_mode", _FN, ("int", "categorical", "binary", None)),
        class_names=list(class_names) if class_names is not None else None,
        batch_size=whole(batch_size, "batch_size", _FN, minimum=1, none=True),
        max_length=whole(max_length, "max_length", _FN, minimum=1, none=True),
        shuffle=flag(shuffle, "shuffle", _FN),
        seed=whole(seed, "seed", _FN, none=True),
        validation_split=split,
        subset=choice(subset, "subset", _FN, ("training", "validation", "both", None)),
        follow_links=flag(follow_links, "follow_links", _FN),
        verbose=flag(verbose, "verbose", _FN),
        **{k: plain(v) for k, v in kwargs.items()},
    )


def _folder(directory: Any) -> Path:
    if not isinstance(directory, (str, os.PathLike)) or isinstance(directory, bytes):
        raise TypeError(
            f"{_FN}(): directory must be a str or pathlib.Path, got {type(directory).__name__} "
            f"{shown(directory)}."
        )
    path = Path(os.fspath(directory))
    if not path.exists():
        raise FileNotFoundError(f"{_FN}(): no folder at {shown(str(path))}.")
    if not path.is_dir():
        raise NotADirectoryError(
            f"{_FN}(): {shown(str(path))} is a file; pass the folder that holds one folder "
            "per class."
        )
    return path
