"""Word pairs for word2vec-style training: ``skipgrams`` and ``make_sampling_table``.

The semantics are those of ``keras_preprocessing.sequence`` (what R keras wraps):

- ``skipgrams``: for each word ``w_i`` of the sequence (index 0 skipped: padding), each
  word ``w_j`` with ``0 < |i - j| <= window_size`` (0 skipped too) gives a couple
  ``[w_i, w_j]`` with label 1, in order of ``i`` then ``j``. A ``sampling_table`` keeps
  ``w_i`` with probability ``sampling_table[w_i]``. Then ``int(positives *
  negative_samples)`` couples ``[w, r]`` with label 0 follow: ``w`` goes through the
  first words of the positive couples in shuffled order, ``r`` is a random index from 1 to
  ``vocabulary_size - 1``. With ``shuffle``, couples and their labels are shuffled alike.
- ``make_sampling_table``: word2vec's ``p = min(1, sqrt(f / s) / (f / s))`` for the
  frequency ``f`` of rank ``r`` under Zipf's law, ``f(r) ~ 1 / (r (log r + gamma) + 1/2 -
  1 / (12 r))``, rank 0 taken as rank 1, ``gamma = 0.577``.

Unlike Keras, ``seed`` makes the whole result reproducible (sampling and negative
couples too, not only the final shuffle), and Python's global random state is untouched.
"""

from __future__ import annotations

import random
from typing import Any, NamedTuple

import numpy as np

from kernelkeras._text import shown
from kernelkeras.preprocessing import flag, real, whole
from kernelkeras.text._inputs import sequences_of


class Skipgrams(NamedTuple):
    """R's ``list(couples, labels)``; unpacks as Keras' ``couples, labels``."""

    couples: list[list[int]]
    labels: list[Any]


def make_sampling_table(size: int, sampling_factor: float = 1e-05) -> np.ndarray:
    """The probability of keeping a word of each frequency rank (R's ``make_sampling_table``).

    Args:
        size: the number of ranks (the vocabulary size).
        sampling_factor: word2vec's sampling factor ``s``.

    Returns:
        A float64 array of ``size`` probabilities; frequent words (low ranks) get less.

    Example:

    >>> make_sampling_table(5).round(4)
    array([0.0032, 0.0032, 0.0055, 0.0074, 0.0091])
    """
    fn = "make_sampling_table"
    ranks = np.arange(whole(size, "size", fn, minimum=1), dtype=np.float64)
    ranks[0] = 1.0
    factor = real(sampling_factor, "sampling_factor", fn, low=0, open_low=True)
    frequency_inverse = ranks * (np.log(ranks) + 0.577) + 0.5 - 1.0 / (12.0 * ranks)
    scaled = factor * frequency_inverse
    return np.minimum(1.0, scaled / np.sqrt(scaled))


def skipgrams(
    sequence: Any,
    vocabulary_size: int,
    window_size: int = 4,
    negative_samples: float = 1.0,
    shuffle: bool = True,
    categorical: bool = False,
    sampling_table: Any = None,
    seed: int | None = None,
) -> Skipgrams:
    """Skip-gram couples of word indices with labels (R's ``skipgrams``).

    Args:
        sequence: one sequence of word indices (0 is skipped).
        vocabulary_size: the largest word index + 1.
        window_size: how far a context word may be (half the window).
        negative_samples: random (label 0) couples per positive one; 0 for none.
        shuffle: whether to shuffle the couples (with their labels).
        categorical: labels as ``[0, 1]`` / ``[1, 0]`` instead of 1 / 0.
        sampling_table: the probability to keep each word index
            (:func:`make_sampling_table`), or None to keep all.
        seed: a random seed: the same seed gives the same result.

    Returns:
        ``Skipgrams(couples, labels)``: ``result.couples``, ``result.labels`` as in R, or
        ``couples, labels = skipgrams(...)``.

    Example:

    >>> skipgrams([1, 2, 3], vocabulary_size=4, window_size=1, negative_samples=0, shuffle=False)
    Skipgrams(couples=[[1, 2], [2, 1], [2, 3], [3, 2]], labels=[1, 1, 1, 1])
    """
    fn = "skipgrams"
    if np.isscalar(sequence) or sequence is None:
        raise TypeError(
            f"{fn}(): sequence must be one sequence of word indices, got {shown(sequence)}."
        )
    (words,) = sequences_of([sequence], fn, one=True)
    vocabulary = whole(vocabulary_size, "vocabulary_size", fn, minimum=2)
    window = whole(window_size, "window_size", fn, minimum=0)
    negatives = real(negative_samples, "negative_samples", fn, low=0)
    categorical = flag(categorical, "categorical", fn)
    table = _table(sampling_table, words, fn)
    rng = random.Random(whole(seed, "seed", fn, none=True))
    couples: list[list[int]] = []
    for i, word in enumerate(words):
        if not word or (table is not None and table[word] < rng.random()):
            continue
        for j in range(max(0, i - window), min(len(words), i + window + 1)):
            if j != i and words[j]:
                couples.append([word, words[j]])
    positives = len(couples)
    wanted = int(positives * negatives)
    if wanted:
        firsts = [couple[0] for couple in couples]
        rng.shuffle(firsts)
        couples += [[firsts[k % positives], rng.randint(1, vocabulary - 1)] for k in range(wanted)]
    labels: list[Any] = [1] * positives + [0] * wanted
    if flag(shuffle, "shuffle", fn):
        order = list(range(len(couples)))
        rng.shuffle(order)
        couples = [couples[k] for k in order]
        labels = [labels[k] for k in order]
    if categorical:
        labels = [[1 - label, label] for label in labels]
    return Skipgrams(couples, labels)


def _table(sampling_table: Any, words: list[int], fn: str) -> np.ndarray | None:
    if sampling_table is None:
        return None
    table = (
        np.asarray(sampling_table, dtype=np.float64)
        if not isinstance(sampling_table, str)
        else None
    )
    if table is None or table.ndim != 1:
        raise TypeError(
            f"{fn}(): sampling_table must be a 1-D array of probabilities "
            f"(make_sampling_table(vocabulary_size)), got {shown(sampling_table)}."
        )
    if words and max(words) >= len(table):
        raise ValueError(
            f"{fn}(): the sequence holds the word index {max(words)}, but sampling_table has "
            f"{len(table)} entries; make it with make_sampling_table(vocabulary_size)."
        )
    return table
