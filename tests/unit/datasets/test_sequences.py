"""dataset_imdb and dataset_reuters (+ word indexes) against Keras' own loaders, same files.

Each file is written in Keras' exact format (see ``_formats.py``); Keras' loader reads the
same file (its ``get_file`` pointed at it) and both results must be equal, for R's
arguments one by one.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import pickle
import time
import zipfile

import numpy as np
import pytest
from keras.src.datasets import imdb as keras_imdb
from keras.src.datasets import reuters as keras_reuters

import kernelkeras.datasets._imdb as imdb_module
import kernelkeras.datasets._reuters as reuters_module
from kernelkeras.datasets import (
    OfflineError,
    UnsafePickleError,
    dataset_imdb,
    dataset_imdb_word_index,
    dataset_reuters,
    dataset_reuters_word_index,
)
from kernelkeras.datasets._files import ChecksumError
from kernelkeras.preprocessing import pad_sequences
from kernelkeras.text import sequences_to_matrix, text_tokenizer
from tests.unit.datasets._formats import Canary, npy_bytes, write_imdb, write_npz, write_reuters

ARGS = [
    {},
    {"num_words": 50},
    {"num_words": 40, "skip_top": 5},
    {"maxlen": 30},
    {"seed": 7},
    {"start_char": None},
    {"start_char": None, "index_from": 0},
    {"oov_char": None, "num_words": 30},
    {"index_from": 10, "oov_char": 5, "start_char": 2},
    {"num_words": 2000, "skip_top": 0, "maxlen": 45, "seed": 1},
]


def lists(*items):
    """A 1-d object array of ``items`` (np.array would make equal lengths 2-d)."""
    out = np.empty(len(items), dtype=object)
    for i, item in enumerate(items):
        out[i] = item
    return out


def same(ours, theirs):
    """Our Dataset equals Keras' ((x_train, y_train), (x_test, y_test)), value for value."""
    for split, (x, y) in zip(ours, theirs, strict=True):
        assert split.x.dtype == object and split.x.ndim == 1
        assert [list(s) for s in split.x] == [list(s) for s in x]
        assert all(type(w) is int for s in split.x for w in s)
        np.testing.assert_array_equal(split.y, y)
        assert split.y.dtype == np.asarray(y).dtype


@pytest.fixture(scope="module")
def imdb_file(tmp_path_factory):
    return write_imdb(tmp_path_factory.mktemp("imdb") / "imdb.npz")


@pytest.fixture(scope="module")
def reuters_file(tmp_path_factory):
    return write_reuters(tmp_path_factory.mktemp("reuters") / "reuters.npz")


@pytest.mark.parametrize("args", ARGS, ids=lambda a: ",".join(a) or "defaults")
def test_imdb_equals_keras_on_the_same_file(imdb_file, monkeypatch, args):
    monkeypatch.setattr(keras_imdb, "get_file", lambda *a, **k: str(imdb_file))
    same(dataset_imdb(path=imdb_file, **args), keras_imdb.load_data(**args))


@pytest.mark.parametrize("args", [*ARGS, {"test_split": 0.5}, {"test_split": 0.0, "seed": 3}])
def test_reuters_equals_keras_on_the_same_file(reuters_file, monkeypatch, args):
    monkeypatch.setattr(keras_reuters, "get_file", lambda *a, **k: str(reuters_file))
    same(dataset_reuters(path=reuters_file, **args), keras_reuters.load_data(**args))


def test_a_python2_era_file_reads_the_same(tmp_path, imdb_file):
    old = write_imdb(tmp_path / "imdb.npz", py2=True)
    assert old.read_bytes() != imdb_file.read_bytes()
    new, was = dataset_imdb(path=imdb_file), dataset_imdb(path=old)
    assert [list(s) for s in new.train.x] == [list(s) for s in was.train.x]


