"""The ``fit`` benchmark: ``model >> fit(...)`` ÷ plain ``model.fit``.

The seed MLP on the bundled MNIST, one model built with kernelkeras' pipe and verbs and
one with plain Keras, each trained by its own ``fit`` in this process on the same arrays.
The live-chart benchmark (``bench_live``) trains the same data and model in a kernel: it
copies :func:`mnist_training_data`, :func:`kernelkeras_mlp` and ``FIT_ARGS`` in.
"""

from __future__ import annotations

from typing import Any

from _results import Result
from _runner import SEED, alternate, timed

#: ``fit`` arguments shared by both sides of the fit benchmark (epochs come from the counts).
FIT_ARGS: dict[str, Any] = {"batch_size": 128, "validation_split": 0.2, "verbose": 0}


def mnist_training_data() -> tuple[Any, Any]:
    """The full MNIST training set as the seed notebook prepares it.

    Returns:
        ``x``: 60,000 flattened images, float32 in [0, 1]; ``y``: one-hot float32 rows.
    """
    import keras
    import numpy as np

    from kernelkeras import dataset_mnist

    (x_train, y_train), _ = dataset_mnist()
    x = (x_train.reshape(len(x_train), 784) / 255).astype(np.float32)
    y = keras.utils.to_categorical(y_train, 10)
    return x, y


def kernelkeras_mlp() -> Any:
    """The seed MLP, built and compiled with kernelkeras' pipe and verbs.

    Returns:
        A compiled ``keras.Sequential`` model.
    """
    import keras

    from kernelkeras import (
        compile,
        keras_model_sequential,
        layer_dense,
        layer_dropout,
        optimizer_rmsprop,
    )

    keras.utils.set_random_seed(SEED)
    model = (
        keras_model_sequential()
        >> layer_dense(units=256, activation="relu", input_shape=(784,))
        >> layer_dropout(rate=0.4)
        >> layer_dense(units=128, activation="relu")
        >> layer_dropout(rate=0.3)
        >> layer_dense(units=10, activation="softmax")
    )
    model >> compile(
        loss="categorical_crossentropy", optimizer=optimizer_rmsprop(), metrics=["accuracy"]
    )
    return model


def keras_mlp() -> Any:
    """The seed MLP, built and compiled with plain Keras.

    Returns:
        A compiled ``keras.Sequential`` model.
    """
    import keras

    keras.utils.set_random_seed(SEED)
    model = keras.Sequential(
        [
            keras.Input((784,)),
            keras.layers.Dense(256, activation="relu"),
            keras.layers.Dropout(0.4),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dropout(0.3),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(
        loss="categorical_crossentropy",
        optimizer=keras.optimizers.RMSprop(),
        metrics=["accuracy"],
    )
    return model


def bench_fit(runs: int, epochs: int) -> Result:
    """Times ``model >> fit(...)`` against plain ``model.fit`` on the seed MLP.

    Each side's model is built once; the warm-up fit traces its training and
    validation functions, so the timed calls measure training, not tracing.

    Args:
        runs: alternating pairs of ``fit`` calls.
        epochs: epochs per timed call.

    Returns:
        The benchmark's result.
    """
    from kernelkeras import fit

    x, y = mnist_training_data()
    ours_model = kernelkeras_mlp()
    keras_model = keras_mlp()

    def ours() -> None:
        ours_model >> fit(x, y, epochs=epochs, **FIT_ARGS)

    def baseline() -> None:
        keras_model.fit(x, y, epochs=epochs, **FIT_ARGS)

    ours_samples, baseline_samples = alternate(
        lambda: timed(ours), lambda: timed(baseline), runs, "fit"
    )
    return Result(
        name=f"`model >> fit()` ÷ `model.fit()` (seed MLP, {epochs} epoch{'s' * (epochs > 1)})",
        ours=ours_samples,
        baseline=baseline_samples,
        goal_ratio=1.01,
        goal_seconds=None,
        how=(
            "The seed MLP (Dense 256 relu, Dropout 0.4, Dense 128 relu, Dropout 0.3, "
            "Dense 10 softmax; categorical cross-entropy, RMSprop, accuracy) on the full "
            "bundled MNIST training set (60,000 images flattened to 784 float32 in [0, 1], "
            f"one-hot labels), `batch_size=128, validation_split=0.2, verbose=0`, {epochs} "
            f"epoch{'s' * (epochs > 1)} per call. One model built with kernelkeras' pipe "
            "(`keras_model_sequential() >> layer_dense(...) >> ...`, `model >> compile(...)`), "
            "one with `keras.Sequential([keras.Input((784,)), ...])` and `model.compile`, each "
            f"after `keras.utils.set_random_seed({SEED})`, in the same process on the same "
            "arrays. Only the `fit` call is timed; each model keeps training across calls."
        ),
    )
