"""Sequences to a matrix, one row per sequence and one column per word index.

The values are those of ``keras_preprocessing``'s ``Tokenizer.sequences_to_matrix``, for a
word index ``j`` that appears ``c`` times in a sequence of ``n`` indices:

- ``binary``: 1;
- ``count``: ``c``;
- ``freq``: ``c / n`` (``n`` counts every index of the sequence, those past the last
  column too);
- ``tfidf``: ``(1 + log(c)) * log(1 + N / (1 + d))``, with ``N`` the tokenizer's
  ``document_count`` and ``d`` = ``index_docs[j]`` (0 if absent): weighting scheme 2 of
  https://en.wikipedia.org/wiki/Tf-idf.

Columns run from 0 to ``num_words - 1`` (``len(word_index)`` without ``num_words``);
indices past the last column are left out and column 0 (padding) stays 0 unless 0 is in
a sequence. The result is float64, as in Keras. Computed with numpy over all sequences
at once rather than index by index.

Example:

>>> to_matrix(tokenizer, [[1, 1, 2]], "count")[0, :3]
array([0., 2., 1.])
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kernelkeras._text import shown

MODES = ("binary", "count", "tfidf", "freq")


def to_matrix(tokenizer: Any, rows: list[list[int]], mode: str) -> np.ndarray:
    """The ``(len(rows), width)`` matrix of ``rows`` (checked lists of ``int`` indices)."""
    fn = "sequences_to_matrix"
    if not isinstance(mode, str) or mode not in MODES:
        listed = ", ".join(repr(m) for m in MODES)
        raise ValueError(f"{fn}(): mode must be one of {listed}; got {shown(mode)}.")
    if tokenizer.num_words:
        width = tokenizer.num_words
    elif tokenizer.word_index:
        width = len(tokenizer.word_index) + 1
    else:
        raise ValueError(
            f"{fn}(): the matrix needs a width: create the tokenizer with num_words= "
            "(text_tokenizer(num_words=1000)), or fit it on texts first."
        )
    if mode == "tfidf" and not tokenizer.document_count:
        raise ValueError(
            f"{fn}(): mode='tfidf' needs document counts; fit the tokenizer on texts or "
            "sequences first (fit_text_tokenizer)."
        )
    try:
        matrix = np.zeros((len(rows), width))
    except (MemoryError, ValueError):
        size = len(rows) * width * 8
        raise MemoryError(
            f"{fn}(): a {len(rows):,} x {width:,} matrix ({size / 2**30:,.1f} GiB) does not fit "
            "in memory; keep fewer words with text_tokenizer(num_words=...)."
        ) from None
    lengths = np.fromiter((len(row) for row in rows), dtype=np.int64, count=len(rows))
    if not lengths.sum():
        return matrix
    flat = np.fromiter((i for row in rows for i in row), dtype=np.int64, count=int(lengths.sum()))
    row_of = np.repeat(np.arange(len(rows), dtype=np.int64), lengths)
    kept = flat < width
    cells, counts = np.unique(row_of[kept] * width + flat[kept], return_counts=True)
    r, j = np.divmod(cells, width)
    if mode == "binary":
        matrix[r, j] = 1.0
    elif mode == "count":
        matrix[r, j] = counts
    elif mode == "freq":
        matrix[r, j] = counts / lengths[r]
    else:
        docs = np.fromiter(
            (tokenizer.index_docs.get(int(k), 0) for k in j), dtype=np.float64, count=len(j)
        )
        matrix[r, j] = (1.0 + np.log(counts)) * np.log(
            1.0 + tokenizer.document_count / (1.0 + docs)
        )
    return matrix
