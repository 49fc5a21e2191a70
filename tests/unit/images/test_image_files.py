"""Image files as untrusted input: image_load and image_dataset_from_directory.

Missing, non-image, damaged and decompression-bomb files get a clear error naming the
file; the folder dataset is Keras' own, batch for batch.
"""

from __future__ import annotations

import struct
import time
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from kernelkeras import ImageFileError, image_dataset_from_directory, image_load, keras
from tests.conftest import R_EXAMPLES

EXAMPLES = R_EXAMPLES
DEEP_DREAM = EXAMPLES / "deep_dream.jpg"


def bomb_png(path: Path, width: int, height: int) -> Path:
    """A real 1x1 PNG whose header claims ``width`` x ``height`` (CRC fixed): tiny on disk."""
    blob = bytearray(_png(1, 1))
    ihdr = struct.pack(">II", width, height) + bytes(blob[24:29])
    blob[16:29] = ihdr
    blob[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    path.write_bytes(bytes(blob))
    return path


def _png(width: int, height: int) -> bytes:
    import io

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 60)).save(out, format="PNG")
    return out.getvalue()


def test_a_missing_file_or_a_folder_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"no image file .*nothing\.jpg"):
        image_load(tmp_path / "nothing.jpg")
    with pytest.raises(IsADirectoryError, match="is a folder"):
        image_load(tmp_path)


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"", "is empty"),
        (b"name,value\n1,2\n", "not an image kernelkeras reads"),
        (b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n", "not an image"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "not an image"),
    ],
    ids=["empty", "csv", "postscript", "png-signature-only"],
)
def test_a_file_that_is_not_an_image_is_refused_by_name(tmp_path, content, match):
    path = tmp_path / "photo.jpg"
    path.write_bytes(content)
    with pytest.raises(ImageFileError, match=match) as info:
        image_load(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_a_truncated_image_is_refused_by_name(tmp_path, keep):
    blob = DEEP_DREAM.read_bytes()
    path = tmp_path / "cut.jpg"
    path.write_bytes(blob[: int(len(blob) * keep)])
    with pytest.raises(ImageFileError, match=r"damaged or truncated JPEG") as info:
        image_load(path)
    assert str(path) in str(info.value)
    png = tmp_path / "cut.png"
    png.write_bytes(_png(64, 64)[:-30])
    with pytest.raises(ImageFileError, match="truncated PNG"):
        image_load(png)


def test_a_decompression_bomb_is_refused_before_decoding(tmp_path):
    bomb = bomb_png(tmp_path / "bomb.png", 100_000, 100_000)  # 10 billion pixels claimed
    assert bomb.stat().st_size < 100
    with pytest.raises(Image.DecompressionBombError):
        keras.utils.load_img(bomb)  # what Keras alone raises: Pillow's, naming no file
    start = time.perf_counter()
    with pytest.raises(ImageFileError, match="decompression bomb") as info:
        image_load(bomb)
    assert time.perf_counter() - start < 1
    assert str(bomb) in str(info.value) and "MAX_IMAGE_PIXELS" in str(info.value)


def test_the_pixel_limit_is_pillows_own_and_an_error_below_twice_it(tmp_path, monkeypatch):
    path = tmp_path / "big.png"
    path.write_bytes(_png(40, 30))  # 1,200 pixels
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(ImageFileError, match=r"40 x 30 = 1,200 pixels.*limit of 1,000") as info:
        image_load(path)  # Pillow would only warn here (under twice its limit)
    assert "MAX_IMAGE_PIXELS = 1_200" in str(info.value)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1200)  # the fix the message gives
    assert image_load(path).size == (40, 30)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)  # Pillow's "no limit"
    assert image_load(path).size == (40, 30)


def _write_classes(root: Path, per_class: int = 3) -> Path:
    rng = np.random.default_rng(5)
    for name, suffix in (("cats", ".png"), ("dogs", ".jpg")):
        (root / name).mkdir(parents=True)
        for i in range(per_class):
            pixels = rng.integers(0, 256, size=(20 + i, 24, 3), dtype=np.uint8)
            Image.fromarray(pixels).save(root / name / f"{i}{suffix}")
    return root


def test_image_dataset_from_directory_is_keras_own(tmp_path):
    root = _write_classes(tmp_path / "photos")
    kwargs = {"image_size": (16, 16), "batch_size": 4, "shuffle": False, "verbose": False}
    ours = image_dataset_from_directory(root, **kwargs)
    theirs = keras.utils.image_dataset_from_directory(str(root), **kwargs)
    assert ours.class_names == theirs.class_names == ["cats", "dogs"]
    for (x1, y1), (x2, y2) in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(x1.numpy(), x2.numpy())
        np.testing.assert_array_equal(y1.numpy(), y2.numpy())
    split = image_dataset_from_directory(
        root, validation_split=0.5, subset="both", seed=1, label_mode="categorical", **kwargs
    )
    assert len(split) == 2


@pytest.mark.parametrize(
    ("name", "writer", "match"),
    [
        ("notes.jpg", lambda p: p.write_text("not a picture"), "not an image"),
        ("scan.png", lambda p: Image.new("RGB", (4, 4)).save(p, format="TIFF"), "TIFF|not an"),
        ("huge.png", lambda p: bomb_png(p, 50_000, 50_000), "decompression bomb"),
    ],
    ids=["text", "tiff-named-png", "bomb"],
)
def test_a_bad_file_in_the_folder_is_named_before_training(tmp_path, name, writer, match):
    root = _write_classes(tmp_path / "photos")
    bad = root / "dogs" / name
    writer(bad)
    with pytest.raises(ImageFileError, match=match) as info:
        image_dataset_from_directory(root, image_size=(16, 16), verbose=False)
    assert str(bad) in str(info.value)


def test_only_the_files_keras_reads_are_checked(tmp_path):
    root = _write_classes(tmp_path / "photos")
    (root / "readme.txt").write_text("ignored by Keras: not an image extension")
    (root / "top-level.jpg").write_text("ignored by Keras with labels='inferred'")
    dataset = image_dataset_from_directory(root, image_size=(8, 8), verbose=False)
    assert dataset.class_names == ["cats", "dogs"]
    with pytest.raises(ImageFileError, match="top-level.jpg"):
        image_dataset_from_directory(root, labels=None, image_size=(8, 8), verbose=False)
    unchecked = image_dataset_from_directory(
        root, labels=None, image_size=(8, 8), verbose=False, check_files=False
    )
    assert unchecked.element_spec.shape[1:] == (8, 8, 3)


def test_folder_arguments_are_checked(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        image_dataset_from_directory(tmp_path / "absent")
    (tmp_path / "file.png").write_bytes(_png(2, 2))
    with pytest.raises(FileNotFoundError, match="is a file, not a folder"):
        image_dataset_from_directory(tmp_path / "file.png")
    with pytest.raises(TypeError, match="directory should be a folder path"):
        image_dataset_from_directory(["photos"])
    with pytest.raises(TypeError, match="image_sise"):
        image_dataset_from_directory(tmp_path, image_sise=(8, 8))


def test_checking_a_folder_of_images_is_quick(tmp_path):
    root = tmp_path / "many" / "only"
    root.mkdir(parents=True)
    blob = _png(32, 32)
    for i in range(500):
        (root / f"{i}.png").write_bytes(blob)
    start = time.perf_counter()
    image_dataset_from_directory(root.parent, image_size=(8, 8), verbose=False)
    assert time.perf_counter() - start < 5
