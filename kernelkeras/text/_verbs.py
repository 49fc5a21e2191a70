"""R keras' tokenizer functions: ``text_tokenizer``, ``fit_text_tokenizer``,
``texts_to_sequences``, ``texts_to_matrix``, ``sequences_to_matrix``.

Each takes the tokenizer first, as in R, and so works on both sides of ``>>``:
``tokenizer >> fit_text_tokenizer(texts)`` is ``fit_text_tokenizer(tokenizer, texts)``
(R's ``tokenizer %>% fit_text_tokenizer(texts)``). Called without a tokenizer, a function
returns a :class:`~kernelkeras.preprocessing.Pending` call that waits for one.

Example:

>>> tokenizer = text_tokenizer(num_words=1000) >> fit_text_tokenizer(["the cat", "the dog"])
>>> texts_to_sequences(tokenizer, ["the dog"])
[[1, 3]]
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import numpy as np

from kernelkeras._text import shown
from kernelkeras.preprocessing import Pending
from kernelkeras.text._inputs import is_sequence, peek
from kernelkeras.text._tokenizer import TextTokenizer
from kernelkeras.text._words import DEFAULT_FILTERS

F = TypeVar("F", bound=Callable[..., Any])


def tokenizer_verb(fn: F) -> F:
    """``fn(tokenizer, ...)`` that, called without a tokenizer first, waits for one (``>>``)."""
    signature = inspect.signature(fn)
    first = next(iter(signature.parameters))

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if first in kwargs or (args and isinstance(args[0], TextTokenizer)):
            return fn(*args, **kwargs)
        if any(isinstance(a, TextTokenizer) for a in (*args, *kwargs.values())):
            raise TypeError(
                f"{fn.__name__}(): the tokenizer comes first, as in R: "
                f"{fn.__name__}(tokenizer, ...) or tokenizer >> {fn.__name__}(...)."
            )
        try:  # with a tokenizer put first, would the arguments still fit?
            signature.bind(None, *args, **kwargs)
        except TypeError:  # no: the first argument was meant as the tokenizer
            return fn(*args, **kwargs)
        return Pending(fn, args, kwargs, "a text_tokenizer()")

    return wrapper  # type: ignore[return-value]


def require_tokenizer(obj: Any, fn: str) -> TextTokenizer:
    """``obj`` if it is a tokenizer, else a message saying how to make one."""
    if not isinstance(obj, TextTokenizer):
        raise TypeError(
            f"{fn}() needs a tokenizer first, got {type(obj).__name__} {shown(obj, 80)}. Make one "
            f"with text_tokenizer(), then {fn}(tokenizer, ...) or tokenizer >> {fn}(...)."
        )
    return obj


def text_tokenizer(
    num_words: int | None = None,
    filters: str = DEFAULT_FILTERS,
    lower: bool = True,
    split: str = " ",
    char_level: bool = False,
    oov_token: str | None = None,
) -> TextTokenizer:
    """A new text tokenizer (R keras' ``text_tokenizer``; Keras' classic ``Tokenizer``).

    Fit it with :func:`fit_text_tokenizer`, then turn texts into sequences
    (:func:`texts_to_sequences`) or matrices (:func:`texts_to_matrix`). After fitting,
    ``tokenizer.word_index`` maps words to indices (1 = most frequent), and
    ``word_counts``, ``word_docs``, ``index_docs`` and ``document_count`` hold the counts.

    Args:
        num_words: keep only words ranked below ``num_words`` (the ``num_words - 1`` most
            frequent) when converting; None keeps all.
        filters: characters removed from texts (punctuation, tab, newline; not ``'``).
        lower: whether to lower-case texts.
        split: the string between words.
        char_level: whether every character is a token.
        oov_token: a token (e.g. ``"<unk>"``) for words not kept; it gets index 1.

    Example:

    >>> tokenizer = text_tokenizer(num_words=3) >> fit_text_tokenizer(["a a b c", "a b"])
    >>> tokenizer.word_index, texts_to_sequences(tokenizer, "a b c")
    ({'a': 1, 'b': 2, 'c': 3}, [[1, 2]])
    """
    return TextTokenizer(num_words, filters, lower, split, char_level, oov_token)


@tokenizer_verb
def fit_text_tokenizer(object: Any, x: Any = None) -> TextTokenizer:
    """Fits the tokenizer on texts or on sequences, and returns it (R's ``fit_text_tokenizer``).

    Texts (strings, one string being one text; or lists of tokens; or a generator) update
    the vocabulary; sequences of word indices (as R's ``list`` of integer vectors) update
    the document counts that ``tfidf`` uses. If an item is refused, nothing changes.

    Args:
        object: the tokenizer, from :func:`text_tokenizer`.
        x: the texts, or the sequences.

    Example:

    >>> tokenizer = text_tokenizer() >> fit_text_tokenizer(["The cat.", "The dog!"])
    >>> tokenizer.word_counts
    {'the': 2, 'cat': 1, 'dog': 1}
    """
    tokenizer = require_tokenizer(object, "fit_text_tokenizer")
    if x is None:
        raise TypeError(
            "fit_text_tokenizer(): pass the texts to fit on: fit_text_tokenizer(tokenizer, texts)."
        )
    first, items = peek(x)
    if (isinstance(x, np.ndarray) and x.dtype.kind in "iuf") or is_sequence(first):
        return tokenizer.fit_on_sequences(items)
    return tokenizer.fit_on_texts(items)


@tokenizer_verb
def texts_to_sequences(tokenizer: Any, texts: Any) -> list[list[int]]:
    """Each text as a list of word indices (R's ``texts_to_sequences``).

    Only words the tokenizer knows, ranked below ``num_words``, are kept; with an
    ``oov_token`` the others become its index (1).

    Example:

    >>> tokenizer = text_tokenizer() >> fit_text_tokenizer(["a b b"])
    >>> texts_to_sequences(tokenizer, ["b a z", "a"])
    [[1, 2], [2]]
    """
    return require_tokenizer(tokenizer, "texts_to_sequences").texts_to_sequences(texts)


@tokenizer_verb
def texts_to_sequences_generator(tokenizer: Any, texts: Any) -> Iterator[list[int]]:
    """:func:`texts_to_sequences`, one text at a time (R's ``texts_to_sequences_generator``)."""
    name = "texts_to_sequences_generator"
    return require_tokenizer(tokenizer, name).texts_to_sequences_generator(texts)


@tokenizer_verb
def texts_to_matrix(tokenizer: Any, texts: Any, mode: str = "binary") -> np.ndarray:
    """One row per text, one column per word index (R's ``texts_to_matrix``).

    Args:
        tokenizer: a fitted tokenizer.
        texts: the texts.
        mode: ``"binary"`` (1 where the word is in the text), ``"count"`` (times in the
            text), ``"freq"`` (count / words in the text) or ``"tfidf"``
            (``(1 + log(count)) * log(1 + documents / (1 + documents with the word))``).

    Returns:
        A float64 matrix of ``len(texts)`` rows and ``num_words`` columns
        (``len(word_index) + 1`` without ``num_words``); column 0 is never a word.

    Example:

    >>> tokenizer = text_tokenizer() >> fit_text_tokenizer(["a b b"])
    >>> texts_to_matrix(tokenizer, ["b b"], mode="count")
    array([[0., 2., 0.]])
    """
    return require_tokenizer(tokenizer, "texts_to_matrix").texts_to_matrix(texts, mode)


@tokenizer_verb
def sequences_to_matrix(tokenizer: Any, sequences: Any, mode: str = "binary") -> np.ndarray:
    """One row per sequence of word indices, one column per index (R's ``sequences_to_matrix``).

    The tokenizer needs ``num_words`` or a fit on texts (for the number of columns), and a
    fit for ``mode="tfidf"``; the modes are those of :func:`texts_to_matrix`. As in R's
    reuters example, an unfitted ``text_tokenizer(num_words=1000)`` does ``binary``.

    Example:

    >>> sequences_to_matrix(text_tokenizer(num_words=4), [[1, 3], [2]])
    array([[0., 1., 0., 1.],
           [0., 0., 1., 0.]])
    """
    return require_tokenizer(tokenizer, "sequences_to_matrix").sequences_to_matrix(sequences, mode)
