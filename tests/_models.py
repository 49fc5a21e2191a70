"""Models shared by the tests."""

from __future__ import annotations

from kernelkeras import (
    compile,
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
