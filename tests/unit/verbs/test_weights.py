"""get_weights / set_weights / freeze_weights / unfreeze_weights."""

from __future__ import annotations

import numpy as np
import pytest

from kernelkeras import (
    compile,
    freeze_weights,
    get_weights,
    keras_model_sequential,
    layer_dense,
    set_weights,
    unfreeze_weights,
)


def four_layers():
    model = keras_model_sequential(input_shape=(3,))
    for i in range(4):
        model >> layer_dense(units=2, name=f"d{i}")
    return model


def trainable(model):
    return [layer.trainable for layer in model.layers]


def test_get_and_set_weights_round_trip():
    a, b = four_layers(), four_layers()
    weights = a >> get_weights()
    assert [w.shape for w in weights] == [(3, 2), (2,)] + [(2, 2), (2,)] * 3
    assert set_weights(b, weights) is b
    for x, y in zip(get_weights(b), weights, strict=True):
        np.testing.assert_array_equal(x, y)


def test_freeze_whole_model_and_ranges():
    model = four_layers()
    model >> freeze_weights()
    assert model.trainable is False and model.trainable_weights == []
    model >> unfreeze_weights()
    assert model.trainable and len(model.trainable_weights) == 8

    freeze_weights(model, from_=1, to="d2")
    assert trainable(model) == [True, False, False, True]
    freeze_weights(model, to=-3)
    assert trainable(model) == [False, False, True, True]
    freeze_weights(model, from_=model.layers[3])
    assert trainable(model) == [True, True, True, False]
    unfreeze_weights(model, from_=-2)
    assert trainable(model) == [False, False, True, True]
    assert len(model.trainable_weights) == 4


def test_freezing_a_compiled_model_says_to_recompile():
    model = four_layers() >> compile(loss="mse", optimizer="sgd")
    with pytest.warns(UserWarning, match="compile it again"):
        model >> freeze_weights(to=1)
