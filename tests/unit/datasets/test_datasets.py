"""The bundled MNIST and the script that builds it."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys

import numpy as np
import pytest

from kernelkeras import dataset_mnist
from kernelkeras.datasets._mnist import MNIST_PATH, NPZ_SHA256


def test_shapes_types_and_both_access_styles():
    mnist = dataset_mnist()
    (x_train, y_train), (x_test, y_test) = mnist
    assert x_train is mnist.train.x and y_test is mnist.test.y
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert y_train.shape == (60000,) and y_test.shape == (10000,)
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype("uint8")}
    assert y_train[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert y_test[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert np.bincount(y_train).tolist()[:2] == [5923, 6742]  # published class counts
    assert x_train.max() == 255 and x_train.min() == 0


def test_bundled_file_matches_its_recorded_hash():
    assert hashlib.sha256(MNIST_PATH.read_bytes()).hexdigest() == NPZ_SHA256
    assert 10e6 < MNIST_PATH.stat().st_size < 13e6


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty"])
def test_a_damaged_file_is_refused_with_a_fix(tmp_path, damage):
    copy = tmp_path / "mnist.npz"
    blob = bytearray(MNIST_PATH.read_bytes())
    if damage == "flip":
        blob[len(blob) // 2] ^= 0xFF
    elif damage == "truncate":
        blob = blob[: len(blob) // 3]
    else:
        blob = bytearray()
    copy.write_bytes(bytes(blob))
    with pytest.raises(ValueError, match="damaged") as info:
        dataset_mnist(copy)
    assert str(copy) in str(info.value) and "intact copy" in str(info.value)


def test_a_missing_file_names_the_path(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.npz"):
        dataset_mnist(tmp_path / "nope.npz")


def _write_idx(path, array):
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(
        int(d).to_bytes(4, "big") for d in array.shape
    )
    path.write_bytes(header + array.astype(np.uint8).tobytes())


def test_build_script_reads_idx_and_refuses_unknown_files(tmp_path, project):
    sys.path.insert(0, str(project / "scripts"))
    try:
        import build_mnist
    finally:
        sys.path.pop(0)
    images = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    _write_idx(tmp_path / "img", images)
    np.testing.assert_array_equal(build_mnist.read_idx(tmp_path / "img"), images)

    for name in build_mnist.IDX_SHA256:
        _write_idx(tmp_path / name, images)
    out = tmp_path / "out.npz"
    done = subprocess.run(
        [sys.executable, str(project / "scripts" / "build_mnist.py"), str(tmp_path), "--out", out],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and "expected" in done.stderr
    assert not out.exists()


def test_damaged_bundled_file_hint_points_at_reinstall(tmp_path, monkeypatch):
    import kernelkeras.datasets._mnist as mnist_module

    copy = tmp_path / "mnist.npz"
    shutil.copy(MNIST_PATH, copy)
    with open(copy, "r+b") as f:
        f.seek(100)
        f.write(b"\0\0\0\0")
    monkeypatch.setattr(mnist_module, "MNIST_PATH", copy)
    with pytest.raises(ValueError, match="force-reinstall"):
        mnist_module.dataset_mnist()
