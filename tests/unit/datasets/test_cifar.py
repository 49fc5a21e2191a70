"""dataset_cifar10 / dataset_cifar100 against Keras' loaders on the same archive.

The archives are written as the published ones are: Python 2 pickles (protocol 2, byte
strings) in ``cifar-10-batches-py/`` inside a ``.tar.gz``. Keras reads the extracted
folder (its ``get_file`` pointed at it); kernelkeras reads the archive itself, the
extracted folder, or the Keras cache.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
import tarfile
import time

import numpy as np
import pytest
from keras import config
from keras.src.datasets import cifar10 as keras_cifar10
from keras.src.datasets import cifar100 as keras_cifar100

import kernelkeras.datasets._cifar as cifar_module
from kernelkeras.datasets import OfflineError, UnsafePickleError, dataset_cifar10, dataset_cifar100
from kernelkeras.datasets._files import ChecksumError
from kernelkeras.preprocessing import to_categorical
from tests.unit.datasets._formats import (
    Canary,
    add_member,
    cifar_batch,
    extract,
    py2_pickle,
    write_cifar10,
    write_cifar100,
)


def same(ours, theirs):
    for split, (x, y) in zip(ours, theirs, strict=True):
        assert split.x.shape == x.shape and split.x.dtype == x.dtype
        np.testing.assert_array_equal(split.x, x)
        assert split.y.shape == y.shape and split.y.dtype == y.dtype
        np.testing.assert_array_equal(split.y, y)


@pytest.fixture(scope="module")
def cifar10_archive(tmp_path_factory):
    return write_cifar10(tmp_path_factory.mktemp("c10") / "cifar-10-python.tar.gz")


@pytest.fixture(scope="module")
def cifar100_archive(tmp_path_factory):
    return write_cifar100(tmp_path_factory.mktemp("c100") / "cifar-100-python.tar.gz")


@pytest.fixture(scope="module")
def full_size(tmp_path_factory):
    """A CIFAR-10 archive of the published size (Keras' loader needs 10,000 per batch)."""
    folder = tmp_path_factory.mktemp("c10-full")
    archive = write_cifar10(folder / "cifar-10-python.tar.gz", n=10000)
    return archive, extract(archive, folder / "extracted")


@pytest.mark.slow
def test_cifar10_equals_keras_from_the_archive_and_the_folder(full_size, monkeypatch):
    archive, folder = full_size
    monkeypatch.setattr(keras_cifar10, "get_file", lambda *a, **k: str(folder))
    theirs = keras_cifar10.load_data()
    assert theirs[0][0].shape == (50000, 32, 32, 3) and theirs[1][1].shape == (10000, 1)
    same(dataset_cifar10(path=archive), theirs)
    same(dataset_cifar10(path=folder), theirs)  # Keras' extraction folder
    same(dataset_cifar10(path=folder / "cifar-10-batches-py"), theirs)


@pytest.mark.slow
def test_channels_first_follows_keras(full_size, monkeypatch):
    archive, folder = full_size
    monkeypatch.setattr(keras_cifar10, "get_file", lambda *a, **k: str(folder))
    before = config.image_data_format()
    config.set_image_data_format("channels_first")
    try:
        ours, theirs = dataset_cifar10(path=archive), keras_cifar10.load_data()
    finally:
        config.set_image_data_format(before)
    assert ours.train.x.shape == (50000, 3, 32, 32)
    same(ours, theirs)


@pytest.mark.parametrize("label_mode", ["fine", "coarse"])
def test_cifar100_equals_keras(cifar100_archive, tmp_path, monkeypatch, label_mode):
    folder = extract(cifar100_archive, tmp_path / "extracted")
    monkeypatch.setattr(keras_cifar100, "get_file", lambda *a, **k: str(folder))
    same(dataset_cifar100(label_mode, path=cifar100_archive), keras_cifar100.load_data(label_mode))


def test_r_code_line_by_line(cifar10_archive):
    # cifar10_cnn.R: x_train <- cifar10$train$x/255; y_train <- to_categorical(cifar10$train$y, 10)
    cifar10 = dataset_cifar10(path=cifar10_archive)
    x_train = cifar10.train.x / 255
    y_train = to_categorical(cifar10.train.y, num_classes=10)
    assert x_train.max() <= 1 and y_train.shape == (30, 10)
    assert (y_train.argmax(axis=1) == cifar10.train.y[:, 0]).all()


def test_pixels_are_in_keras_layout(tmp_path):
    # One image of known pixels: data rows hold red, then green, then blue planes.
    image = np.arange(32 * 32 * 3, dtype=np.uint32).reshape(32, 32, 3) % 251
    row = image.transpose(2, 0, 1).reshape(1, 3072).astype(np.uint8)
    batch = {b"data": row, b"labels": [7]}
    archive = write_cifar10(tmp_path / "c.tar.gz", n=1, members={"test_batch": py2_pickle(batch)})
    cifar = dataset_cifar10(path=archive)
    np.testing.assert_array_equal(cifar.test.x[0], image.astype(np.uint8))
    assert cifar.test.y.tolist() == [[7]]


def test_the_keras_cache_is_used_and_checked(cifar10_archive, keras_home, monkeypatch):
    cached = keras_home / "datasets" / "cifar-10-batches-py-target_archive"
    cached.parent.mkdir()
    cached.write_bytes(cifar10_archive.read_bytes())
    with pytest.raises(ChecksumError, match="published 6d958be0"):
        dataset_cifar10()
    digest = hashlib.sha256(cifar10_archive.read_bytes()).hexdigest()
    remote = dataclasses.replace(cifar_module.CIFAR10.remote, file_hash=digest)
    monkeypatch.setattr(
        cifar_module, "CIFAR10", dataclasses.replace(cifar_module.CIFAR10, remote=remote)
    )
    assert dataset_cifar10().train.x.shape == (30, 32, 32, 3)
    cached.rename(cached.with_name("cifar-10-batches-py.tar.gz"))  # Keras 2's name
    assert dataset_cifar10().test.x.shape == (6, 32, 32, 3)


def test_download_once_into_keras_cache(cifar10_archive, keras_home, server, monkeypatch):
    (server.folder / "cifar-10-python.tar.gz").write_bytes(cifar10_archive.read_bytes())
    digest = hashlib.sha256(cifar10_archive.read_bytes()).hexdigest()
    remote = dataclasses.replace(
        cifar_module.CIFAR10.remote, origin=server.url("cifar-10-python.tar.gz"), file_hash=digest
    )
    monkeypatch.setattr(
        cifar_module, "CIFAR10", dataclasses.replace(cifar_module.CIFAR10, remote=remote)
    )
    first = dataset_cifar10()
    second = dataset_cifar10()
    assert server.requests == ["/cifar-10-python.tar.gz"]
    assert (keras_home / "datasets" / "cifar-10-batches-py-target_archive").is_file()
    np.testing.assert_array_equal(first.train.x, second.train.x)


@pytest.mark.parametrize("verb", [dataset_cifar10, dataset_cifar100])
def test_offline_fails_at_once(verb, keras_home, offline):
    start = time.perf_counter()
    with pytest.raises(OfflineError) as info:
        verb()
    assert time.perf_counter() - start < 1.5
    text = str(info.value)
    archive = "cifar-10-python.tar.gz" if verb is dataset_cifar10 else "cifar-100-python.tar.gz"
    assert f"https://www.cs.toronto.edu/~kriz/{archive}" in text
    assert str(keras_home / "datasets") in text and f"{verb.__name__}(path=" in text


def test_a_hostile_batch_is_refused_and_never_run(tmp_path):
    canary = tmp_path / "ran"
    archive = write_cifar10(
        tmp_path / "c.tar.gz", members={"data_batch_3": pickle.dumps(Canary(canary), protocol=2)}
    )
    with pytest.raises(
        UnsafePickleError, match=r"data_batch_3 was not read: it asks for posix\.system"
    ):
        dataset_cifar10(path=archive)
    assert not canary.exists()


def _archive_with(tmp_path, edit) -> object:
    rng = np.random.RandomState(0)
    path = tmp_path / "odd.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name in [*(f"data_batch_{i}" for i in range(1, 6)), "test_batch"]:
            edit(tar, f"cifar-10-batches-py/{name}", cifar_batch(rng, 2, {"labels": 10}))
    return path


def test_links_and_odd_members_are_refused(tmp_path):
    def link_first(tar, name, data):
        if name.endswith("data_batch_1"):
            info = tarfile.TarInfo(name)
            info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
            tar.addfile(info)
        else:
            add_member(tar, name, data)

    with pytest.raises(ValueError, match="data_batch_1' is not a batch file"):
        dataset_cifar10(path=_archive_with(tmp_path, link_first))


@pytest.mark.parametrize(
    ("batch", "message"),
    [
        ([1, 2], "not a CIFAR batch"),
        ({b"data": np.zeros((2, 3072), np.uint8)}, "'labels' is not a list of 2 labels"),
        ({b"data": np.zeros((2, 100), np.uint8), b"labels": [1, 2]}, "rows of 3,072 pixels"),
        ({b"data": np.zeros((2, 3072), np.float32), b"labels": [1, 2]}, "uint8"),
        ({b"data": np.zeros((2, 3072), np.uint8), b"labels": [1, 10]}, "whole numbers 0 to 9"),
        ({b"data": np.zeros((2, 3072), np.uint8), b"labels": [1, 2.0]}, "whole numbers"),
    ],
)
def test_malformed_batches_are_named(tmp_path, batch, message):
    archive = write_cifar10(tmp_path / "c.tar.gz", members={"test_batch": py2_pickle(batch)})
    with pytest.raises(ValueError, match=message) as info:
        dataset_cifar10(path=archive)
    assert "test_batch" in str(info.value) and str(archive) in str(info.value)


def test_other_files_are_named(tmp_path, cifar100_archive):
    not_tar = tmp_path / "x.tar.gz"
    not_tar.write_bytes(b"\x1f\x8b not really")
    with pytest.raises(ValueError, match="cannot be read as the CIFAR-10 archive"):
        dataset_cifar10(path=not_tar)
    with pytest.raises(ValueError, match="lacks cifar-10-batches-py/data_batch_1"):
        dataset_cifar10(path=cifar100_archive)
    with pytest.raises(FileNotFoundError, match="lacks data_batch_1"):
        dataset_cifar10(path=tmp_path)
    with pytest.raises(ValueError, match="label_mode should be 'fine' or 'coarse'"):
        dataset_cifar100("medium")


def test_member_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(cifar_module, "_MAX_MEMBER", 1000)
    archive = write_cifar10(tmp_path / "c.tar.gz", n=1)
    with pytest.raises(ValueError, match="is not a batch file"):
        dataset_cifar10(path=archive)
