"""skipgrams and make_sampling_table: by hand, against Keras', and what a seed promises."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from kernelkeras.text import make_sampling_table, skipgrams
from tests.unit.text._reference import legacy_sequence


def test_positive_couples_by_hand():
    result = skipgrams([1, 2, 0, 3], vocabulary_size=4, window_size=2, negative_samples=0,
                       shuffle=False)  # fmt: skip
    # 0 is padding: skipped as a word and as a context
    assert result.couples == [[1, 2], [2, 1], [2, 3], [3, 2]]
    assert result.labels == [1, 1, 1, 1]
    couples, labels = result  # Keras' unpacking
    assert couples is result.couples and labels is result.labels
    categorical = skipgrams([1, 2], 3, window_size=1, negative_samples=0, shuffle=False,
                            categorical=True)  # fmt: skip
    assert categorical.labels == [[0, 1], [0, 1]]


@pytest.mark.parametrize("window_size", [1, 2, 4, 10])
def test_positive_couples_match_keras(window_size):
    rng = np.random.default_rng(window_size)
    sequence = rng.integers(0, 30, size=60).tolist()
    ours = skipgrams(sequence, 30, window_size=window_size, negative_samples=0, shuffle=False)
    theirs = legacy_sequence.skipgrams(
        sequence, 30, window_size=window_size, negative_samples=0.0, shuffle=False
    )
    assert ours.couples == theirs[0] and ours.labels == theirs[1]
    shuffled = skipgrams(sequence, 30, window_size=window_size, negative_samples=0, seed=3)
    assert sorted(shuffled.couples) == sorted(theirs[0]) and set(shuffled.labels) == {1}


def test_negative_couples():
    sequence = list(range(1, 21))
    positives = skipgrams(sequence, 100, window_size=2, negative_samples=0, shuffle=False)
    result = skipgrams(sequence, 100, window_size=2, negative_samples=1.5, shuffle=False, seed=1)
    n = len(positives.couples)
    assert result.couples[:n] == positives.couples
    assert result.labels == [1] * n + [0] * int(n * 1.5)
    firsts = sorted(c[0] for c in positives.couples)
    negatives = result.couples[n:]
    assert sorted(c[0] for c in negatives[:n]) == firsts  # each positive first word once
    assert all(1 <= c[1] <= 99 for c in negatives)
    # shuffled: couples keep their labels
    mixed = skipgrams(sequence, 100, window_size=2, negative_samples=1.0, seed=5)
    positive_set = {tuple(c) for c in positives.couples}
    for couple, label in zip(mixed.couples, mixed.labels, strict=True):
        if label == 1:
            assert tuple(couple) in positive_set


def test_a_seed_gives_the_same_result_and_leaves_python_random_alone():
    table = make_sampling_table(50)
    random.seed(123)
    state = random.getstate()
    one = skipgrams(list(range(1, 50)), 50, sampling_table=table * 100, seed=7)
    two = skipgrams(list(range(1, 50)), 50, sampling_table=table * 100, seed=7)
    assert one == two and one != skipgrams(list(range(1, 50)), 50, seed=8)
    assert random.getstate() == state


def test_sampling_table_keeps_words_by_probability():
    sequence = [1, 2, 3, 4]
    kept = skipgrams(sequence, 5, negative_samples=0, sampling_table=np.ones(5), seed=0)
    dropped = skipgrams(sequence, 5, negative_samples=0, sampling_table=np.zeros(5), seed=0)
    assert len(kept.couples) == 12 and dropped.couples == []


def test_sampling_table_by_the_word2vec_formula_and_as_keras():
    table = make_sampling_table(1000, sampling_factor=1e-4)
    for rank in (0, 1, 2, 10, 999):
        r = max(rank, 1)
        inverse_frequency = r * (math.log(r) + 0.577) + 0.5 - 1 / (12 * r)
        f = 1e-4 * inverse_frequency
        assert table[rank] == pytest.approx(min(1.0, f / math.sqrt(f)), rel=1e-12)
    assert np.array_equal(table, legacy_sequence.make_sampling_table(1000, 1e-4))
    assert np.array_equal(make_sampling_table(10.0), legacy_sequence.make_sampling_table(10))
    assert np.all(np.diff(make_sampling_table(100)) >= 0)  # rarer words are kept more


@pytest.mark.parametrize(
    ("call", "error", "pattern"),
    [
        (lambda: skipgrams(5, 10), TypeError, r"sequence must be one sequence"),
        (lambda: skipgrams([1, -2], 10), ValueError, r"sequence holds -2"),
        (lambda: skipgrams([1, 2], 1), ValueError, r"vocabulary_size must be a whole number of at"),
        (lambda: skipgrams([1, 2], 10, window_size=-1), ValueError, r"window_size"),
        (lambda: skipgrams([1, 2], 10, negative_samples=-1), ValueError, r"negative_samples"),
        (lambda: skipgrams([1, 9], 10, sampling_table=np.ones(5)), ValueError, r"has 5 entries"),
        (lambda: skipgrams([1], 10, sampling_table="abc"), TypeError, r"1-D array"),
        (lambda: skipgrams([1], 10, shuffle="yes"), TypeError, r"shuffle must be True or False"),
        (lambda: make_sampling_table(0), ValueError, r"size must be a whole number of at least 1"),
        (lambda: make_sampling_table(5, 0), ValueError, r"sampling_factor must be a number above"),
    ],
)
def test_bad_arguments_are_named(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()
