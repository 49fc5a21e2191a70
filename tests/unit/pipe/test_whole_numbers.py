"""R passes doubles and ported code computes sizes with NumPy: whole numbers count as ints."""

from __future__ import annotations

import numpy as np
import pytest

from kernelkeras import (
    keras,
    keras_model_sequential,
    layer_conv_2d,
    layer_dense,
    layer_dropout,
    layer_embedding,
)


def test_sizes_computed_with_numpy_build_the_same_model_as_plain_ints():
    y_train = np.array([0, 3, 45, 7])  # reuters_mlp.R: num_classes <- max(y_train) + 1
    model = (
        keras_model_sequential(input_shape=(np.int64(1000),))
        >> layer_dense(units=512.0)
        >> layer_dense(units=y_train.max() + 1)
    )
    plain = keras.Sequential(
        [keras.Input((1000,)), keras.layers.Dense(512), keras.layers.Dense(46)]
    )
    assert model.output_shape == plain.output_shape == (None, 46)
    assert model.count_params() == plain.count_params()
    assert type(model.layers[-1].units) is int


def test_tuples_and_first_layer_shapes_take_whole_numbers():
    model = keras_model_sequential() >> layer_conv_2d(
        filters=np.int32(8), kernel_size=(np.int64(3), 3.0), input_shape=(28.0, 28, 1)
    )
    assert model.output_shape == (None, 26, 26, 8)
    assert model.layers[0].kernel_size == (3, 3)
    embedded = keras_model_sequential() >> layer_embedding(
        input_dim=np.int64(100), output_dim=8.0, input_shape=(np.int64(5),)
    )
    assert embedded.output_shape == (None, 5, 8)


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: layer_dense(units=2.5), ValueError, "units"),
        (lambda: layer_dense(units=np.float64("nan")), ValueError, "units"),
        (lambda: layer_dense(units=True), TypeError, "units=True is a bool"),
        (lambda: keras_model_sequential(input_shape=(True,)), ValueError, "input_shape"),
        (lambda: keras_model_sequential(input_shape=(7.5,)), ValueError, "input_shape"),
    ],
)
def test_fractions_and_bools_are_still_refused(call, error, words):
    with pytest.raises(error) as info:
        call()
    assert words in str(info.value)


def test_float_arguments_stay_floats():
    assert layer_dropout(rate=np.float64(0.5)).rate == 0.5
    assert isinstance(layer_dropout(rate=1.0 / 4).rate, float)
