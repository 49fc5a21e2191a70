"""Preprocess and decode functions: Keras' values, R's names and R's return shape.

The ImageNet class index is written here in the published file's format (1000 entries
"i": [wordnet id, description]) into the cache, where Keras looks for it.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from keras.src.applications import imagenet_utils

import kernelkeras
from kernelkeras import keras
from kernelkeras.applications import (
    PREPROCESSING,
    ClassIndexError,
    OfflineError,
    application_decode_predictions,
    application_preprocess_inputs,
    cache_path,
)
from kernelkeras.applications._models import families

#: R keras 2.x's family functions (NAMESPACE of its 2.13 release), all still here.
R_FAMILY_NAMES = [
    "densenet_preprocess_input",
    "inception_resnet_v2_preprocess_input",
    "inception_v3_preprocess_input",
    "mobilenet_decode_predictions",
    "mobilenet_preprocess_input",
    "mobilenet_v2_decode_predictions",
    "mobilenet_v2_preprocess_input",
    "nasnet_preprocess_input",
    "resnet_preprocess_input",
    "resnet_v2_preprocess_input",
    "xception_preprocess_input",
    "imagenet_preprocess_input",
    "imagenet_decode_predictions",
]


def test_r_names_exist_and_every_family_has_its_functions():
    for name in R_FAMILY_NAMES:
        assert callable(getattr(kernelkeras, name)), name
    for family, module in families():
        prefix = "imagenet" if family == "imagenet_utils" else family
        assert f"{prefix}_preprocess_input" in PREPROCESSING
        assert f"{prefix}_decode_predictions" in PREPROCESSING
        assert hasattr(module, "preprocess_input")


def _images(seed=0, dtype="float32"):
    return np.random.default_rng(seed).uniform(0, 255, size=(2, 6, 5, 3)).astype(dtype)


@pytest.mark.parametrize("family", sorted({f for f, _ in families()}))
def test_each_preprocess_equals_keras_and_leaves_its_input_alone(family):
    prefix = "imagenet" if family == "imagenet_utils" else family
    ours = PREPROCESSING[f"{prefix}_preprocess_input"]
    theirs = getattr(keras.applications, family).preprocess_input
    x = _images()
    kept = x.copy()
    np.testing.assert_allclose(ours(x), theirs(x.copy()), rtol=1e-6)
    np.testing.assert_array_equal(x, kept)  # Keras' own changes a float array in place
    ints = _images(dtype="uint8")
    np.testing.assert_allclose(ours(ints), theirs(ints.copy()), rtol=1e-6)


@pytest.mark.parametrize("mode", ["caffe", "tf", "torch"])
def test_imagenet_preprocess_input_modes_and_data_format(mode):
    x = _images(1)
    first = np.moveaxis(x, -1, 1)
    ours = kernelkeras.imagenet_preprocess_input(first, data_format="channels_first", mode=mode)
    theirs = imagenet_utils.preprocess_input(first.copy(), data_format="channels_first", mode=mode)
    np.testing.assert_allclose(ours, theirs, rtol=1e-6)
    as_list = kernelkeras.imagenet_preprocess_input(x.tolist(), mode=mode)
    from_list = imagenet_utils.preprocess_input(np.array(x.tolist()), mode=mode)  # float64
    np.testing.assert_allclose(as_list, from_list)


def test_preprocess_takes_tensors_and_refuses_what_is_not_images():
    x = _images(2)
    tensor = keras.ops.convert_to_tensor(x)
    out = kernelkeras.resnet_preprocess_input(tensor)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(out), imagenet_utils.preprocess_input(x))
    with pytest.raises(ValueError, match=r"add the batch axis with x\[None\]|shape \(6, 5\)"):
        kernelkeras.vgg16_preprocess_input(np.zeros((6, 5)))
    with pytest.raises(TypeError, match="pixel values"):
        kernelkeras.vgg16_preprocess_input(np.array([[["a"]]]))
    with pytest.raises(ValueError, match="mode"):
        kernelkeras.imagenet_preprocess_input(x, mode="bgr")


def test_application_preprocess_inputs_uses_the_models_family():
    x = _images(3)
    resnet = kernelkeras.application_resnet50(
        weights=None, include_top=False, input_shape=(32, 32, 3)
    )
    np.testing.assert_allclose(
        application_preprocess_inputs(resnet, x),
        keras.applications.resnet.preprocess_input(x.copy()),
    )
    mobile = kernelkeras.application_mobilenet_v2(
        weights=None, alpha=0.35, include_top=False, input_shape=(32, 32, 3)
    )
    np.testing.assert_allclose(application_preprocess_inputs(mobile, x), x / 127.5 - 1, rtol=1e-6)
    plain = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    with pytest.raises(ValueError, match="application_\\* function"):
        application_preprocess_inputs(plain, x)


@pytest.fixture
def class_index():
    """The class index in the published format, in the cache; Keras' memory of it reset."""
    path = cache_path("imagenet_class_index.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    index = {str(i): [f"n{i:08d}", f"class_{i}"] for i in range(1000)}
    path.write_text(json.dumps(index))
    imagenet_utils.CLASS_INDEX = None
    yield path
    imagenet_utils.CLASS_INDEX = None
    path.unlink(missing_ok=True)


def _preds(n=3, seed=4):
    logits = np.random.default_rng(seed).normal(size=(n, 1000))
    return np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)


