"""R keras' utilities: normalize, set_random_seed, clear_session, custom_metric.

Called as an R user would, compared with plain Keras and NumPy.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from kernelkeras import (
    clear_session,
    compile,
    custom_metric,
    fit,
    keras,
    keras_model_sequential,
    layer_dense,
    load_model,
    normalize,
    save_model,
    set_random_seed,
)

X = np.linspace(-1, 1, 24, dtype="float32").reshape(8, 3)
Y = X.sum(axis=1, keepdims=True)


# ---- normalize -----------------------------------------------------------------------------
def test_normalize_the_last_axis_as_keras():
    x = np.array([[3.0, 4.0], [0.0, 0.0], [1.0, -1.0]])
    np.testing.assert_allclose(normalize(x), keras.utils.normalize(x))
    np.testing.assert_allclose(normalize(x)[0], [0.6, 0.8])
    np.testing.assert_array_equal(normalize(x)[1], [0.0, 0.0])  # a zero row stays zero
    np.testing.assert_allclose(normalize(x, order=1), keras.utils.normalize(x, order=1))
    np.testing.assert_allclose(normalize(x.tolist()), normalize(x))  # R vectors: lists


def test_normalize_axis_0_the_columns_where_keras_fails_on_arrays():
    """R's normalize(x, axis = 1) is axis=0 here; Keras' array branch cannot broadcast it."""
    x = np.arange(1.0, 7.0).reshape(2, 3)
    with pytest.raises(ValueError, match="broadcast"):
        keras.utils.normalize(x, axis=0)
    expected = x / np.linalg.norm(x, axis=0, keepdims=True)
    np.testing.assert_allclose(normalize(x, axis=0), expected)
    tensor = keras.ops.convert_to_tensor(x)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(normalize(tensor, axis=0)), expected)


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"x": None}, TypeError, r"x should be an array of numbers"),
        ({"x": np.array(["a", "b"])}, TypeError, r"x should hold numbers"),
        ({"x": np.ones((2, 2)), "axis": 2}, ValueError, r"axis=2 is outside x, which has 2 axes"),
        ({"x": np.ones(2), "axis": 0.5}, TypeError, r"axis should be a whole number"),
        ({"x": np.ones(2), "order": 0}, ValueError, r"order should be 1 or more"),
    ],
)
def test_normalize_mistakes_are_named(kwargs, error, pattern):
    with pytest.raises(error, match=r"normalize\(\): " + pattern):
        normalize(**kwargs)


# ---- set_random_seed and clear_session ---------------------------------------------------
def test_set_random_seed_makes_runs_repeat():
    def run():
        model = keras_model_sequential(input_shape=(3,)) >> layer_dense(units=2)
        return model.get_weights()[0], np.random.rand(), random.random()

    set_random_seed(7)
    first = run()
    set_random_seed(7)
    second = run()
    np.testing.assert_array_equal(first[0], second[0])
    assert first[1:] == second[1:]
    for bad, error in ((True, TypeError), (1.5, TypeError), (-1, ValueError), (2**32, ValueError)):
        with pytest.raises(error, match=r"set_random_seed\(\): seed should be"):
            set_random_seed(bad)


def test_clear_session_restarts_layer_names_and_keeps_models_usable():
    model = keras_model_sequential(input_shape=(3,)) >> layer_dense(units=1)
    layer_dense(units=1)
    clear_session()
    assert layer_dense(units=1).name == "dense"
    assert model.predict(X, verbose=0).shape == (8, 1)
    clear_session(free_memory=False)
    with pytest.raises(TypeError, match=r"free_memory should be True or False"):
        clear_session(free_memory="yes")


# ---- custom_metric ---------------------------------------------------------------------------
def test_custom_metric_is_named_in_the_history_with_keras_values(tmp_path):
    mean_pred = custom_metric("mean_pred", lambda y_true, y_pred: keras.ops.mean(y_pred))
    assert mean_pred.__name__ == "mean_pred"

    def plain_mean_pred(y_true, y_pred):
        return keras.ops.mean(y_pred)

    set_random_seed(1)
    ours = keras_model_sequential(input_shape=(3,)) >> layer_dense(units=1)
    ours >> compile(loss="mse", optimizer="sgd", metrics=[mean_pred])
    set_random_seed(1)
    plain = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    plain.compile(loss="mse", optimizer="sgd", metrics=[plain_mean_pred])
    history = ours >> fit(X, Y, epochs=2, batch_size=4, shuffle=False, verbose=0)
    expected = plain.fit(X, Y, epochs=2, batch_size=4, shuffle=False, verbose=0)
    np.testing.assert_allclose(history.history["mean_pred"], expected.history["plain_mean_pred"])
    path = tmp_path / "m.keras"
    save_model(ours, path)
    loaded = load_model(path, custom_objects={"mean_pred": mean_pred})
    assert "mean_pred" in loaded.evaluate(X, Y, verbose=0, return_dict=True)


def test_custom_metric_mistakes_are_named():
    with pytest.raises(TypeError, match=r"custom_metric\(\): name should be a non-empty str"):
        custom_metric("", lambda a, b: a)
    with pytest.raises(TypeError, match=r"metric_fn should be a function of \(y_true, y_pred\)"):
        custom_metric("m", 3)
