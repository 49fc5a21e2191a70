"""What the tokenizer takes: texts (or texts already split into tokens) and sequences.

R keras passes one string as one text (its ``as_texts``); so does kernelkeras, where the
Keras class would have taken each character for a text. pandas Series, numpy arrays and
generators work as lists. A value that is not a text (``None``, a pandas ``NaN``) is
refused with its position, before the tokenizer changes.

Example:

>>> list(texts_of("The cat.", "texts_to_sequences"))
['The cat.']
>>> sequences_of([[1, 2], np.array([3])], "sequences_to_matrix")
[[1, 2], [3]]
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import numpy as np

from kernelkeras._text import shown

Text = str | list[str]


def _not_texts(texts: Any, fn: str) -> TypeError:
    return TypeError(
        f"{fn}(): texts must be a list of strings (or one string), got "
        f"{type(texts).__name__} {shown(texts)}."
    )


def texts_of(texts: Any, fn: str) -> Iterator[Text]:
    """Each text of ``texts`` as a ``str``, or as a ``list`` of tokens; checked one by one."""
    if isinstance(texts, str):
        yield texts
        return
    if isinstance(texts, (bytes, dict)) or texts is None or not hasattr(texts, "__iter__"):
        raise _not_texts(texts, fn)
    for i, text in enumerate(texts):
        if isinstance(text, str):
            yield str(text)
        elif isinstance(text, (list, tuple)) and all(isinstance(t, str) for t in text):
            yield [str(t) for t in text]
        else:
            missing = text is None or (isinstance(text, float) and text != text)
            hint = " Drop missing values first (e.g. series.dropna())." if missing else ""
            if isinstance(text, bytes):
                hint = " Decode bytes first: text.decode('utf-8')."
            raise TypeError(
                f"{fn}(): texts[{i}] is {type(text).__name__} {shown(text)}, not a text "
                f"(a string, or a list of tokens).{hint}"
            )


def peek(items: Any) -> tuple[Any, Any]:
    """``(first item or None, the same items)``, without losing the first of a generator."""
    if isinstance(items, str) or not hasattr(items, "__iter__"):
        return None, items
    if hasattr(items, "__len__") and hasattr(items, "__getitem__") and not hasattr(items, "iloc"):
        return (items[0] if len(items) else None), items
    iterator = iter(items)
    for first in iterator:
        return first, itertools.chain([first], iterator)
    return None, []


def is_sequence(item: Any) -> bool:
    """Whether ``item`` looks like a sequence of word indices (numbers, not strings)."""
    if isinstance(item, (str, bytes, dict)) or not hasattr(item, "__iter__"):
        return False
    first, _ = peek(item)
    return first is None or (
        isinstance(first, (int, float, np.number)) and not isinstance(first, bool)
    )


def sequences_of(sequences: Any, fn: str, one: bool = False) -> list[list[int]]:
    """``sequences`` as lists of ``int`` word indices (whole numbers from 0), checked.

    ``one``: ``sequences`` is ``[sequence]`` for a function of one sequence (messages say so).
    """
    if isinstance(sequences, (str, bytes, dict)) or not hasattr(sequences, "__iter__"):
        raise TypeError(
            f"{fn}(): sequences must be a list of sequences of word indices (e.g. [[1, 2], [3]]), "
            f"got {type(sequences).__name__} {shown(sequences)}."
        )
    rows: list[list[int]] = []
    for i, seq in enumerate(sequences):
        name = "sequence" if one else f"sequences[{i}]"
        if isinstance(seq, (str, bytes)) or not hasattr(seq, "__iter__"):
            hint = " For one sequence, pass [sequence]." if np.isscalar(seq) else ""
            raise TypeError(
                f"{fn}(): {name} is {type(seq).__name__} {shown(seq)}, not a sequence of "
                f"word indices.{hint}"
            )
        items = np.asarray(list(seq) if not hasattr(seq, "__len__") else seq)
        if items.size == 0:
            rows.append([])
            continue
        if items.ndim != 1 or items.dtype.kind not in "iuf":
            raise TypeError(
                f"{fn}(): {name} holds {shown(items.tolist())}; a sequence is a list of "
                "word indices (whole numbers from 0)."
            )
        wrong = (items < 0) | (items != np.floor(items)) if items.dtype.kind == "f" else items < 0
        if items.dtype.kind == "f":
            wrong |= ~np.isfinite(items) | (items > 2**62)
        if wrong.any():
            raise ValueError(
                f"{fn}(): {name} holds {items[wrong][0].item()!r}; word indices are whole "
                "numbers from 0 (0 is padding)."
            )
        rows.append(items.astype(np.int64).tolist())
    return rows
