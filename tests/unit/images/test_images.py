"""image_load, image_to_array, image_from_array, image_array_save and the resizers.

Real images: the R examples' own (deep_dream.jpg and the neural style pair, read from
shared/reference, never copied) and files Pillow writes here; each result is compared
with keras.utils' own function on the same file.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from kernelkeras import (
    image_array_resize,
    image_array_save,
    image_from_array,
    image_load,
    image_smart_resize,
    image_to_array,
    imagenet_preprocess_input,
    keras,
)
from tests.conftest import R_EXAMPLES

EXAMPLES = R_EXAMPLES
DEEP_DREAM = EXAMPLES / "deep_dream.jpg"
STYLE_BASE = EXAMPLES / "neural-style-base-img.png"
STYLE_REFERENCE = EXAMPLES / "neural-style-style.jpg"
REFERENCE_IMAGES = [DEEP_DREAM, STYLE_BASE, STYLE_REFERENCE]


def _keras_array(path, **kwargs):
    return keras.utils.img_to_array(keras.utils.load_img(path, **kwargs))


@pytest.mark.parametrize("path", REFERENCE_IMAGES, ids=lambda p: p.name)
@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"target_size": (224, 224)},
        {"target_size": (60, 90), "interpolation": "bilinear"},
        {"target_size": (64, 64), "interpolation": "lanczos", "keep_aspect_ratio": True},
        {"color_mode": "grayscale", "target_size": (32, 48)},
        {"color_mode": "rgba", "target_size": (16, 16), "interpolation": "bicubic"},
    ],
    ids=["own-size", "224", "bilinear", "aspect", "grey", "rgba"],
)
def test_image_load_gives_what_keras_load_img_gives(path, kwargs):
    img = image_load(path, **kwargs)
    assert isinstance(img, Image.Image)
    np.testing.assert_array_equal(image_to_array(img), _keras_array(path, **kwargs))


def test_r_spellings_of_image_load():
    # R: image_load(path, grayscale = TRUE, target_size = c(h, w)); img$size is (width, height)
    grey = image_load(DEEP_DREAM, grayscale=True, target_size=[40, 30])
    np.testing.assert_array_equal(
        image_to_array(grey), _keras_array(DEEP_DREAM, color_mode="grayscale", target_size=(40, 30))
    )
    assert grey.size == (30, 40) and image_to_array(grey).shape == (40, 30, 1)
    with Image.open(STYLE_BASE) as original:
        assert image_load(STYLE_BASE).size == original.size  # neural_style: width, height
    assert image_load(str(DEEP_DREAM), target_size=(np.int64(8), np.int32(9))).size == (9, 8)


def test_the_deep_dream_preprocessing_chain():
    # image_load(...) %>% image_to_array() %>% array_reshape(c(1, dim(.))) %>%
    #   imagenet_preprocess_input()
    x = image_to_array(image_load(DEEP_DREAM, target_size=(60, 60)))
    batch = x.reshape((1, *x.shape))
    ours = imagenet_preprocess_input(batch)
    theirs = keras.applications.imagenet_utils.preprocess_input(batch.copy())
    np.testing.assert_allclose(ours, theirs)
    np.testing.assert_array_equal(batch[0], x)  # the input is not changed, as in R
    # deprocess_image of the examples undoes it
    back = (ours[0] + [103.939, 116.779, 123.68])[..., ::-1]
    np.testing.assert_allclose(back, x, atol=1e-3)


@pytest.mark.parametrize(
    ("mode", "suffix"),
    [
        ("RGB", ".png"),
        ("RGBA", ".png"),
        ("L", ".bmp"),
        ("P", ".gif"),
        ("RGB", ".tiff"),
        ("RGB", ".webp"),
        ("I;16", ".png"),
        ("RGB", ".ppm"),
        ("RGB", ".jpg"),
    ],
)
def test_files_pillow_writes_load_as_keras_loads_them(tmp_path, mode, suffix):
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 255, size=(12, 17, 3), dtype=np.uint8)
    if mode == "I;16":  # 16-bit grey, as scanners and microscopes write
        image = Image.fromarray(pixels[..., 0].astype(np.uint16) * 200)
    else:
        image = Image.fromarray(pixels).convert(mode)
    path = tmp_path / f"img{suffix}"
    image.save(path)
    for color_mode in ("rgb", "grayscale", "rgba"):
        ours = image_to_array(image_load(path, color_mode=color_mode))
        np.testing.assert_array_equal(ours, _keras_array(path, color_mode=color_mode))


def test_image_to_array_and_from_array_are_keras_own():
    img = image_load(DEEP_DREAM, target_size=(20, 30))
    first = image_to_array(img, data_format="channels_first", dtype="uint8")
    np.testing.assert_array_equal(
        first, keras.utils.img_to_array(img, data_format="channels_first", dtype="uint8")
    )
    assert first.shape == (3, 20, 30) and first.dtype == np.uint8
    x = np.random.default_rng(1).normal(size=(5, 7, 3))
    for scale in (True, False):
        ours = np.asarray(image_from_array(x * 40 + 100, scale=scale))
        theirs = np.asarray(keras.utils.array_to_img(x * 40 + 100, scale=scale))
        np.testing.assert_array_equal(ours, theirs)
    grey = image_from_array(np.arange(12.0).reshape(1, 3, 4), data_format="channels_first")
    assert grey.mode == "L" and grey.size == (4, 3)


def test_image_array_save_round_trips(tmp_path):
    x = np.random.default_rng(2).integers(0, 256, size=(9, 11, 3)).astype("float32")
    path = tmp_path / "out.png"
    assert image_array_save(x, path, scale=False) is None
    np.testing.assert_array_equal(image_to_array(image_load(path)), x)
    keras.utils.save_img(tmp_path / "keras.png", x, scale=False)
    np.testing.assert_array_equal(
        image_to_array(image_load(tmp_path / "keras.png")), image_to_array(image_load(path))
    )
    image_array_save(x, tmp_path / "scaled.jpg", quality=95)  # kwargs reach PIL; jpg works
    assert image_load(tmp_path / "scaled.jpg").size == (11, 9)
    image_array_save(x, tmp_path / "no-extension", file_format="png")
    assert Image.open(tmp_path / "no-extension").format == "PNG"


def test_image_array_resize_is_keras_resize_on_images_and_batches():
    x = image_to_array(image_load(STYLE_REFERENCE, target_size=(40, 50)))
    ours = image_array_resize(x, height=20, width=10)
    theirs = keras.ops.convert_to_numpy(keras.ops.image.resize(x, (20, 10)))
    np.testing.assert_allclose(ours, theirs)
    assert isinstance(ours, np.ndarray) and ours.shape == (20, 10, 3)
    batch = np.stack([x, x[::-1]])
    assert image_array_resize(batch, 8, 9).shape == (2, 8, 9, 3)
    nearest = image_array_resize(x, 80, 100, interpolation="nearest")
    np.testing.assert_array_equal(nearest[::2, ::2], x)


def test_image_smart_resize_is_keras_smart_resize():
    x = image_to_array(image_load(STYLE_BASE, target_size=(70, 25)))
    ours = image_smart_resize(x, (30, 30))
    np.testing.assert_allclose(ours, keras.preprocessing.image.smart_resize(x, (30, 30)))
    assert ours.shape == (30, 30, 3)
    assert image_smart_resize(np.stack([x, x]), [10, 20], interpolation="nearest").shape == (
        2,
        10,
        20,
        3,
    )


BAD_CALLS = [
    (lambda: image_load(DEEP_DREAM, target_size=(0, 5)), ValueError, "target_size"),
    (lambda: image_load(DEEP_DREAM, target_size=224), ValueError, "target_size=\\(224, 224\\)"),
    (lambda: image_load(DEEP_DREAM, target_size=(True, 3)), ValueError, "target_size"),
    (lambda: image_load(DEEP_DREAM, target_size=(2.5, 3)), ValueError, "whole numbers"),
    (lambda: image_load(DEEP_DREAM, color_mode="bgr"), ValueError, "color_mode should be one"),
    (lambda: image_load(DEEP_DREAM, interpolation="cubic"), ValueError, "'bicubic'"),
    (lambda: image_load(DEEP_DREAM, grayscale="yes"), TypeError, "grayscale"),
    (lambda: image_load(DEEP_DREAM, grayscale=True, color_mode="rgba"), ValueError, "alone"),
    (lambda: image_load(42), TypeError, "path should be a file path"),
    (lambda: image_to_array("deep_dream.jpg"), TypeError, "PIL image"),
    (lambda: image_to_array(np.zeros((1, 2, 2, 3))), ValueError, "one image"),
    (lambda: image_to_array(np.zeros((2, 2, 3)), data_format="nhwc"), ValueError, "data_format"),
    (lambda: image_from_array(np.zeros((1, 4, 4, 3))), ValueError, "pass x\\[0\\]"),
    (lambda: image_from_array(np.zeros((4, 4))), ValueError, "x\\[..., None\\]"),
    (lambda: image_from_array(np.zeros((4, 4, 5))), ValueError, "5 channels"),
    (lambda: image_from_array(np.full((2, 2, 3), np.nan)), ValueError, "12 NaN"),
    (lambda: image_from_array(np.array([["a"]])), TypeError, "pixel values"),
    (lambda: image_array_resize(np.zeros((4, 4, 3)), 0, 2), ValueError, "height and width"),
    (lambda: image_array_resize(np.zeros((4, 4)), 2, 2), ValueError, "rank 3"),
    (lambda: image_smart_resize(np.zeros((4, 4, 3)), (2, 2), "area"), ValueError, "lanczos3"),
    (
        lambda: image_smart_resize(np.zeros((4, 4, 3)), (2, 2), data_format=None),
        ValueError,
        "channels_first",
    ),
]


@pytest.mark.parametrize(("call", "error", "match"), BAD_CALLS)
def test_bad_arguments_name_the_argument_and_the_fix(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_image_array_save_refuses_paths_it_cannot_write(tmp_path):
    x = np.zeros((2, 2, 3))
    with pytest.raises(ValueError, match="file_format='png'"):
        image_array_save(x, tmp_path / "picture.xyz")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        image_array_save(x, tmp_path / "missing" / "a.png")
    with pytest.raises(IsADirectoryError, match="folder"):
        image_array_save(x, tmp_path)
    with pytest.raises(ValueError, match="file_format"):
        image_array_save(x, tmp_path / "a.png", file_format="svg")
    assert sorted(p.name for p in tmp_path.iterdir()) == []
