"""Texts to words and words to numbers: ``text_to_word_sequence``, ``text_one_hot``,
``text_hashing_trick``.

The semantics are those of the classic Keras text utilities (``keras_preprocessing.text``,
which R keras wraps): lower-case the text, turn every character of ``filters`` into
``split``, split on ``split`` and drop empty pieces; hashing maps a word ``w`` to
``hash(w) % (n - 1) + 1``, so indices run from 1 to ``n - 1`` and 0 stays free for padding.

Example:

>>> text_to_word_sequence("The cat sat. The END!")
['the', 'cat', 'sat', 'the', 'end']
>>> text_hashing_trick("the cat the", n=10, hash_function="md5")
[6, 3, 6]
"""

from __future__ import annotations

import hashlib
import numbers
from collections.abc import Callable
from typing import Any

from kernelkeras._text import shown
from kernelkeras.preprocessing import flag, whole

#: Keras' default filters: punctuation (not the apostrophe), tab and newline.
DEFAULT_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def check_filters(filters: Any, fn: str) -> str:
    """``filters`` as one string of characters (a list of single characters is joined)."""
    if isinstance(filters, str):
        return filters
    if isinstance(filters, (list, tuple)) and all(
        isinstance(c, str) and len(c) == 1 for c in filters
    ):
        return "".join(filters)
    raise TypeError(
        f"{fn}(): filters must be a string of the characters to remove, e.g. '.,!?', got "
        f"{type(filters).__name__} {shown(filters)}."
    )


def check_split(split: Any, fn: str) -> str:
    """``split`` as a non-empty string."""
    if not isinstance(split, str) or not split:
        raise ValueError(
            f"{fn}(): split must be the non-empty string between words, e.g. ' ', "
            f"got {shown(split)}."
        )
    return split


def check_text(text: Any, fn: str) -> str:
    """``text`` as one string; a list of texts is refused with the way to map over it."""
    if isinstance(text, str):
        return text
    hint = ""
    if isinstance(text, (list, tuple)) or hasattr(text, "__array__"):
        hint = f" For several texts: [{fn}(t, ...) for t in texts]."
    raise TypeError(
        f"{fn}(): text must be one string, got {type(text).__name__} {shown(text)}.{hint}"
    )


def words(text: str, filters: str, lower: bool, split: str) -> list[str]:
    """The words of ``text`` (the unchecked core of :func:`text_to_word_sequence`)."""
    if lower:
        text = text.lower()
    table: dict[str, str | int | None] = dict.fromkeys(filters, split)
    text = text.translate(str.maketrans(table))
    return [word for word in text.split(split) if word]


def text_to_word_sequence(
    text: str, filters: str = DEFAULT_FILTERS, lower: bool = True, split: str = " "
) -> list[str]:
    """Splits a text into words (tokens), as R keras' ``text_to_word_sequence``.

    Args:
        text: one text.
        filters: characters to remove (each becomes a ``split``): punctuation, tab and
            newline by default, not the apostrophe.
        lower: whether to lower-case the text first.
        split: the string between words.

    Returns:
        The list of words, empty ones dropped.

    Example:

    >>> text_to_word_sequence("Hello, World!  It's me.")
    ['hello', 'world', "it's", 'me']
    """
    fn = "text_to_word_sequence"
    return words(
        check_text(text, fn),
        check_filters(filters, fn),
        flag(lower, "lower", fn),
        check_split(split, fn),
    )


def _md5(word: str) -> int:
    return int(hashlib.md5(word.encode()).hexdigest(), 16)


def text_hashing_trick(
    text: str,
    n: int,
    hash_function: str | Callable[[str], int] | None = None,
    filters: str = DEFAULT_FILTERS,
    lower: bool = True,
    split: str = " ",
) -> list[int]:
    """Maps each word of ``text`` to an index from 1 to ``n - 1`` by hashing it.

    Two words may share an index (a collision). ``hash_function=None`` uses Python's
    ``hash``, which changes from one Python session to the next (``PYTHONHASHSEED``), as it
    did in R keras; ``"md5"`` gives the same indices everywhere.

    Args:
        text: one text.
        n: the size of the hashing space (at least 2); indices are ``1..n-1``.
        hash_function: None (Python's ``hash``), ``"md5"``, or a function from a word to
            an integer.
        filters: characters to remove, as for :func:`text_to_word_sequence`.
        lower: whether to lower-case the text first.
        split: the string between words.

    Returns:
        One index per word.

    Example:

    >>> text_hashing_trick("The cat", n=100, hash_function="md5")
    [51, 3]
    """
    fn = "text_hashing_trick"
    return _hashed(text, n, hash_function, filters, lower, split, fn)


def text_one_hot(
    text: str, n: int, filters: str = DEFAULT_FILTERS, lower: bool = True, split: str = " "
) -> list[int]:
    """Maps each word of ``text`` to an index from 1 to ``n - 1``, with Python's ``hash``.

    R keras' ``text_one_hot``: :func:`text_hashing_trick` with ``hash_function=None``. The
    indices differ between Python sessions unless ``PYTHONHASHSEED`` is fixed; for stable
    ones use ``text_hashing_trick(text, n, hash_function="md5")``.

    Example:

    >>> seq = text_one_hot("the cat the", n=50)
    >>> seq[0] == seq[2] and all(1 <= i < 50 for i in seq)
    True
    """
    return _hashed(text, n, None, filters, lower, split, "text_one_hot")


def _hashed(
    text: Any, n: Any, hash_function: Any, filters: Any, lower: Any, split: Any, fn: str
) -> list[int]:
    space = whole(n, "n", fn, minimum=2)
    if hash_function is None:
        hasher: Callable[[str], Any] = hash
    elif hash_function == "md5":
        hasher = _md5
    elif callable(hash_function):
        hasher = hash_function
    else:
        raise ValueError(
            f"{fn}(): hash_function must be None (Python's hash), 'md5', or a function from a "
            f"word to an integer; got {shown(hash_function)}."
        )
    tokens = words(
        check_text(text, fn),
        check_filters(filters, fn),
        flag(lower, "lower", fn),
        check_split(split, fn),
    )
    indices = []
    for word in tokens:
        value = hasher(word)
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise TypeError(
                f"{fn}(): hash_function gave {type(value).__name__} {shown(value)} for the word "
                f"{shown(word)}; it must return an integer."
            )
        indices.append(int(value) % (space - 1) + 1)
    return indices