def test_r_code_line_by_line(imdb_file, reuters_file):
    # imdb_lstm.R: imdb <- dataset_imdb(num_words = max_features); x_train <- imdb$train$x ...
    imdb = dataset_imdb(path=imdb_file, num_words=20000)
    x_train, y_train = imdb.train.x, imdb.train.y
    assert len(x_train) == 60 and set(np.unique(y_train)) <= {0, 1}
    imdb.train.x = pad_sequences(imdb.train.x, maxlen=80)  # imdb_fasttext.R assigns back
    assert imdb.train.x.shape == (60, 80) and imdb.train.y is y_train
    (xt, yt), (xs, ys) = imdb
    assert yt is y_train and len(xs) == len(ys) == 40
    assert xt is imdb.train.x and ys is imdb.test.y
    assert "Split(x: int32 array (60, 80)" in repr(imdb)
    # reuters_mlp.R: num_classes <- max(y_train) + 1
    reuters = dataset_reuters(path=reuters_file, num_words=1000, test_split=0.2)
    assert len(reuters.train.x) == 72 and len(reuters.test.x) == 18
    assert reuters.train.y.max() + 1 <= 46
    tokenizer = text_tokenizer(num_words=1000)
    x_train = sequences_to_matrix(tokenizer, reuters.train.x, mode="binary")
    assert x_train.shape == (72, 1000) and x_train[0, reuters.train.x[0][1]] == 1


def test_the_cache_is_checked_by_hash_and_read_by_bare_name(imdb_file, keras_home, monkeypatch):
    cached = keras_home / "datasets" / "imdb.npz"
    cached.parent.mkdir()
    cached.write_bytes(imdb_file.read_bytes())
    with pytest.raises(ChecksumError, match="published 69664113") as info:
        dataset_imdb()  # a file that is not Keras' published imdb.npz
    assert str(cached) in str(info.value) and "Delete it" in str(info.value)
    digest = hashlib.sha256(imdb_file.read_bytes()).hexdigest()
    monkeypatch.setattr(
        imdb_module, "IMDB", dataclasses.replace(imdb_module.IMDB, file_hash=digest)
    )
    assert len(dataset_imdb().train.x) == 60
    assert len(dataset_imdb(path="imdb.npz").test.x) == 40


def test_download_into_the_cache_then_offline_from_it(imdb_file, keras_home, server, monkeypatch):
    (server.folder / "imdb.npz").write_bytes(imdb_file.read_bytes())
    digest = hashlib.sha256(imdb_file.read_bytes()).hexdigest()
    remote = dataclasses.replace(imdb_module.IMDB, origin=server.url("imdb.npz"), file_hash=digest)
    monkeypatch.setattr(imdb_module, "IMDB", remote)
    first = dataset_imdb(num_words=50)
    assert (keras_home / "datasets" / "imdb.npz").read_bytes() == imdb_file.read_bytes()
    server.stop()
    again = dataset_imdb(num_words=50)
    assert server.requests == ["/imdb.npz"]
    assert [list(s) for s in again.test.x] == [list(s) for s in first.test.x]


def test_a_download_with_another_hash_is_not_kept(imdb_file, keras_home, server, monkeypatch):
    (server.folder / "imdb.npz").write_bytes(imdb_file.read_bytes())
    remote = dataclasses.replace(imdb_module.IMDB, origin=server.url("imdb.npz"))
    monkeypatch.setattr(imdb_module, "IMDB", remote)
    with pytest.raises(ChecksumError, match="not the expected one") as info:
        dataset_imdb()
    assert remote.file_hash in str(info.value)
    assert list((keras_home / "datasets").iterdir()) == []


@pytest.mark.parametrize("verb", [dataset_imdb, dataset_reuters, dataset_imdb_word_index])
def test_offline_fails_at_once_with_url_cache_path_and_path_argument(verb, keras_home, offline):
    start = time.perf_counter()
    with pytest.raises(OfflineError) as info:
        verb()
    elapsed = time.perf_counter() - start
    text = str(info.value)
    name = {"dataset_imdb": "imdb.npz", "dataset_reuters": "reuters.npz"}.get(
        verb.__name__, "imdb_word_index.json"
    )
    assert elapsed < 1.5, elapsed
    assert f"https://storage.googleapis.com/tensorflow/tf-keras-datasets/{name}" in text
    assert str(keras_home / "datasets" / name) in text
    assert f"{verb.__name__}(path=" in text and "no network" in text
    assert isinstance(info.value, ConnectionError)


def test_a_pickle_that_runs_code_is_refused_and_never_run(tmp_path):
    canary = tmp_path / "ran"
    evil = write_npz(
        tmp_path / "imdb.npz",
        {"x_train": np.array([1]), "y_train": np.array([1]), "x_test": np.array([1])},
    )
    with zipfile.ZipFile(evil, "a") as archive:
        header = npy_bytes(np.empty(1, dtype=object), py2=False).split(b"\n", 1)[0] + b"\n"
        archive.writestr("y_test.npy", header + pickle.dumps(Canary(canary)))
    with pytest.raises(UnsafePickleError, match=r"asks for posix\.system") as info:
        dataset_imdb(path=evil)
    assert str(evil) in str(info.value) and "Nothing in it was run" in str(info.value)
    assert not canary.exists()


