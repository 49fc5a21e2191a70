"""Keeping a tokenizer with its model: ``save_text_tokenizer`` and ``load_text_tokenizer``.

The file is JSON in Keras' ``Tokenizer.to_json()`` layout (see
:mod:`~kernelkeras.text._file`), written whole or not at all (a temporary file renamed
into place), and read as untrusted input: nothing in it runs, every field is checked.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from kernelkeras._text import shown
from kernelkeras.text._file import MAX_BYTES
from kernelkeras.text._tokenizer import TextTokenizer
from kernelkeras.text._verbs import require_tokenizer, tokenizer_verb

_PICKLE = (
    "it is a Python pickle (R keras' save_text_tokenizer wrote these), and loading a pickle "
    "runs code from the file. Where you trust the file, convert it once in Python: "
    "tokenizer = pickle.load(open(path, 'rb')); open('tokenizer.json', 'w').write("
    "tokenizer.to_json()); then load_text_tokenizer('tokenizer.json')"
)


def _path(filename: Any, fn: str) -> Path:
    if not isinstance(filename, (str, os.PathLike)) or isinstance(filename, bytes):
        raise TypeError(
            f"{fn}(): filename must be a str or pathlib.Path, got {type(filename).__name__} "
            f"{shown(filename)}."
        )
    text = os.fspath(filename)
    if not isinstance(text, str) or not text or "\0" in text:
        raise ValueError(f"{fn}(): {shown(text)} is not a usable file name.")
    return Path(text)


@tokenizer_verb
def save_text_tokenizer(object: Any, filename: Any) -> TextTokenizer:
    """Saves a tokenizer to a JSON file and returns it (R's ``save_text_tokenizer``).

    Use the same tokenizer for prediction as for training: save it next to the model,
    and :func:`load_text_tokenizer` it in the next session. Python Keras'
    ``tokenizer_from_json(open(filename).read())`` reads the file too.

    Args:
        object: the tokenizer.
        filename: where to write (e.g. ``"tokenizer.json"``); replaced if it exists.

    Example:

    >>> tokenizer >> save_text_tokenizer("tokenizer.json")
    """
    tokenizer = require_tokenizer(object, "save_text_tokenizer")
    path = _path(filename, "save_text_tokenizer")
    if path.is_dir():
        raise IsADirectoryError(
            f"save_text_tokenizer(): {shown(str(path))} is a folder; name a file in it."
        )
    text = tokenizer.to_json()
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return tokenizer


def load_text_tokenizer(filename: Any) -> TextTokenizer:
    """Loads a tokenizer that :func:`save_text_tokenizer` (or Keras' ``to_json()``) wrote.

    Raises:
        FileNotFoundError: no such file.
        ValueError: the file is not a tokenizer's JSON; the message names the file and the
            field. Pickles (R keras' old format) are refused, since loading one runs code.

    Example:

    >>> tokenizer = load_text_tokenizer("tokenizer.json")
    """
    fn = "load_text_tokenizer"
    path = _path(filename, fn)
    where = f"{fn}(): {shown(str(path))}"
    if not path.exists():
        raise FileNotFoundError(f"{fn}(): no file at {shown(str(path))}.")
    if not path.is_file():
        raise ValueError(f"{where} is a folder (or a device), not a tokenizer file.")
    with path.open("rb") as file:
        blob = file.read(MAX_BYTES + 1)
    if len(blob) > MAX_BYTES:
        raise ValueError(
            f"{where} is more than {MAX_BYTES:,} bytes, larger than a tokenizer file may be."
        )
    if not blob.strip():
        raise ValueError(f"{where} is empty; it is not a tokenizer file.")
    if blob[:1] == b"\x80":
        raise ValueError(f"{where}: {_PICKLE}.")
    try:
        text = blob.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(f"{where} is not text (UTF-8), so not a tokenizer's JSON.") from None
    return TextTokenizer.from_json(text, source=where)
