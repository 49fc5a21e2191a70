"""Models shared by the tests."""

from __future__ import annotations

import kernelkeras
from kernelkeras import (
    compile,
    keras,
    keras_model,
    keras_model_sequential,
    layer_concatenate,
    layer_conv_2d,
    layer_dense,
    layer_dropout,
    layer_flatten,
    layer_input,
    layer_max_pooling_2d,
    optimizer_rmsprop,
)


def seed_mlp():
    """The MNIST MLP of the README: 235,146 parameters."""
    return (
        keras_model_sequential()
        >> layer_dense(units=256, activation="relu", input_shape=(784,))
        >> layer_dropout(rate=0.4)
        >> layer_dense(units=128, activation="relu")
        >> layer_dropout(rate=0.3)
        >> layer_dense(units=10, activation="softmax")
    )


def compiled_mlp():
    """The seed MLP, compiled as in the README."""
    return seed_mlp() >> compile(
        loss="categorical_crossentropy", optimizer=optimizer_rmsprop(), metrics=["accuracy"]
    )


def layer_configs(model):
    """(class, config without the name) of each layer but the input: what "same model" means."""
    out = []
    for layer in model.layers:
        if isinstance(layer, keras.layers.InputLayer):
            continue
        config = dict(layer.get_config())
        config.pop("name", None)
        out.append((type(layer).__name__, config))
    return out


def run_model_code(code: str):
    """Runs exported code as a notebook would after ``from kernelkeras import *``: its model."""
    namespace = {name: getattr(kernelkeras, name) for name in kernelkeras.__all__}
    namespace["keras"] = keras
    exec(code, namespace)
    return namespace["model"]


# The golden models: summaries (tests/golden/) and builder round trips use them.
def small_cnn():
    return (
        keras_model_sequential(input_shape=(28, 28, 1), name="cnn")
        >> layer_conv_2d(filters=8, kernel_size=3, activation="relu")
        >> layer_max_pooling_2d(pool_size=2)
        >> layer_flatten()
        >> layer_dense(units=10, activation="softmax")
    )


def two_inputs():
    image = layer_input(shape=(784,), name="image")
    meta = layer_input(shape=(3,), name="meta")
    merged = layer_concatenate([image >> layer_dense(units=16, name="pixels"), meta])
    out = merged >> layer_dense(units=10, activation="softmax", name="digit")
    return keras_model([image, meta], out, name="two_inputs")


def nested():
    inner = (
        keras_model_sequential(input_shape=(8,), name="encoder")
        >> layer_dense(units=4, name="enc_1")
        >> layer_dense(units=2, name="enc_2")
    )
    inputs = layer_input(shape=(8,), name="x")
    outputs = inputs >> inner >> layer_dense(units=1, name="head")
    return keras_model(inputs, outputs, name="outer")


def unbuilt():
    return (
        keras_model_sequential(name="unbuilt")
        >> layer_dense(units=32, name="first")
        >> layer_dense(units=1, name="second")
    )


MODELS = {
    "seed_mlp": seed_mlp,
    "small_cnn": small_cnn,
    "two_inputs": two_inputs,
    "nested": nested,
    "unbuilt": unbuilt,
}
