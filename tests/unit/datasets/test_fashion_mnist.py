"""dataset_fashion_mnist on the real files: Debian's package ``dataset-fashion-mnist``.

``make test`` installs the package (as root on Debian); without it these tests fail
and say how to install it. Keras' own loader reads the same files from a cache laid out
as Keras lays it out, and both must give the same arrays.
"""

from __future__ import annotations

import gzip
import shutil
import time

import numpy as np
import pytest
from keras.src.datasets import fashion_mnist as keras_fashion_mnist

import kernelkeras.datasets._fashion_mnist as fashion_module
from kernelkeras.datasets import OfflineError, dataset_fashion_mnist
from kernelkeras.datasets._fashion_mnist import CLASSES, DEBIAN_FOLDER, FILES


@pytest.fixture(scope="module")
def debian() -> object:
    missing = [n for n in FILES if not (DEBIAN_FOLDER / n).is_file()]
    assert not missing, (
        f"Fashion-MNIST's real files are not at {DEBIAN_FOLDER}: run `make test` (it installs "
        "them as root on Debian) or `sudo apt-get install dataset-fashion-mnist`."
    )
    return DEBIAN_FOLDER


@pytest.fixture(scope="module")
def fashion(debian):
    return dataset_fashion_mnist(path=debian)


def test_the_real_data(fashion):
    (x_train, y_train), (x_test, y_test) = fashion
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype(np.uint8)}
    # Published facts: 6,000 training and 1,000 test images per class; the first labels.
    assert np.bincount(y_train).tolist() == [6000] * 10
    assert np.bincount(y_test).tolist() == [1000] * 10
    assert y_train[:10].tolist() == [9, 0, 0, 3, 0, 2, 7, 2, 5, 5]
    assert y_test[:10].tolist() == [9, 2, 1, 1, 6, 1, 4, 6, 5, 7]
    assert x_train.min() == 0 and x_train.max() == 255
    assert CLASSES[y_train[0]] == "Ankle boot" and len(CLASSES) == 10


def test_equals_keras_reading_the_same_files_from_its_cache(fashion, debian, keras_home):
    folder = keras_home / "datasets" / "fashion-mnist"
    folder.mkdir(parents=True)
    for name in FILES:
        (folder / name).symlink_to(debian / name)
    theirs = keras_fashion_mnist.load_data()
    for split, (x, y) in zip(fashion, theirs, strict=True):
        np.testing.assert_array_equal(split.x, x)
        np.testing.assert_array_equal(split.y, y)
    # Without path=, the Keras cache comes first.
    ours = dataset_fashion_mnist()
    np.testing.assert_array_equal(ours.test.x, fashion.test.x)


def test_without_a_cache_debians_files_are_read(fashion, keras_home, monkeypatch):
    opened = []
    real = fashion_module.read_idx
    monkeypatch.setattr(fashion_module, "read_idx", lambda p, m: opened.append(p) or real(p, m))
    data = dataset_fashion_mnist()
    assert {p.parent for p in opened} == {DEBIAN_FOLDER}
    np.testing.assert_array_equal(data.train.y, fashion.train.y)


def test_offline_without_files_fails_at_once(keras_home, offline, monkeypatch, tmp_path):
    monkeypatch.setattr(fashion_module, "DEBIAN_FOLDER", tmp_path / "not-installed")
    start = time.perf_counter()
    with pytest.raises(OfflineError) as info:
        dataset_fashion_mnist()
    assert time.perf_counter() - start < 1.5
    text = str(info.value)
    for name in FILES:
        assert f"https://storage.googleapis.com/tensorflow/tf-keras-datasets/{name}" in text
    assert str(keras_home / "datasets" / "fashion-mnist") in text
    assert "apt-get install dataset-fashion-mnist" in text
    assert "dataset_fashion_mnist(path=" in text


def test_download_into_the_keras_cache(debian, keras_home, server, monkeypatch, fashion, tmp_path):
    for name in FILES:
        shutil.copy(debian / name, server.folder / name)
    monkeypatch.setattr(fashion_module, "KERAS_DATASETS", server.url(""))
    monkeypatch.setattr(fashion_module, "DEBIAN_FOLDER", tmp_path / "not-installed")
    data = dataset_fashion_mnist()
    assert sorted(server.requests) == sorted(f"/{n}" for n in FILES)
    cached = keras_home / "datasets" / "fashion-mnist"
    assert all((cached / n).read_bytes() == (debian / n).read_bytes() for n in FILES)
    np.testing.assert_array_equal(data.train.x, fashion.train.x)


def _write_gz(path, blob):
    with gzip.open(path, "wb") as f:
        f.write(blob)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda raw: raw[:-100], "holds 9,900 bytes of data, not 10,000"),
        (lambda raw: raw + b"x", "holds 10,001 bytes"),
        (lambda raw: b"\x00\x00\x08\x03" + raw[4:], "does not start as an IDX file of rank 1"),
        (lambda raw: raw[:4] + (10**6).to_bytes(4, "big") + raw[8:], "dimensions"),
        (lambda raw: raw[:8] + b"\x0a" + raw[9:], "labels go beyond 9"),
    ],
)
def test_damaged_files_are_named(debian, tmp_path, damage, message):
    for name in FILES:
        shutil.copy(debian / name, tmp_path / name)
    target = tmp_path / "t10k-labels-idx1-ubyte.gz"
    _write_gz(target, damage(gzip.decompress(target.read_bytes())))
    with pytest.raises(ValueError, match=message) as info:
        dataset_fashion_mnist(path=tmp_path)
    assert "t10k" in str(info.value)


def test_not_gzip_and_missing_files(debian, tmp_path):
    for name in FILES:
        shutil.copy(debian / name, tmp_path / name)
    (tmp_path / "train-labels-idx1-ubyte.gz").write_bytes(b"plain bytes")
    with pytest.raises(ValueError, match="train-labels-idx1-ubyte.gz cannot be read"):
        dataset_fashion_mnist(path=tmp_path)
    (tmp_path / "train-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(FileNotFoundError, match="lacks train-labels-idx1-ubyte.gz"):
        dataset_fashion_mnist(path=tmp_path)
