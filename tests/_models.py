"""Models shared by the tests."""

from __future__ import annotations

import kernelkeras
from kernelkeras import (
    compile,
    keras,
    keras_model_sequential,
    layer_dense,
    layer_dropout,
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
