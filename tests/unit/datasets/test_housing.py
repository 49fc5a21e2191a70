"""dataset_boston_housing / dataset_california_housing against Keras' loaders, same files."""

from __future__ import annotations

import time

import numpy as np
import pytest
from keras.src.datasets import boston_housing as keras_boston
from keras.src.datasets import california_housing as keras_california

from kernelkeras.datasets import OfflineError, dataset_boston_housing, dataset_california_housing
from kernelkeras.datasets._files import ChecksumError
from tests.unit.datasets._formats import write_housing, write_npz


def same(ours, theirs):
    for split, (x, y) in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(split.x, x)
        np.testing.assert_array_equal(split.y, y)
        assert split.x.dtype == x.dtype and split.y.shape == y.shape


@pytest.fixture(scope="module")
def boston(tmp_path_factory):
    return write_housing(tmp_path_factory.mktemp("b") / "boston_housing.npz", 506, 13)


@pytest.fixture(scope="module")
def california(tmp_path_factory):
    return write_housing(tmp_path_factory.mktemp("c") / "california_housing.npz", 700, 8)


@pytest.mark.parametrize("args", [{}, {"test_split": 0.5, "seed": 1}, {"test_split": 0.0}])
def test_boston_equals_keras(boston, monkeypatch, args):
    monkeypatch.setattr(keras_boston, "get_file", lambda *a, **k: str(boston))
    ours = dataset_boston_housing(path=boston, **args)
    same(ours, keras_boston.load_data(**args))
    if not args:
        assert ours.train.x.shape == (404, 13) and ours.test.y.shape == (102,)


@pytest.mark.parametrize("args", [{}, {"version": "small"}, {"version": "small", "seed": 5}])
def test_california_equals_keras(california, monkeypatch, args):
    monkeypatch.setattr(keras_california, "get_file", lambda *a, **k: str(california))
    ours = dataset_california_housing(path=california, **args)
    same(ours, keras_california.load_data(**args))
    assert len(ours.train.x) + len(ours.test.x) == (600 if args else 700)


def test_r_style_unpacking_and_assignment(boston):
    (x_train, y_train), (x_test, y_test) = dataset_boston_housing(path=boston)
    assert len(x_train) == len(y_train) == 404 and len(x_test) == len(y_test) == 102
    mean, std = x_train.mean(axis=0), x_train.std(axis=0)
    data = dataset_boston_housing(path=boston)
    data.train.x = (data.train.x - mean) / std  # R: train_data <- scale(train_data)
    assert np.allclose(data.train.x.mean(axis=0), 0)


@pytest.mark.parametrize(
    ("arrays", "message"),
    [
        ({"x": np.zeros((5, 12)), "y": np.zeros(5)}, "floats of 13 columns"),
        ({"x": np.zeros((5, 13)), "y": np.zeros(4)}, "one float per row"),
        ({"x": np.zeros((5, 13), dtype=int), "y": np.zeros(5)}, "floats"),
        ({"x": np.zeros((5, 13))}, "lacks y"),
    ],
)
def test_files_not_in_the_format_are_named(tmp_path, arrays, message):
    path = write_npz(tmp_path / "boston.npz", arrays)
    with pytest.raises(ValueError, match=message) as info:
        dataset_boston_housing(path=path)
    assert str(path) in str(info.value)


def test_bad_arguments_are_named(boston, california):
    with pytest.raises(ValueError, match="test_split should be a fraction"):
        dataset_boston_housing(path=boston, test_split=1)
    with pytest.raises(TypeError, match="seed should be a whole number"):
        dataset_boston_housing(path=boston, seed="113")
    with pytest.raises(ValueError, match="version should be 'large' or 'small'"):
        dataset_california_housing("medium", path=california)


@pytest.mark.parametrize("verb", [dataset_boston_housing, dataset_california_housing])
def test_cache_and_offline(verb, keras_home, offline, boston):
    start = time.perf_counter()
    with pytest.raises(OfflineError) as info:
        verb()
    assert time.perf_counter() - start < 1.5
    name = "boston_housing.npz" if verb is dataset_boston_housing else "california_housing.npz"
    assert str(keras_home / "datasets" / name) in str(info.value)
    assert f"tf-keras-datasets/{name}" in str(info.value)
    (keras_home / "datasets").mkdir()
    (keras_home / "datasets" / name).write_bytes(boston.read_bytes())
    with pytest.raises(ChecksumError, match="is damaged or is not"):
        verb()
