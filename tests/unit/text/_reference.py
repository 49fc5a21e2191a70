"""The reference the tokenizer is checked against: the classic Keras text utilities.

Keras 3 keeps a copy of ``keras_preprocessing``'s text and sequence modules (the code R
keras wrapped) as ``keras.src.legacy.preprocessing``; it is the oracle here, and
hand-computed values check the same semantics where it has none (or where it errs).
"""

from __future__ import annotations

import pytest

legacy_text = pytest.importorskip(
    "keras.src.legacy.preprocessing.text", reason="this Keras has no legacy text module"
)
legacy_sequence = pytest.importorskip(
    "keras.src.legacy.preprocessing.sequence", reason="this Keras has no legacy sequence module"
)

MODES = ("binary", "count", "tfidf", "freq")


def legacy_tokenizer(texts, **settings):
    """Keras' classic ``Tokenizer`` fit on ``texts``."""
    tokenizer = legacy_text.Tokenizer(**settings)
    tokenizer.fit_on_texts(texts)
    return tokenizer


def assert_same_state(ours, theirs):
    """Every count and index of our tokenizer equals the Keras tokenizer's."""
    assert ours.word_index == theirs.word_index
    assert list(ours.word_index.items()) == list(theirs.word_index.items())
    assert ours.index_word == theirs.index_word
    assert list(ours.word_counts.items()) == list(theirs.word_counts.items())
    assert ours.word_docs == dict(theirs.word_docs)
    assert ours.index_docs == dict(theirs.index_docs)
    assert ours.document_count == theirs.document_count