@pytest.mark.filterwarnings("ignore:.*is not the published imagenet_class_index")
def test_decode_returns_r_data_frames_with_keras_values(class_index):
    preds = _preds()
    decoded = kernelkeras.imagenet_decode_predictions(preds, top=4)
    theirs = imagenet_utils.decode_predictions(preds, top=4)  # Keras, with what it read
    assert len(decoded) == 3 and all(isinstance(d, pd.DataFrame) for d in decoded)
    for frame, rows in zip(decoded, theirs, strict=True):
        assert list(frame.columns) == ["class_name", "class_description", "score"]
        assert frame.values.tolist() == [[a, b, pytest.approx(float(s))] for a, b, s in rows]
    best = int(np.argmax(preds[0]))
    assert decoded[0].iloc[0].tolist()[:2] == [f"n{best:08d}", f"class_{best}"]
    model = kernelkeras.application_mobilenet_v2(
        weights=None, alpha=0.35, include_top=False, input_shape=(32, 32, 3)
    )
    again = application_decode_predictions(model, preds, top=2)
    pd.testing.assert_frame_equal(again[1], decoded[1].head(2))


def test_the_cached_index_without_the_published_hash_is_used_with_a_warning(class_index):
    with pytest.warns(UserWarning, match="no network") as record:
        kernelkeras.resnet_decode_predictions(_preds(1), top=1)
    assert str(class_index) in str(record[0].message)


def test_decode_offline_without_the_index_fails_at_once():
    imagenet_utils.CLASS_INDEX = None
    path = cache_path("imagenet_class_index.json")
    assert not path.exists()
    with pytest.raises(OfflineError) as info:
        kernelkeras.imagenet_decode_predictions(_preds(1))
    assert str(path) in str(info.value)
    assert "download.tensorflow.org/data/imagenet_class_index.json" in str(info.value)


@pytest.mark.filterwarnings("ignore:.*is not the published imagenet_class_index")
@pytest.mark.parametrize(
    ("content", "match"),
    [
        ("{not json", "not the ImageNet class index"),
        (json.dumps({"0": ["n0", "x"]}), "not the ImageNet class index"),
        (json.dumps({str(i): "flat" for i in range(1000)}), "not the ImageNet class index"),
        (" " * 2_000_000, "bytes, not the ImageNet class index"),
    ],
    ids=["not-json", "too-few", "wrong-entries", "huge"],
)
def test_a_bad_class_index_is_named_and_forgotten(class_index, content, match):
    class_index.write_text(content)
    with pytest.raises(ClassIndexError, match=match) as info:
        kernelkeras.imagenet_decode_predictions(_preds(1))
    assert str(class_index) in str(info.value) and "Delete it" in str(info.value)
    assert imagenet_utils.CLASS_INDEX is None  # Keras does not keep the bad one


@pytest.mark.parametrize(
    ("preds", "top", "match"),
    [
        (np.zeros((2, 10)), 5, "1000 class probabilities"),
        (np.zeros(1000), 5, "one row"),
        (np.zeros((1, 1000)), 0, "top should be"),
        (np.zeros((1, 1000)), True, "top should be"),
    ],
)
def test_decode_checks_its_arguments_first(preds, top, match):
    with pytest.raises(ValueError, match=match):
        kernelkeras.imagenet_decode_predictions(preds, top=top)
