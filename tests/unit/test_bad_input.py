"""Bad input: each mistake gives a message naming the problem and the fix, and the model
is left exactly as it was (same layers, same weights, same compile state)."""

from __future__ import annotations

import numpy as np
import pytest

import kernelkeras as kk
from kernelkeras import (
    compile,
    evaluate,
    fit,
    freeze_weights,
    keras,
    keras_model_sequential,
    layer_conv_2d,
    layer_dense,
    layer_input,
    load_model,
    predict,
    save_model,
    set_weights,
    to_categorical,
)
from tests._models import compiled_mlp, seed_mlp


def state(model):
    return (
        [(layer.name, type(layer).__name__) for layer in model.layers],
        [w.copy() for w in model.get_weights()],
        [layer.trainable for layer in model.layers],
        getattr(model, "compiled", False),
        type(getattr(model, "optimizer", None)).__name__,
        model.built,
    )


def assert_unchanged(model, before):
    after = state(model)
    assert after[0] == before[0], "layers changed"
    assert len(after[1]) == len(before[1]), "weights added or removed"
    for a, b in zip(after[1], before[1], strict=True):
        np.testing.assert_array_equal(a, b)
    assert after[2:] == before[2:]


@pytest.fixture
def model():
    return seed_mlp()


X = np.zeros((8, 784), dtype="float32")
Y = to_categorical(np.arange(8) % 10, 10)


@pytest.mark.parametrize(
    ("right", "message"),
    [
        (3, "right side of >> must be a Keras layer"),
        ("dense", "a string is not a layer.*layer_dense"),
        (layer_dense, r"pipes the function itself; call it: `model >> layer_dense\(...\)`"),
        (keras.layers.Dense, r"pipes the class; create a layer"),
        (fit, r"call it: `model >> fit\(...\)`"),
        (np.ones(3), "right side of >> must be a Keras layer"),
    ],
)
def test_piping_a_non_layer_into_a_model(model, right, message):
    before = state(model)
    with pytest.raises(TypeError, match=message):
        model >> right
    assert_unchanged(model, before)


@pytest.mark.parametrize("left", [3, "x", None, np.zeros((2, 784))])
def test_piping_into_something_that_is_not_a_model(left):
    with pytest.raises(TypeError, match="left side of >> must be a Keras model"):
        left >> layer_dense(units=2)


def test_a_verb_piped_into_a_non_model():
    with pytest.raises(TypeError, match=r"fit\(\) needs a Keras model first, got a int"):
        3 >> fit(X, Y)


def test_conv_after_a_flat_vector_names_the_reshape(model):
    before = state(model)
    with pytest.raises(ValueError) as info:
        model >> layer_conv_2d(filters=8, kernel_size=3)
    text = str(info.value)
    assert "cannot take the output of 'dense_" in text
    assert "(None, 10)" in text and "4 dimensions" in text
    assert_unchanged(model, before)
    # the model still works and still takes new layers
    model >> layer_dense(units=3)
    assert model.count_params() == 235146 + 33


def test_conv_after_784_vector_suggests_28x28():
    model = keras_model_sequential(input_shape=(784,))
    with pytest.raises(ValueError, match=r"layer_reshape\(target_shape=\(28, 28, 1\)\)"):
        model >> layer_conv_2d(filters=8, kernel_size=3)
    assert model.layers == []


def test_shape_error_on_a_tensor():
    inputs = layer_input(shape=(784,))
    with pytest.raises(ValueError, match=r"Conv2D needs input with .*layer_reshape"):
        inputs >> layer_conv_2d(filters=8, kernel_size=3)


def test_the_same_layer_twice(model):
    layer = model.layers[0]
    before = state(model)
    with pytest.raises(ValueError, match="already in model.*Create a new one"):
        model >> layer
    with pytest.raises(ValueError, match="already has a layer named"):
        model >> layer_dense(units=2, name=layer.name)
    assert_unchanged(model, before)


def test_functional_model_on_the_left():
    inputs = layer_input(shape=(4,))
    functional = kk.keras_model(inputs, inputs >> layer_dense(units=2))
    with pytest.raises(TypeError, match="appends to Sequential models.*pipe tensors"):
        functional >> layer_dense(units=2)
    assert len(functional.layers) == 2


def test_unknown_activation():
    with pytest.raises(ValueError, match=r"unknown activation 'relux'.*relu, .*sigmoid"):
        layer_dense(units=3, activation="relux")


def test_misspelt_layer_argument():
    with pytest.raises(TypeError, match=r"unknown argument 'unit'. Did you mean 'units'\?"):
        layer_dense(unit=3)


