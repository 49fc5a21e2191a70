"""pad_sequences as R code calls it (the imdb and babi examples), by hand and as Keras."""

from __future__ import annotations

import numpy as np
import pytest

from kernelkeras._backend import keras
from kernelkeras.preprocessing import Pending, pad_sequences

SEQUENCES = [[1, 2, 3, 4, 5], [6, 7], [], [8]]


def test_padding_and_truncating_by_hand():
    assert pad_sequences(SEQUENCES, maxlen=3).tolist() == [
        [3, 4, 5],
        [0, 6, 7],
        [0, 0, 0],
        [0, 0, 8],
    ]
    assert pad_sequences(SEQUENCES, maxlen=3, padding="post", truncating="post").tolist() == [
        [1, 2, 3], [6, 7, 0], [0, 0, 0], [8, 0, 0],
    ]  # fmt: skip
    longest = pad_sequences(SEQUENCES, value=-1)
    assert longest.shape == (4, 5) and longest.dtype == np.int32
    assert longest[1].tolist() == [-1, -1, -1, 6, 7]
    floats = pad_sequences([[0.5, 1.5]], maxlen=3, dtype="float32", value=0.25)
    assert floats.dtype == np.float32 and floats.tolist() == [[0.25, 0.5, 1.5]]
    tokens = pad_sequences([["a", "b"], ["c"]], dtype=object, value="")
    assert tokens.tolist() == [["a", "b"], ["", "c"]]
    assert pad_sequences([], maxlen=4).shape == (0, 4)


def test_same_as_keras_on_random_sequences():
    rng = np.random.default_rng(0)
    sequences = [rng.integers(1, 1000, size=rng.integers(0, 60)).tolist() for _ in range(300)]
    for settings in ({}, {"maxlen": 20}, {"maxlen": 80, "padding": "post", "truncating": "post"}):
        assert np.array_equal(
            pad_sequences(sequences, **settings), keras.utils.pad_sequences(sequences, **settings)
        )


def test_r_pipe_forms():
    # imdb_cnn.R: x_train <- imdb$train$x %>% pad_sequences(maxlen = maxlen)
    x_train = np.empty(3, dtype=object)  # what Keras' imdb loader gives
    x_train[:] = [[1, 14, 22], list(range(1, 500)), [7]]
    padded = x_train >> pad_sequences(maxlen=80.0)  # R's numbers are doubles
    assert padded.shape == (3, 80) and padded[0, -3:].tolist() == [1, 14, 22]
    assert padded[1].tolist() == list(range(420, 500))
    assert np.array_equal(padded, pad_sequences(x_train, maxlen=80))
    assert ([[1], [2, 3]] >> pad_sequences()).tolist() == [[0, 1], [2, 3]]
    assert (np.array([[1, 2], [3, 4]]) >> pad_sequences(maxlen=3)).tolist() == [
        [0, 1, 2], [0, 3, 4],
    ]  # fmt: skip
    generated = (seq for seq in SEQUENCES)
    assert pad_sequences(generated, maxlen=2).tolist() == [[4, 5], [6, 7], [0, 0], [0, 8]]
    pending = pad_sequences(maxlen=10)
    assert isinstance(pending, Pending)
    assert "pad_sequences(maxlen=…" in repr(pending) and "waits for sequences" in repr(pending)


@pytest.mark.parametrize(
    ("call", "error", "pattern"),
    [
        (lambda: pad_sequences(["the cat", "sat"]), TypeError, r"\[0\] is a text.*texts_to_seq"),
        (lambda: pad_sequences("the cat"), TypeError, r"sequences is a text"),
        (lambda: pad_sequences([1, 2, 3]), TypeError, r"sequences\[0\] is int.*\[sequence\]"),
        (lambda: pad_sequences([[1], None]), TypeError, r"sequences\[1\] is NoneType"),
        (lambda: pad_sequences(5), TypeError, r"must be a list of sequences"),
        (lambda: pad_sequences([[1.5, 2]]), ValueError, r"holds 1.5, which dtype=int32.*float32"),
        (lambda: pad_sequences([[1, np.nan]]), ValueError, r"holds nan"),
        (lambda: pad_sequences([[3_000_000_000]]), ValueError, r"dtype=int32 cannot hold.*int64"),
        (lambda: pad_sequences([["a"]]), TypeError, r"holds <U1 values.*dtype=object"),
        (lambda: pad_sequences([[1], [[1, 2], [3]]]), ValueError, r"\[1\] has items of different"),
        (lambda: pad_sequences([[1]], padding="mid"), ValueError, r"padding must be one of 'pre'"),
        (lambda: pad_sequences([[1]], truncating=None), ValueError, r"truncating must be one of"),
        (lambda: pad_sequences([[1]], maxlen=0), ValueError, r"maxlen must be a whole number of"),
        (lambda: pad_sequences([[1]], maxlen=2.5), ValueError, r"maxlen must be a whole number"),
        (lambda: pad_sequences([[1]], maxlen=True), TypeError, r"maxlen must be a whole.*bool"),
        (lambda: pad_sequences([[1]], dtype="int33"), TypeError, r"dtype 'int33' is not a numpy"),
        (lambda: pad_sequences([[1]], value=0.5), ValueError, r"value=0.5 is not a whole number"),
        (lambda: pad_sequences([[1]], value="x"), TypeError, r"value 'x' cannot pad a dtype=int32"),
        (lambda: pad_sequences([]), ValueError, r"sequences is empty.*maxlen="),
        (lambda: pad_sequences(maxlen=-1), ValueError, r"maxlen must be"),
    ],
)  # fmt: skip
def test_mistakes_keras_lets_through_are_refused(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


def test_keras_itself_would_cut_fractions_silently():
    """Why the check exists: plain Keras truncates 1.5 to 1 without a word."""
    assert keras.utils.pad_sequences([[1.5, 2]]).tolist() == [[1, 2]]
