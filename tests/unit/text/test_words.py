"""text_to_word_sequence, text_one_hot and text_hashing_trick: by hand and against Keras'."""

from __future__ import annotations

import hashlib

import pytest

from kernelkeras.text import text_hashing_trick, text_one_hot, text_to_word_sequence
from tests.unit.text._reference import legacy_text

SAMPLES = [
    "Hello, World!  It's me.\tTab\nNew line",
    "a--b__c  (d) [e] {f} 'g'",
    "ÜBER straße — «quoted» ½",
    "",
    "...",
]


def test_words_by_hand():
    assert text_to_word_sequence(SAMPLES[0]) == [
        "hello",
        "world",
        "it's",
        "me",
        "tab",
        "new",
        "line",
    ]
    assert text_to_word_sequence("A, B", lower=False) == ["A", "B"]
    assert text_to_word_sequence("a.b c", filters="") == ["a.b", "c"]
    assert text_to_word_sequence("a,b;c d", split=",", filters=";") == ["a", "b", "c d"]
    assert text_to_word_sequence("x-y", filters=["-"]) == ["x", "y"]
    assert text_to_word_sequence("...") == []


@pytest.mark.parametrize("text", SAMPLES)
@pytest.mark.parametrize(
    "settings", [{}, {"lower": False}, {"filters": "aeiou"}, {"split": "-", "filters": " "}]
)
def test_words_match_keras(text, settings):
    assert text_to_word_sequence(text, **settings) == legacy_text.text_to_word_sequence(
        text, **settings
    )


def test_md5_hashing_by_the_formula_and_as_keras():
    text = "The cat sat on the mat, the end"
    n = 50
    expected = [
        int(hashlib.md5(w.encode()).hexdigest(), 16) % (n - 1) + 1
        for w in ["the", "cat", "sat", "on", "the", "mat", "the", "end"]
    ]
    got = text_hashing_trick(text, n, hash_function="md5")
    assert got == expected and got[0] == got[4] == got[6]
    assert got == legacy_text.hashing_trick(text, n, hash_function="md5")
    upper = int(hashlib.md5(b"The").hexdigest(), 16) % 49 + 1
    assert text_hashing_trick("The", 50.0, "md5", lower=False) == [upper]  # R's n = 50
    assert all(1 <= i <= n - 1 for i in got)


def test_one_hot_and_python_hash_as_keras_in_this_session():
    for text in SAMPLES:
        assert text_one_hot(text, 20) == legacy_text.one_hot(text, 20)
        assert text_hashing_trick(text, 20) == legacy_text.hashing_trick(text, 20)
    assert text_one_hot("b", n=2) == [1]  # n=2: every word gets index 1
    assert text_hashing_trick("ab cd", 10, hash_function=len) == [3, 3]  # 2 % 9 + 1


@pytest.mark.parametrize(
    ("call", "error", "pattern"),
    [
        (lambda: text_one_hot("a", n=1), ValueError, r"n must be a whole number of at least 2"),
        (lambda: text_one_hot("a", n=2.5), ValueError, r"n must be a whole number"),
        (lambda: text_hashing_trick("a", 10, hash_function="sha1"), ValueError, r"'md5'"),
        (lambda: text_hashing_trick("a", 10, hash_function=str), TypeError, r"must return an int"),
        (lambda: text_to_word_sequence(["a b", "c"]), TypeError, r"one string.*for t in texts"),
        (lambda: text_to_word_sequence(None), TypeError, r"text must be one string, got NoneType"),
        (lambda: text_to_word_sequence("a", split=""), ValueError, r"split must be the non-empty"),
        (lambda: text_to_word_sequence("a", filters=None), TypeError, r"filters must be a str"),
        (lambda: text_to_word_sequence("a", lower=1), TypeError, r"lower must be True or False"),
    ],
)
def test_bad_arguments_are_named(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()