def test_bad_input_shape():
    with pytest.raises(ValueError, match="input_shape must be a tuple of positive ints"):
        layer_dense(units=3, input_shape=(-1, 2))


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"loss": "mse", "optimizer": "adamx"}, "Unknown optimizer 'adamx'.*adam.*optimizer_"),
        ({"loss": "categorical_crossentropi", "optimizer": "adam"}, "Unknown loss"),
        ({"loss": "mse", "optimizer": "adam", "metrics": ["acuracy"]}, "Unknown metric"),
    ],
)
def test_unknown_names_in_compile_leave_the_model_uncompiled(model, settings, message):
    before = state(model)
    with pytest.raises(ValueError, match=message):
        model >> compile(**settings)
    assert_unchanged(model, before)
    assert not model.compiled


def test_unknown_names_leave_a_compiled_model_as_it_was():
    model = compiled_mlp()
    before = state(model)
    with pytest.raises(ValueError, match="Unknown optimizer"):
        model >> compile(loss="mse", optimizer="nope")
    assert_unchanged(model, before)
    assert isinstance(model.optimizer, keras.optimizers.RMSprop)


def test_fit_before_compile(model):
    before = state(model)
    with pytest.raises(RuntimeError, match="not compiled. Compile it first"):
        model >> fit(X, Y)
    assert_unchanged(model, before)


def test_x_and_y_lengths_differ():
    model = compiled_mlp()
    before = state(model)
    with pytest.raises(ValueError, match="x has 8 samples but y has 5"):
        model >> fit(X, Y[:5], verbose=0)
    assert_unchanged(model, before)


@pytest.mark.parametrize(
    ("split", "error"),
    [(1.0, ValueError), (-0.1, ValueError), (1.5, ValueError), ("0.2", TypeError)],
)
def test_validation_split_outside_range(split, error):
    model = compiled_mlp()
    before = state(model)
    with pytest.raises(error, match=r"validation_split must be a fraction in \[0, 1\)"):
        model >> fit(X, Y, validation_split=split, verbose=0)
    assert_unchanged(model, before)


def test_images_not_flattened():
    model = compiled_mlp()
    before = state(model)
    with pytest.raises(ValueError, match=r"x has shape \(8, 28, 28\).*x.reshape\(len\(x\), 784\)"):
        model >> fit(np.zeros((8, 28, 28)), Y, verbose=0)
    with pytest.raises(ValueError, match="expects"):
        model >> predict(np.zeros((8, 28, 28)))
    assert_unchanged(model, before)


def test_labels_not_one_hot():
    model = compiled_mlp()
    before = state(model)
    with pytest.raises(ValueError, match=r"to_categorical\(y, 10\).*sparse_categorical"):
        model >> evaluate(X, np.arange(8) % 10)
    assert_unchanged(model, before)


@pytest.mark.parametrize(
    ("labels", "kwargs", "message"),
    [
        ([0, 3, 10], {"num_classes": 10}, r"label 10 does not fit num_classes=10.*0 to 9"),
        ([0, -1], {}, "must be >= 0"),
        ([0.5, 1.0], {}, "whole numbers"),
        (["a", "b"], {}, "must be integers"),
        ([], {}, "empty"),
    ],
)
def test_to_categorical_bad_labels(labels, kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        to_categorical(labels, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"from_": 7}, IndexError, r"from_=7 is outside .* 5 layers \(indices 0 to 4"),
        ({"to": -9}, IndexError, "to=-9 is outside"),
        ({"from_": "nope"}, ValueError, "has no layer 'nope'; its layers are dense"),
        ({"from_": 3, "to": 1}, ValueError, "comes after"),
    ],
)
def test_freeze_weights_outside_the_model(model, kwargs, error, message):
    before = state(model)
    with pytest.raises(error, match=message):
        model >> freeze_weights(**kwargs)
    assert_unchanged(model, before)


def test_set_weights_with_wrong_shapes(model):
    before = state(model)
    weights = model.get_weights()
    with pytest.raises(ValueError, match="has 6 weight arrays, got 5"):
        set_weights(model, weights[:5])
    weights[2] = np.zeros((3, 3))
    with pytest.raises(ValueError, match=r"weight 2 .* has shape \(256, 128\), got \(3, 3\)"):
        set_weights(model, weights)
    assert_unchanged(model, before)


def test_load_model_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"no file at .*missing.keras.*save_model"):
        load_model(tmp_path / "missing.keras")


@pytest.mark.parametrize("content", [b"not a model", b""])
def test_load_model_on_a_non_keras_file(tmp_path, content):
    path = tmp_path / "fake.keras"
    path.write_bytes(content)
    with pytest.raises(ValueError, match="is not a Keras model file"):
        load_model(path)


def test_load_model_on_a_foreign_zip(tmp_path):
    import zipfile

    path = tmp_path / "other.keras"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ValueError, match="could not be read as a Keras model"):
        load_model(path)


def test_save_model_with_the_wrong_suffix(model, tmp_path):
    with pytest.raises(ValueError, match=r"should end in .keras or .h5 or .hdf5.*model.keras"):
        model >> save_model(tmp_path / "model.txt")
    assert list(tmp_path.iterdir()) == []
