"""The tokenizer, called as R code calls it, against hand-computed values and Keras' own."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from kernelkeras.preprocessing import pad_sequences
from kernelkeras.text import (
    TextTokenizer,
    fit_text_tokenizer,
    sequences_to_matrix,
    text_tokenizer,
    texts_to_matrix,
    texts_to_sequences,
    texts_to_sequences_generator,
)
from tests.unit.text._reference import MODES, assert_same_state, legacy_tokenizer

TEXTS = ["The cat sat on the mat.", "The dog sat!", "A cat, a dog; a bird?"]


def test_counts_and_ranks_by_hand():
    tokenizer = text_tokenizer() >> fit_text_tokenizer(TEXTS)
    # counts in order of first appearance
    assert list(tokenizer.word_counts.items()) == [
        ("the", 3), ("cat", 2), ("sat", 2), ("on", 1), ("mat", 1), ("dog", 2), ("a", 3),
        ("bird", 1),
    ]  # fmt: skip
    # ranked by count, ties in order of first appearance; 0 is never a word
    assert tokenizer.word_index == {
        "the": 1, "a": 2, "cat": 3, "sat": 4, "dog": 5, "on": 6, "mat": 7, "bird": 8,
    }  # fmt: skip
    assert tokenizer.index_word == {i: w for w, i in tokenizer.word_index.items()}
    assert tokenizer.word_docs == {
        "the": 2, "cat": 2, "sat": 2, "on": 1, "mat": 1, "dog": 2, "a": 1, "bird": 1,
    }  # fmt: skip
    assert tokenizer.index_docs == {1: 2, 2: 1, 3: 2, 4: 2, 5: 2, 6: 1, 7: 1, 8: 1}
    assert tokenizer.document_count == 3
    assert "8 words from 3 documents" in repr(tokenizer)


def test_num_words_keeps_the_ranks_below_it_and_oov_takes_index_1():
    top = text_tokenizer(num_words=4) >> fit_text_tokenizer(TEXTS)
    assert texts_to_sequences(top, ["the cat and the bird"]) == [[1, 3, 1]]
    oov = text_tokenizer(num_words=4, oov_token="<unk>") >> fit_text_tokenizer(TEXTS)
    assert oov.word_index["<unk>"] == 1 and oov.word_index["the"] == 2
    # the=2, cat=4 (not below 4: oov), and (unknown: oov), the, bird (oov)
    assert texts_to_sequences(oov, ["the cat and the bird"]) == [[2, 1, 1, 2, 1]]
    assert oov.sequences_to_texts([[2, 1, 4, 99]]) == ["the <unk> <unk> <unk>"]
    assert top.sequences_to_texts([[1, 3, 99, 2, 4]]) == ["the cat a"]  # 4 is not below 4


def test_matrix_modes_by_the_formulas():
    tokenizer = text_tokenizer() >> fit_text_tokenizer(TEXTS)
    text = ["the the cat zebra"]  # zebra is unknown: the sequence is [1, 1, 3]
    assert texts_to_sequences(tokenizer, text) == [[1, 1, 3]]
    width = len(tokenizer.word_index) + 1
    expected = {
        "binary": {1: 1.0, 3: 1.0},
        "count": {1: 2.0, 3: 1.0},
        "freq": {1: 2 / 3, 3: 1 / 3},
        # (1 + log(c)) * log(1 + documents / (1 + documents with the word))
        "tfidf": {1: (1 + math.log(2)) * math.log(1 + 3 / (1 + 2)), 3: math.log(1 + 3 / 3)},
    }
    for mode, cells in expected.items():
        row = np.zeros(width)
        for j, value in cells.items():
            row[j] = value
        matrix = texts_to_matrix(tokenizer, text, mode=mode)
        assert matrix.dtype == np.float64 and matrix.shape == (1, width)
        np.testing.assert_allclose(matrix[0], row, rtol=1e-15)
    # sequences: indices past num_words are left out, but freq counts them in the length
    small = text_tokenizer(num_words=3)
    assert sequences_to_matrix(small, [[1, 1, 2, 5], []], mode="count").tolist() == [
        [0, 2, 1],
        [0, 0, 0],
    ]
    assert sequences_to_matrix(small, [[1, 1, 2, 5]], mode="freq").tolist() == [[0, 0.5, 0.25]]


SETTINGS = [
    {},
    {"num_words": 5},
    {"num_words": 5, "oov_token": "<unk>"},
    {"oov_token": "OOV"},
    {"lower": False},
    {"char_level": True},
    {"char_level": True, "num_words": 8, "oov_token": "?"},
    {"filters": "", "split": ","},
    {"filters": "aeiou"},
]


@pytest.mark.parametrize("settings", SETTINGS, ids=lambda s: repr(s))
def test_everything_matches_keras_classic_tokenizer(settings):
    texts = [*TEXTS, "The CAT, the Hat; the BAT.", "x,y,,z", "", "ünïcödé Straße"]
    queries = ["the cat and THE hat", "bird, bird, bird", "", "zzz"]
    ours = text_tokenizer(**settings) >> fit_text_tokenizer(texts)
    theirs = legacy_tokenizer(texts, **settings)
    assert_same_state(ours, theirs)
    sequences = theirs.texts_to_sequences(queries)
    assert texts_to_sequences(ours, queries) == sequences
    assert list(texts_to_sequences_generator(ours, queries)) == sequences
    probe = [[1, 2, 3, 2], [0, 4, 50], []]
    assert ours.sequences_to_texts(probe) == theirs.sequences_to_texts(probe)
    for mode in MODES:
        np.testing.assert_allclose(
            texts_to_matrix(ours, queries, mode=mode),
            theirs.texts_to_matrix(queries, mode=mode),
            rtol=1e-12,
        )
        np.testing.assert_allclose(
            sequences_to_matrix(ours, probe, mode=mode),
            theirs.sequences_to_matrix(probe, mode=mode),
            rtol=1e-12,
        )


def test_fitting_again_and_on_sequences_accumulates_as_keras_does():
    ours = text_tokenizer(oov_token="<unk>") >> fit_text_tokenizer(TEXTS[:2])
    ours >> fit_text_tokenizer(TEXTS[2:])
    theirs = legacy_tokenizer(TEXTS[:2], oov_token="<unk>")
    theirs.fit_on_texts(TEXTS[2:])
    assert_same_state(ours, theirs)
    sequences = [[1, 2, 2], [3, 0], [2]]
    assert fit_text_tokenizer(ours, sequences) is ours  # R's list of integer vectors
    theirs.fit_on_sequences(sequences)
    assert_same_state(ours, theirs)
    np.testing.assert_allclose(
        sequences_to_matrix(ours, sequences, mode="tfidf"),
        theirs.sequences_to_matrix(sequences, mode="tfidf"),
        rtol=1e-12,
    )
    # a numpy matrix of indices (e.g. already padded) is sequences too
    fit_text_tokenizer(ours, np.array([[0, 1], [2, 3]]))
    assert ours.document_count == theirs.document_count + 2


def test_r_calling_styles():
    # R: tokenizer <- text_tokenizer(num_words = 10) %>% fit_text_tokenizer(texts)
    tokenizer = text_tokenizer(num_words=10.0) >> fit_text_tokenizer(TEXTS)
    assert tokenizer.num_words == 10 and isinstance(tokenizer, TextTokenizer)
    assert fit_text_tokenizer(text_tokenizer(), x=TEXTS).word_index == tokenizer.word_index
    # one string is one text (R's as_texts), not one text per character
    assert texts_to_sequences(tokenizer, "the cat") == [[1, 3]]
    assert (tokenizer >> texts_to_sequences("the cat")) == [[1, 3]]
    assert (tokenizer >> texts_to_matrix(["the"], mode="count"))[0, 1] == 1
    # x_train <- texts_to_sequences(tokenizer, texts) %>% pad_sequences(maxlen = 4)
    padded = texts_to_sequences(tokenizer, TEXTS) >> pad_sequences(maxlen=4)
    assert padded.tolist() == [[4, 6, 1, 7], [0, 1, 5, 4], [2, 5, 2, 8]]
    # texts from pandas, numpy and generators, and texts already split into tokens
    series = pd.Series(TEXTS)
    assert (text_tokenizer() >> fit_text_tokenizer(series)).word_index == tokenizer.word_index
    array = np.array(TEXTS)
    assert (text_tokenizer() >> fit_text_tokenizer(array)).word_index == tokenizer.word_index
    generated = text_tokenizer() >> fit_text_tokenizer(t for t in TEXTS)
    assert generated.word_index == tokenizer.word_index and generated.document_count == 3
    tokens = text_tokenizer() >> fit_text_tokenizer([["The", "cat"], ["the"]])
    assert tokens.word_index == {"the": 1, "cat": 2}
    assert texts_to_sequences(tokens, [["CAT", "the", "dog"]]) == [[2, 1]]


def test_reuters_example_unfitted_tokenizer_with_num_words():
    # R: tokenizer <- text_tokenizer(num_words = max_words)
    #    x_train <- sequences_to_matrix(tokenizer, x_train, mode = 'binary')
    x_train = np.empty(3, dtype=object)  # as Keras' reuters/imdb loaders give them
    x_train[:] = [[1, 2, 2, 999, 1500], [3], []]
    matrix = sequences_to_matrix(text_tokenizer(num_words=1000), x_train, mode="binary")
    assert matrix.shape == (3, 1000)
    assert matrix.sum(axis=1).tolist() == [3, 1, 0] and matrix[0, [1, 2, 999]].tolist() == [1] * 3


def test_a_refused_text_leaves_the_tokenizer_as_it_was():
    tokenizer = text_tokenizer() >> fit_text_tokenizer(TEXTS)
    before = (dict(tokenizer.word_counts), dict(tokenizer.word_index), tokenizer.document_count)
    with pytest.raises(TypeError, match=r"texts\[2\] is float nan.*dropna"):
        fit_text_tokenizer(tokenizer, pd.Series(["new words", "more", None]))
    with pytest.raises(TypeError, match=r"texts\[1\] is bytes.*decode"):
        fit_text_tokenizer(tokenizer, ["fine", b"bytes"])
    with pytest.raises(ValueError, match=r"sequences\[1\] holds -1"):
        fit_text_tokenizer(tokenizer, [[1, 2], [3, -1]])
    after = (dict(tokenizer.word_counts), dict(tokenizer.word_index), tokenizer.document_count)
    assert after == before


@pytest.mark.parametrize(
    ("call", "error", "pattern"),
    [
        (lambda t: texts_to_matrix(t, TEXTS, mode="tf"), ValueError, r"mode must be one of 'b"),
        (lambda t: sequences_to_matrix(t, [[1]], mode=None), ValueError, r"mode must be one of"),
        (lambda t: sequences_to_matrix(t, [1, 2]), TypeError, r"\[0\] is int.*\[sequence\]"),
        (lambda t: sequences_to_matrix(t, [[1.5]]), ValueError, r"holds 1.5; word indices"),
        (lambda t: sequences_to_matrix(t, "the cat"), TypeError, r"sequences must be a list"),
        (lambda t: texts_to_sequences(t, 42), TypeError, r"texts must be a list of strings"),
        (lambda t: texts_to_sequences(t, [["a", 1]]), TypeError, r"texts\[0\] is list"),
        (lambda t: fit_text_tokenizer(t), TypeError, r"pass the texts to fit on"),
        (lambda t: fit_text_tokenizer(TEXTS, t), TypeError, r"the tokenizer comes first"),
        (lambda t: [1, 2] >> texts_to_sequences(TEXTS), TypeError, r"tokenizer first, got list"),
        (lambda t: texts_to_sequences(None, TEXTS), TypeError, r"needs a tokenizer first"),
    ],
)  # fmt: skip
def test_bad_calls_say_what_to_pass(call, error, pattern):
    tokenizer = text_tokenizer() >> fit_text_tokenizer(TEXTS)
    with pytest.raises(error, match=pattern):
        call(tokenizer)


def test_unfitted_tokenizers_refuse_instead_of_giving_empty_results():
    with pytest.raises(ValueError, match=r"holds no words yet.*fit_text_tokenizer\(texts\)"):
        texts_to_sequences(text_tokenizer(num_words=100), TEXTS)
    with pytest.raises(ValueError, match=r"matrix needs a width.*num_words="):
        sequences_to_matrix(text_tokenizer(), [[1, 2]])
    with pytest.raises(ValueError, match=r"mode='tfidf' needs document counts"):
        sequences_to_matrix(text_tokenizer(num_words=5), [[1, 2]], mode="tfidf")


@pytest.mark.parametrize(
    ("settings", "pattern"),
    [
        ({"num_words": 0}, r"num_words must be a whole number of at least 1 or None, got 0"),
        ({"num_words": 2.5}, r"num_words must be a whole number"),
        ({"num_words": True}, r"num_words must be a whole number.*bool"),
        ({"num_words": "100"}, r"num_words must be a whole number.*str"),
        ({"oov_token": 1}, r"oov_token must be a string"),
        ({"split": ""}, r"split must be the non-empty string"),
        ({"lower": "yes"}, r"lower must be True or False"),
        ({"char_level": 1}, r"char_level must be True or False"),
        ({"filters": 5}, r"filters must be a string"),
    ],
)
def test_bad_settings_are_refused_by_name(settings, pattern):
    with pytest.raises((TypeError, ValueError), match=pattern):
        text_tokenizer(**settings)


def test_a_call_without_tokenizer_waits_and_says_so():
    pending = fit_text_tokenizer(TEXTS)
    assert "waits for a text_tokenizer() on the left of >>" in repr(pending)
    tokenizer = text_tokenizer()
    assert (tokenizer >> pending) is tokenizer and tokenizer.document_count == 3
