"""R's 2017 spellings that Keras 3 renamed: translated as meant, and said once per session."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from kernelkeras import (
    RSpellingWarning,
    callback_model_checkpoint,
    compile,
    fit,
    keras,
    keras_model_sequential,
    layer_dense,
    layer_embedding,
    layer_flatten,
    load_model,
    optimizer_adam,
    optimizer_rmsprop,
    optimizer_sgd,
)
from kernelkeras.pipe import _notes


@pytest.fixture(autouse=True)
def fresh_session():
    """Each test starts as a new session: no spelling said yet; every warning recorded."""
    _notes.forget()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield caught
    _notes.forget()


def notes(caught, about=""):
    return [w for w in caught if w.category is RSpellingWarning and about in str(w.message)]


def test_lr_is_learning_rate_said_once_over_several_calls(fresh_session):
    for _ in range(3):
        opt = optimizer_sgd(lr=0.05)
        assert float(opt.learning_rate) == pytest.approx(0.05)
    optimizer_adam(lr=0.002)  # another optimizer: the same spelling, not said again
    said = notes(fresh_session)
    assert len(said) == 1
    assert "learning_rate=" in str(said[0].message) and "optimizer_sgd(lr=)" in str(said[0].message)
    assert said[0].filename == __file__  # points at the user's line, not kernelkeras
    plain = keras.optimizers.SGD(learning_rate=0.05)
    assert opt.get_config()["learning_rate"] == plain.get_config()["learning_rate"]


def test_each_spelling_is_said_once_on_its_own(fresh_session):
    optimizer_rmsprop(lr=0.01, decay=1e-3)
    optimizer_rmsprop(lr=0.01, decay=1e-3)
    assert len(notes(fresh_session)) == 2  # lr= and decay=, one each
    assert len(notes(fresh_session, "decay=")) == 1


def test_decay_is_keras_2_inverse_time_decay(fresh_session):
    lr, decay = 0.1, 0.01
    opt = optimizer_sgd(lr=lr, decay=decay)
    assert isinstance(opt._learning_rate, keras.optimizers.schedules.InverseTimeDecay)
    for step in (0, 1, 10, 250):
        opt.iterations.assign(step)
        # Keras 2: lr_t = lr / (1 + decay * iterations)
        assert float(opt.learning_rate) == pytest.approx(lr / (1 + decay * step), rel=1e-6)
    # Keras 3 would ignore decay= with a warning of its own; that one is not shown.
    assert not [w for w in fresh_session if "no longer supported" in str(w.message)]


def test_decay_changes_the_updates_as_keras_2_did():
    lr, decay = 0.5, 0.1
    opt = optimizer_sgd(lr=lr, decay=decay)
    var = keras.Variable([0.0])
    for _ in range(4):
        opt.apply_gradients([(keras.ops.ones((1,)), var)])
    expected = -sum(lr / (1 + decay * k) for k in range(4))
    assert float(var.numpy()[0]) == pytest.approx(expected, rel=1e-6)


def test_decay_zero_means_no_decay_and_default_learning_rate_is_kept():
    opt = optimizer_adam(decay=0)
    assert not isinstance(opt._learning_rate, keras.optimizers.schedules.LearningRateSchedule)
    assert float(opt.learning_rate) == pytest.approx(keras.optimizers.Adam().learning_rate)
    opt = optimizer_rmsprop(decay=0.5)  # Keras 3's default learning rate, decayed
    opt.iterations.assign(2)
    assert float(opt.learning_rate) == pytest.approx(0.001 / 2, rel=1e-6)


def test_bad_old_spellings_are_refused_with_the_fix():
    with pytest.raises(TypeError, match="lr= and learning_rate= are the same"):
        optimizer_sgd(lr=0.1, learning_rate=0.1)
    with pytest.raises(ValueError, match=r"decay='fast' must be a number"):
        optimizer_sgd(decay="fast")
    schedule = keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.9)
    with pytest.raises(TypeError, match="decay= decays a fixed learning rate"):
        optimizer_sgd(learning_rate=schedule, decay=0.01)


def test_embedding_input_length_is_the_input_shape(fresh_session):
    model = keras_model_sequential() >> layer_embedding(
        input_dim=1000, output_dim=8, input_length=80
    )
    model >> layer_flatten() >> layer_dense(units=1)
    plain = keras.Sequential(
        [keras.Input((80,)), keras.layers.Embedding(1000, 8), keras.layers.Flatten()]
    )
    plain.add(keras.layers.Dense(1))
    assert tuple(model.inputs[0].shape) == tuple(plain.inputs[0].shape) == (None, 80)
    assert model.count_params() == plain.count_params()
    layer_embedding(input_dim=10, output_dim=2, input_length=5)
    assert len(notes(fresh_session, "input_length=")) == 1
    assert not [w for w in fresh_session if "input_length` is deprecated" in str(w.message)]


def test_batch_input_shape_is_input_shape_and_batch_size(fresh_session):
    for _ in range(2):
        model = keras_model_sequential()
        layer_dense(model, units=4, batch_input_shape=(16, 3))
    assert tuple(model.inputs[0].shape) == (16, 3)
    model = keras_model_sequential(batch_input_shape=(8, 5, 2))
    assert model._layers[0].batch_shape == (8, 5, 2)
    said = notes(fresh_session, "batch_input_shape=")
    assert len(said) == 1 and "input_shape=(3,), batch_size=16" in str(said[0].message)
    with pytest.raises(ValueError, match="batch_input_shape=32 must be the batch size"):
        layer_dense(units=1, batch_input_shape=32)


def test_checkpoint_hdf5_saves_a_keras_model_that_loads(tmp_path, fresh_session):
    x = np.random.default_rng(0).random((32, 3)).astype("float32")
    model = keras_model_sequential(input_shape=(3,)) >> layer_dense(units=1)
    model >> compile(loss="mse", optimizer="sgd")
    path = tmp_path / "weights.{epoch:02d}.hdf5"
    checkpoint = callback_model_checkpoint(str(path))
    callback_model_checkpoint(filepath=str(tmp_path / "other.hdf5"))
    assert checkpoint.filepath == str(tmp_path / "weights.{epoch:02d}.keras")
    model >> fit(x, x[:, :1], epochs=2, verbose=0, callbacks=[checkpoint])
    saved = tmp_path / "weights.02.keras"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["weights.01.keras", "weights.02.keras"]
    np.testing.assert_allclose(
        load_model(str(saved)).predict(x, verbose=0), model.predict(x, verbose=0)
    )
    said = notes(fresh_session, "callback_model_checkpoint")
    assert len(said) == 1 and "weights.{epoch:02d}.keras" in str(said[0].message)


def test_checkpoint_hdf5_weights_only_saves_weights_h5(tmp_path):
    checkpoint = callback_model_checkpoint(str(tmp_path / "w.hdf5"), save_weights_only=True)
    assert checkpoint.filepath == str(tmp_path / "w.weights.h5")
    # Keras' own spellings are left alone.
    assert callback_model_checkpoint("m.keras").filepath == "m.keras"
    assert callback_model_checkpoint("m.h5").filepath == "m.h5"  # Keras writes legacy HDF5
