"""layer_* functions, model makers and the >> pipe."""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pytest

import kernelkeras
from kernelkeras import (
    keras,
    keras_model,
    keras_model_sequential,
    layer_concatenate,
    layer_dense,
    layer_input,
)
from kernelkeras.pipe import LAYER_FUNCTIONS, public_classes
from kernelkeras.pipe._layers import _build_layer_functions
from tests._models import seed_mlp


def test_seed_mlp_parameter_counts():
    model = seed_mlp()
    assert isinstance(model, keras.Sequential)
    assert [layer.count_params() for layer in model.layers] == [200960, 0, 32896, 0, 1290]
    assert model.count_params() == 235146
    assert tuple(model.inputs[0].shape) == (None, 784)


def test_every_public_layer_class_has_a_function():
    classes = set(public_classes(keras.layers, keras.layers.Layer))
    covered = {fn.keras_class for fn in LAYER_FUNCTIONS.values()}
    assert classes == covered
    assert len(LAYER_FUNCTIONS) == len(classes) > 100
    exported = set(kernelkeras.__all__)
    assert set(LAYER_FUNCTIONS) <= exported


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("layer_conv_2d", "Conv2D"),
        ("layer_max_pooling_2d", "MaxPooling2D"),
        ("layer_lstm", "LSTM"),
        ("layer_batch_normalization", "BatchNormalization"),
        ("layer_global_average_pooling_1d", "GlobalAveragePooling1D"),
        ("layer_conv_lstm_2d", "ConvLSTM2D"),
        ("layer_conv_2d_transpose", "Conv2DTranspose"),
        ("layer_activation_leaky_relu", "LeakyReLU"),
        ("layer_upsampling_2d", "UpSampling2D"),
        ("layer_simple_rnn", "SimpleRNN"),
        ("layer_multi_head_attention", "MultiHeadAttention"),
        ("layer_input", "InputLayer"),
    ],
)
def test_r_style_names(name, cls):
    assert getattr(kernelkeras, name).keras_class is getattr(keras.layers, cls)


def test_functions_carry_keras_signature_and_docstring():
    sig = inspect.signature(layer_dense)
    params = list(sig.parameters)
    assert params[0] == "object"
    for keras_param in inspect.signature(keras.layers.Dense).parameters:
        if keras_param != "kwargs":
            assert keras_param in params
    assert sig.parameters["units"].default is inspect.Parameter.empty
    assert sig.parameters["activation"].default is None
    assert "input_shape" in params
    assert inspect.getdoc(keras.layers.Dense).splitlines()[0] in layer_dense.__doc__
    assert layer_dense.__name__ == "layer_dense"


def test_a_new_keras_layer_appears_without_code_changes(monkeypatch):
    class ShinyNewLayer(keras.layers.Layer):
        """A layer Keras might add one day."""

        def __init__(self, factor=2.0, **kwargs):
            super().__init__(**kwargs)
            self.factor = factor

        def call(self, x):
            return x * self.factor

    monkeypatch.setattr(keras.layers, "ShinyNewLayer", ShinyNewLayer, raising=False)
    functions = _build_layer_functions()
    fn = functions["layer_shiny_new_layer"]
    assert "factor" in inspect.signature(fn).parameters
    model = keras_model_sequential(input_shape=(3,)) >> fn(factor=3.0)
    np.testing.assert_allclose(model.predict(np.ones((1, 3)), verbose=0), [[3.0, 3.0, 3.0]])


def test_three_call_forms():
    layer = layer_dense(units=4)
    assert isinstance(layer, keras.layers.Dense) and layer.units == 4

    model = keras_model_sequential(input_shape=(3,))
    assert layer_dense(model, units=4) is model
    assert len(model.layers) == 1 and model.layers[0].units == 4

    inputs = layer_input(shape=(3,))
    out = layer_dense(inputs, units=5)
    assert isinstance(out, keras.KerasTensor) and tuple(out.shape) == (None, 5)


def test_positional_layer_arguments_still_work():
    assert layer_dense(64).units == 64
    model = layer_dense(keras_model_sequential(input_shape=(3,)), 7)
    assert model.layers[-1].units == 7


def test_input_shape_becomes_the_input_without_warning():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = keras_model_sequential() >> layer_dense(units=2, input_shape=(5,))
    assert not [w for w in caught if "input_shape" in str(w.message)]
    assert isinstance(model.layers[0], keras.layers.Dense)
    assert tuple(model.inputs[0].shape) == (None, 5)
    assert model.built and model.count_params() == 12
    # an int works as in R's input_shape = 784
    assert tuple((keras_model_sequential() >> layer_dense(units=1, input_shape=4)).inputs[0].shape)


def test_keras_model_sequential_arguments():
    model = keras_model_sequential(input_shape=(28, 28), name="digits")
    assert model.name == "digits"
    model >> keras.layers.Flatten() >> layer_dense(units=3)
    assert tuple(model.outputs[0].shape) == (None, 3)
    prefilled = keras_model_sequential([layer_dense(units=2)], input_shape=(4,))
    assert prefilled.count_params() == 10


def test_plain_keras_layers_and_own_subclasses_pipe():
    class Double(keras.layers.Layer):
        def call(self, x):
            return x * 2

    model = keras_model_sequential(input_shape=(3,)) >> keras.layers.Dense(3) >> Double()
    assert [type(layer).__name__ for layer in model.layers] == ["Dense", "Double"]

    inputs = layer_input(shape=(3,))
    outputs = inputs >> keras.layers.Dense(2) >> Double()
    functional = keras_model(inputs, outputs)
    assert isinstance(functional.layers[-1], Double)
    assert functional.predict(np.zeros((2, 3)), verbose=0).shape == (2, 2)


def test_functional_model_with_merge_layer():
    a = layer_input(shape=(4,), name="a")
    b = layer_input(shape=(6,), name="b")
    merged = layer_concatenate([a >> layer_dense(units=3), b >> layer_dense(units=5)])
    outputs = merged >> layer_dense(units=1, activation="sigmoid")
    model = keras_model([a, b], outputs, name="two_inputs")
    assert tuple(merged.shape) == (None, 8)
    assert model.predict([np.ones((2, 4)), np.ones((2, 6))], verbose=0).shape == (2, 1)
    # merge layers also pipe: list >> layer
    assert tuple(([a, a] >> kernelkeras.layer_add()).shape) == (None, 4)


def test_a_model_pipes_into_a_tensor_as_a_layer():
    inner = keras_model_sequential(input_shape=(4,), name="inner") >> layer_dense(units=2)
    inputs = layer_input(shape=(4,))
    outer = keras_model(inputs, inputs >> inner >> layer_dense(units=1))
    assert outer.layers[1] is inner
    outer2 = keras_model_sequential(input_shape=(4,)) >> inner
    assert outer2.count_params() == inner.count_params()


def test_pipe_is_not_bitwise_or():
    inputs = layer_input(shape=(3,))
    out = inputs >> layer_dense(units=2)
    assert out.dtype == "float32"  # `inputs | layer` would be a bool tensor


def test_models_stay_plain_keras():
    model = seed_mlp()
    assert type(model) is keras.Sequential
    config = model.get_config()
    rebuilt = keras.Sequential.from_config(config)
    assert rebuilt.count_params() == 235146
