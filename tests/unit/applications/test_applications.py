"""application_*: R's names, Keras' models, ImageNet weights from the cache, offline errors.

No test touches the network (tests/conftest.py refuses it): ``weights=None`` builds are
compared with keras.applications' own; weights files written here, in the exact format
and under the exact name Keras asks for, stand in for the published ones.
"""

from __future__ import annotations

import time

import h5py
import numpy as np
import pytest
from keras.src.legacy.saving import legacy_h5_format

import kernelkeras
from kernelkeras import keras, layer_input
from kernelkeras.applications import (
    APPLICATIONS,
    OfflineError,
    WeightsFileError,
    application_name,
    cache_path,
)

#: R keras3's exported application_* names (its NAMESPACE), all of which must exist.
R_NAMES = [
    "convnext_base",
    "convnext_large",
    "convnext_small",
    "convnext_tiny",
    "convnext_xlarge",
    "densenet121",
    "densenet169",
    "densenet201",
    "efficientnet_b0",
    "efficientnet_b1",
    "efficientnet_b2",
    "efficientnet_b3",
    "efficientnet_b4",
    "efficientnet_b5",
    "efficientnet_b6",
    "efficientnet_b7",
    "efficientnet_v2b0",
    "efficientnet_v2b1",
    "efficientnet_v2b2",
    "efficientnet_v2b3",
    "efficientnet_v2l",
    "efficientnet_v2m",
    "efficientnet_v2s",
    "inception_resnet_v2",
    "inception_v3",
    "mobilenet",
    "mobilenet_v2",
    "mobilenet_v3_large",
    "mobilenet_v3_small",
    "nasnet_large",
    "nasnet_mobile",
    "nasnetlarge",
    "nasnetmobile",
    "resnet101",
    "resnet101_v2",
    "resnet152",
    "resnet152_v2",
    "resnet50",
    "resnet50_v2",
    "vgg16",
    "vgg19",
    "xception",
]


def test_every_r_name_exists_and_every_keras_model_has_one():
    for name in R_NAMES:
        assert callable(getattr(kernelkeras, f"application_{name}")), name
    keras_models = {
        obj
        for attr, obj in vars(keras.applications).items()
        if attr[:1].isupper() and callable(obj)
    }
    assert {f.keras_function for f in APPLICATIONS.values()} == keras_models
    assert len(APPLICATIONS) == len(keras_models) + 2  # R's nasnetlarge/nasnetmobile too
    assert application_name("ConvNeXtXLarge") == "application_convnext_xlarge"
    assert application_name("MobileNetV3Small") == "application_mobilenet_v3_small"


def test_signature_and_help_are_keras_own():
    import inspect

    f = kernelkeras.application_resnet50
    assert inspect.signature(f) == inspect.signature(keras.applications.ResNet50)
    assert "keras.applications.ResNet50" in f.__doc__ and "Args:" in f.__doc__


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("vgg16", {"include_top": True, "input_shape": (32, 32, 3), "classes": 10}),
        ("resnet50", {"include_top": False, "input_shape": (32, 32, 3), "pooling": "avg"}),
        ("mobilenet_v2", {"include_top": False, "input_shape": (32, 32, 3), "alpha": 0.35}),
        ("mobilenet_v3_small", {"include_top": False, "input_shape": (32, 32, 3)}),
        ("efficientnet_b0", {"include_top": False, "input_shape": (32, 32, 3)}),
        ("convnext_tiny", {"include_top": True, "input_shape": (32, 32, 3), "classes": 5}),
        ("inception_v3", {"include_top": False, "input_shape": (75, 75, 3)}),
    ],
)
def test_weights_none_builds_keras_own_model_offline(name, kwargs):
    ours = getattr(kernelkeras, f"application_{name}")(weights=None, **kwargs)
    keras_name = APPLICATIONS[f"application_{name}"].keras_function.__name__
    theirs = getattr(keras.applications, keras_name)(weights=None, **kwargs)
    assert ours.count_params() == theirs.count_params()
    assert ours.output_shape == theirs.output_shape
    assert [type(layer) for layer in ours.layers] == [type(layer) for layer in theirs.layers]


def test_the_deep_dream_call_builds_on_an_input_tensor():
    # R: dream <- layer_input(batch_shape = c(1, img_size))
    #    model <- application_vgg16(input_tensor = dream, weights = ..., include_top = FALSE)
    dream = layer_input(batch_shape=(1, 48, 48, 3))
    model = kernelkeras.application_vgg16(input_tensor=dream, weights=None, include_top=False)
    layer_dict = {layer.name: layer for layer in model.layers}
    assert {"block5_conv1", "block5_conv2", "block4_conv1"} <= set(layer_dict)
    assert tuple(layer_dict["block5_conv1"].output.shape) == (1, 3, 3, 512)
    assert model.inputs[0] is dream


@pytest.fixture
def cache():
    """KERAS_HOME/models (the test session's), emptied of what a test wrote."""
    folder = cache_path("x").parent
    before = set(folder.glob("*")) if folder.exists() else set()
    yield folder
    for path in set(folder.glob("*")) - before:
        path.unlink()