@pytest.mark.parametrize(
    ("arrays", "message"),
    [
        ({"x": np.array([[1, 2]]), "y": np.array([1])}, "two arrays of the same length"),
        ({"x": lists([1, 2], [3]), "y": np.array([1])}, "same length"),
        ({"x": lists([1, -2], [3]), "y": np.array([1, 2])}, "item 0"),
        ({"x": lists([1.5], [3]), "y": np.array([1, 2])}, "item 0"),
        ({"x": lists([1], (3,)), "y": np.array([1, 2])}, "item 1"),
        ({"x": lists([1], [3]), "y": np.array([1.0, 2.0])}, "labels"),
        ({"y": np.array([1])}, "lacks x"),
    ],
)
def test_files_not_in_the_format_are_named(tmp_path, arrays, message):
    path = write_npz(tmp_path / "reuters.npz", arrays)
    with pytest.raises(ValueError, match=message) as info:
        dataset_reuters(path=path)
    assert str(path) in str(info.value)


def test_not_a_zip_and_missing_files(tmp_path):
    bad = tmp_path / "imdb.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ValueError, match="is not the IMDB reviews file"):
        dataset_imdb(path=bad)
    with pytest.raises(FileNotFoundError, match="there is no"):
        dataset_imdb(path=tmp_path / "nope.npz")


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        ({"num_words": 0}, ValueError, "num_words should be at least 1 .None for no limit"),
        ({"num_words": "10"}, TypeError, "num_words should be a whole number or None"),
        ({"skip_top": -1}, ValueError, "skip_top should be at least 0"),
        ({"maxlen": True}, TypeError, "maxlen"),
        ({"seed": 1.5}, TypeError, "seed should be a whole number"),
        ({"maxlen": 2}, ValueError, "no review is left in the training set"),
        ({"path": 3}, TypeError, "path should be"),
    ],
)
def test_bad_arguments_are_named(imdb_file, args, error, message):
    args.setdefault("path", imdb_file)
    with pytest.raises(error, match=message):
        dataset_imdb(**args)


def test_r_style_numbers_are_accepted(imdb_file):
    # R passes max_features <- 20000 as a double; as.integer() makes it whole.
    np.testing.assert_array_equal(
        dataset_imdb(path=imdb_file, num_words=50.0, seed=np.int64(113)).test.y,
        dataset_imdb(path=imdb_file, num_words=50).test.y,
    )


@pytest.mark.parametrize("test_split", [1.0, -0.1, "0.2", True])
def test_reuters_test_split_is_a_fraction(reuters_file, test_split):
    with pytest.raises(ValueError, match="test_split should be a fraction"):
        dataset_reuters(path=reuters_file, test_split=test_split)


def test_word_indexes_read_json_and_refuse_pickles(tmp_path, monkeypatch):
    index = {"the": 1, "and": 2, "film": 17}
    own = tmp_path / "imdb_word_index.json"
    own.write_text(json.dumps(index))
    assert dataset_imdb_word_index(path=own) == index
    monkeypatch.setattr(keras_imdb, "get_file", lambda *a, **k: str(own))
    assert keras_imdb.get_word_index() == index
    old = tmp_path / "reuters_word_index.pkl"
    old.write_bytes(pickle.dumps(index))
    with pytest.raises(ValueError, match="never loads") as info:
        dataset_reuters_word_index(path=old)
    assert str(old) in str(info.value)
    for bad in ([1, 2], {"a": "1"}, {"a": True}, {"a": -1}):
        own.write_text(json.dumps(bad))
        with pytest.raises(ValueError, match="not a word -> index object"):
            dataset_imdb_word_index(path=own)


def test_the_reuters_word_index_is_cached_by_md5(tmp_path, keras_home, monkeypatch):
    cached = keras_home / "datasets" / "reuters_word_index.json"
    cached.parent.mkdir()
    cached.write_text('{"the": 1}')
    with pytest.raises(ChecksumError, match="4d44cc38712099c9e383dc6e5f11a921"):
        dataset_reuters_word_index()
    md5 = hashlib.md5(cached.read_bytes()).hexdigest()
    remote = dataclasses.replace(reuters_module.REUTERS_WORD_INDEX, file_hash=md5)
    monkeypatch.setattr(reuters_module, "REUTERS_WORD_INDEX", remote)
    assert dataset_reuters_word_index() == {"the": 1}
