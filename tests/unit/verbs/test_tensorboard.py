"""fit with callback_tensorboard(): TensorBoard's event files, with the history's values.

TensorBoard comes with the TensorFlow extra (``kernelkeras[cpu]`` / ``[gpu]``); without
it Keras' TensorBoard callback fails when training starts.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

from kernelkeras import callback_tensorboard, compile, fit, keras_model_sequential, layer_dense

X = np.linspace(-1, 1, 48, dtype="float32").reshape(16, 3)
Y = X.sum(axis=1, keepdims=True)


def scalars(folder, tag):
    """The values of ``tag`` in the event files of ``folder``, step by step."""
    events = EventAccumulator(str(folder), size_guidance={"tensors": 0})
    events.Reload()
    return [float(tf.make_ndarray(event.tensor_proto)) for event in events.Tensors(tag)]


def test_fit_writes_event_files_with_the_histories_values(tmp_path):
    model = keras_model_sequential(input_shape=(3,)) >> layer_dense(units=1)
    model >> compile(loss="mse", optimizer="sgd")
    history = model >> fit(
        X,
        Y,
        epochs=3,
        batch_size=4,
        validation_split=0.25,
        verbose=0,
        callbacks=[callback_tensorboard(log_dir=str(tmp_path))],
    )
    train = list((tmp_path / "train").glob("events.out.tfevents.*"))
    validation = list((tmp_path / "validation").glob("events.out.tfevents.*"))
    assert train and validation and all(f.stat().st_size > 0 for f in train + validation)
    np.testing.assert_allclose(scalars(tmp_path / "train", "epoch_loss"), history.history["loss"])
    np.testing.assert_allclose(
        scalars(tmp_path / "validation", "epoch_loss"), history.history["val_loss"]
    )
