"""fit(dataset, batch_size=...): an error, as in R, naming batch_size and the fix.

A tf.data dataset, a generator or a PyDataset makes its own batches; plain Keras
ignores ``batch_size`` then (so a user who thinks it applies trains on other batches
than they meant), R keras stops with "batch_size can not be specified with a TF
Dataset". kernelkeras refuses it before training, and the model is unchanged.
"""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from kernelkeras import (
    compile,
    evaluate,
    fit,
    keras,
    keras_model_sequential,
    layer_dense,
    predict,
)

X = np.linspace(-1, 1, 24, dtype="float32").reshape(8, 3)
Y = X.sum(axis=1, keepdims=True)


def model():
    return (
        keras_model_sequential(input_shape=(3,))
        >> layer_dense(units=1)
        >> compile(loss="mse", optimizer="sgd")
    )


def dataset():
    return tf.data.Dataset.from_tensor_slices((X, Y)).batch(4)


def test_plain_keras_silently_ignores_batch_size_on_a_dataset():
    """What the check repairs: Keras trains on the dataset's batches of 4, not 2."""
    m = model()
    history = m.fit(dataset(), batch_size=2, epochs=1, verbose=0)
    assert history.params["steps"] == 2  # 8 samples in the dataset's batches of 4


def test_fit_on_a_dataset_with_batch_size_is_refused_naming_the_fix():
    m = model()
    before = [w.copy() for w in m.get_weights()]
    with pytest.raises(ValueError) as info:
        m >> fit(dataset(), batch_size=2, epochs=1, verbose=0)
    text = str(info.value)
    assert text.startswith("fit(): batch_size cannot be given with a tf.data dataset")
    assert "makes its own batches" in text and "dataset.batch(2)" in text
    assert all(np.array_equal(a, b) for a, b in zip(before, m.get_weights(), strict=True))
    history = m >> fit(dataset(), epochs=1, verbose=0)  # without batch_size: trains
    assert len(history.epoch) == 1 and history.params["steps"] == 2


def test_a_generator_and_a_py_dataset_are_refused_too():
    def batches():
        while True:
            yield X[:4], Y[:4]

    class Batches(keras.utils.PyDataset):
        def __len__(self):
            return 2

        def __getitem__(self, i):
            return X[4 * i : 4 * i + 4], Y[4 * i : 4 * i + 4]

    m = model()
    with pytest.raises(ValueError, match=r"fit\(\): batch_size cannot be given with a generator"):
        fit(m, batches(), batch_size=2, steps_per_epoch=2, verbose=0)
    with pytest.raises(ValueError, match=r"fit\(\): batch_size cannot be given with a PyDataset"):
        fit(m, Batches(), batch_size=2, verbose=0)


def test_validation_batch_size_with_a_validation_dataset_is_refused():
    with pytest.raises(ValueError, match=r"fit\(\): validation_batch_size cannot be given"):
        model() >> fit(
            X, Y, validation_data=dataset(), validation_batch_size=2, epochs=1, verbose=0
        )


def test_evaluate_and_predict_on_a_dataset_with_batch_size_are_refused():
    m = model()
    with pytest.raises(ValueError, match=r"evaluate\(\): batch_size cannot be given"):
        m >> evaluate(dataset(), batch_size=2, verbose=0)
    with pytest.raises(ValueError, match=r"predict\(\): batch_size cannot be given"):
        m >> predict(dataset(), batch_size=2)


def test_batch_size_none_and_arrays_are_fine():
    m = model()
    assert len(m >> fit(dataset(), batch_size=None, epochs=1, verbose=0)) == 1
    assert len(m >> fit(X, Y, batch_size=2, epochs=1, verbose=0)) == 1