def test_offline_imagenet_fails_at_once_with_the_path_and_the_url(cache):
    start = time.perf_counter()
    with pytest.raises(OfflineError) as info:
        kernelkeras.application_vgg16(weights="imagenet", include_top=False)
    elapsed = time.perf_counter() - start
    fname = "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5"
    message = str(info.value)
    assert str(cache / fname) in message
    assert f"https://storage.googleapis.com/tensorflow/keras-applications/vgg16/{fname}" in message
    assert "weights=None" in message and "application_vgg16(weights='imagenet')" in message
    assert elapsed < 2, elapsed  # a plain build alone takes about 1.3 s
    assert not (cache / fname).exists()


def test_keras_argument_errors_come_before_any_download(cache):
    with pytest.raises(ValueError, match="classes"):
        kernelkeras.application_vgg16(weights="imagenet", classes=10)
    with pytest.raises(TypeError, match="Did you mean 'include_top'"):
        kernelkeras.application_vgg16(weights=None, include_tpo=False)
    with pytest.raises(TypeError, match="weights should be 'imagenet'"):
        kernelkeras.application_vgg16(weights=3)
    with pytest.raises(FileNotFoundError, match="no file"):
        kernelkeras.application_vgg16(weights="missing.h5")


def _write_keras_weights_file(model, path):
    """Weights in the layout of Keras' published files (legacy HDF5, layer by layer)."""
    with h5py.File(path, "w") as f:
        legacy_h5_format.save_weights_to_hdf5_group(f, model)


def _same_weights(a, b):
    assert len(a.weights) == len(b.weights)
    for wa, wb in zip(a.weights, b.weights, strict=True):
        np.testing.assert_array_equal(wa.numpy(), wb.numpy())


def test_a_weights_file_put_into_the_cache_is_used_offline(cache):
    kwargs = {"alpha": 0.25, "include_top": False, "input_shape": (128, 128, 3)}
    source = keras.applications.MobileNet(weights=None, **kwargs)
    cache.mkdir(parents=True, exist_ok=True)
    _write_keras_weights_file(source, cache / "mobilenet_2_5_128_tf_no_top.h5")  # no hash
    model = kernelkeras.application_mobilenet(weights="imagenet", **kwargs)
    _same_weights(model, source)


def test_a_cached_file_without_the_published_hash_is_used_offline_with_a_warning(cache):
    kwargs = {"include_top": False, "input_shape": (32, 32, 3)}
    source = keras.applications.MobileNetV3Small(weights=None, **kwargs)
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / "weights_mobilenet_v3_small_224_1.0_float_no_top_v2.h5"
    _write_keras_weights_file(source, path)
    with pytest.warns(UserWarning, match="no network to download that one") as record:
        model = kernelkeras.application_mobilenet_v3_small(weights="imagenet", **kwargs)
    ours = [str(w.message) for w in record if "no network" in str(w.message)]
    assert len(ours) == 1 and str(path) in ours[0]
    # Keras' own warning about the input shape is given once, not again by the dry run
    assert sum("input_shape" in str(w.message) for w in record) == 1
    _same_weights(model, source)
    assert model.name == source.name == "MobileNetV3Small"


@pytest.mark.parametrize("content", ["garbage", "other-model"])
def test_a_cached_file_that_does_not_fit_is_named(cache, content):
    kwargs = {"alpha": 0.25, "include_top": False, "input_shape": (128, 128, 3)}
    path = cache / "mobilenet_2_5_128_tf_no_top.h5"
    cache.mkdir(parents=True, exist_ok=True)
    if content == "garbage":
        path.write_bytes(b"\x89HDF\r\n" + b"\x00" * 100)
    else:
        other = keras.applications.MobileNet(
            weights=None, alpha=0.5, include_top=False, input_shape=(128, 128, 3)
        )
        _write_keras_weights_file(other, path)
    with pytest.raises(WeightsFileError, match="cannot be loaded into this model") as info:
        kernelkeras.application_mobilenet(weights="imagenet", **kwargs)
    assert str(path) in str(info.value) and "delete it" in str(info.value)


@pytest.mark.filterwarnings("ignore:Skipping nested container")  # Keras, on the mismatch
@pytest.mark.filterwarnings("ignore:__array__ implementation")
def test_weights_from_a_path_load_as_keras_loads_them(tmp_path):
    kwargs = {"alpha": 0.35, "include_top": True, "input_shape": (32, 32, 3), "classes": 4}
    source = keras.applications.MobileNetV2(weights=None, **kwargs)
    path = tmp_path / "mine.weights.h5"
    source.save_weights(path)
    model = kernelkeras.application_mobilenet_v2(weights=path, **kwargs)
    _same_weights(model, source)
    other = tmp_path / "other.weights.h5"
    keras.applications.MobileNetV2(weights=None, **{**kwargs, "classes": 3}).save_weights(other)
    with pytest.raises(WeightsFileError, match="same architecture") as info:
        kernelkeras.application_mobilenet_v2(weights=str(other), **kwargs)
    assert str(other) in str(info.value)
