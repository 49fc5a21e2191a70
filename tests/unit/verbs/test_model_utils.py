"""R keras' model utilities, called as an R user would, checked against plain Keras.

get_layer (0-based index in Python; R keras3 counts from 1), pop_layer, clone_model,
count_params, predict_on_batch, reset_states and freeze_weights(which=).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from kernelkeras import (
    Step,
    clone_model,
    compile,
    count_params,
    fit,
    freeze_weights,
    get_layer,
    get_weights,
    keras,
    keras_model,
    keras_model_sequential,
    layer_batch_normalization,
    layer_dense,
    layer_input,
    layer_lstm,
    metric_mean,
    pop_layer,
    predict,
    predict_on_batch,
    reset_states,
    set_weights,
    unfreeze_weights,
)

X = np.linspace(-1, 1, 24, dtype="float32").reshape(8, 3)
Y = X.sum(axis=1, keepdims=True)


def mlp():
    return (
        keras_model_sequential(input_shape=(3,), name="mlp")
        >> layer_dense(units=4, name="first")
        >> layer_batch_normalization(name="norm")
        >> layer_dense(units=2, name="second")
        >> layer_dense(units=1, name="last")
    )


# ---- get_layer ---------------------------------------------------------------------------
def test_get_layer_by_name_and_by_0_based_index_as_keras():
    model = mlp()
    assert get_layer(model, name="second") is model.get_layer(name="second")
    assert get_layer(model, index=0) is model.get_layer(index=0) is model.layers[0]
    assert get_layer(model, index=-1) is model.layers[-1]  # negative counts from the end
    assert (model >> get_layer("norm")).name == "norm"  # R: model %>% get_layer("norm")
    assert isinstance(get_layer(name="norm"), Step)


def test_get_layer_of_a_functional_model_counts_its_input_layer():
    inputs = layer_input(shape=(3,), name="x")
    model = keras_model(inputs, inputs >> layer_dense(units=1, name="out"))
    assert get_layer(model, index=0).name == "x" == model.get_layer(index=0).name
    assert get_layer(model, index=1).name == "out"


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({}, ValueError, r"give the layer's name or its index \(0-based\), one of them"),
        ({"name": "first", "index": 0}, ValueError, r"not both"),
        (
            {"name": "nope"},
            ValueError,
            r"has no layer 'nope'; its layers are first, norm, second, last\.",
        ),
        (
            {"index": 4},
            IndexError,
            r"index=4 is outside model 'mlp', which has 4 layers "
            r"\(indices 0 to 3, or -4 to -1; Python counts from 0\)",
        ),
        ({"index": True}, TypeError, r"index should be a whole number; got True"),
        ({"index": 1.0}, TypeError, r"index should be a whole number"),
        ({"name": 3}, TypeError, r"name should be a str"),
    ],
)
def test_get_layer_mistakes_are_named(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        get_layer(mlp(), **kwargs)


# ---- pop_layer ---------------------------------------------------------------------------
def test_pop_layer_removes_the_last_layer_as_keras_pop():
    ours, plain = mlp(), mlp()
    assert (ours >> pop_layer()) is ours
    plain.pop()
    assert [layer.name for layer in ours.layers] == [layer.name for layer in plain.layers]
    assert ours.output_shape == plain.output_shape == (None, 2)
    assert ours.predict(X, verbose=0).shape == (8, 2)


def test_pop_layer_refuses_a_functional_model_and_an_empty_one():
    inputs = layer_input(shape=(3,))
    functional = keras_model(inputs, inputs >> layer_dense(units=1))
    with pytest.raises(TypeError, match=r"functional model; .*keras_model\(model.inputs"):
        pop_layer(functional)
    with pytest.raises(ValueError, match="has no layers to remove"):
        pop_layer(keras_model_sequential())


# ---- clone_model and count_params ----------------------------------------------------------
def test_clone_model_has_the_same_layers_and_new_weights():
    model = mlp()
    twin = clone_model(model)
    assert twin is not model and [type(a) for a in twin.layers] == [type(a) for a in model.layers]
    assert count_params(twin) == count_params(model) == model.count_params() == 45
    first = get_weights(twin)[0]
    assert not np.array_equal(first, get_weights(model)[0])  # freshly initialised
    twin >> set_weights(get_weights(model))
    np.testing.assert_array_equal(twin >> predict(X), model >> predict(X))
    assert (model >> clone_model()).count_params() == 45  # R: model %>% clone_model()
    assert clone_model(model=model).name == model.name  # R's argument name


def test_clone_model_with_a_clone_function_as_keras():
    def wider(layer):
        config = layer.get_config()
        if layer.name == "second":
            config["units"] = 5
        return layer.__class__.from_config(config)

    ours = clone_model(mlp(), clone_function=wider)
    plain = keras.models.clone_model(mlp(), clone_function=wider)
    assert count_params(ours) == count_params(plain) == 63
    with pytest.raises(TypeError, match=r"clone_function should be a function of a layer"):
        clone_model(mlp(), clone_function="wider")


def test_count_params_of_a_layer_and_of_an_unbuilt_model():
    assert count_params(get_layer(mlp(), name="first")) == 16
    unbuilt = keras_model_sequential() >> layer_dense(units=3)
    with pytest.raises(ValueError, match=r"is not built yet, so it has no weights to count"):
        count_params(unbuilt)


# ---- predict_on_batch ----------------------------------------------------------------------
def test_predict_on_batch_equals_keras():
    model = mlp()
    np.testing.assert_array_equal(model >> predict_on_batch(X), model.predict_on_batch(X))
    with pytest.raises(ValueError, match=r"predict_on_batch\(\): x has 1 NaN"):
        model >> predict_on_batch(np.where(X[0, 0] == X, np.nan, X))


# ---- reset_states ----------------------------------------------------------------------------
def stateful_lstm():
    inputs = keras.Input(batch_shape=(2, 4, 1))
    outputs = inputs >> layer_lstm(units=3, stateful=True, name="lstm")
    return keras_model(inputs, outputs >> layer_dense(units=1))


def test_reset_states_zeroes_stateful_layers_as_keras_reset_state():
    model = stateful_lstm()
    sequence = np.linspace(0, 1, 8, dtype="float32").reshape(2, 4, 1)
    first = model.predict_on_batch(sequence)
    second = model.predict_on_batch(sequence)  # carries on from the first batch's state
    assert not np.allclose(first, second)
    assert (model >> reset_states()) is model  # R: model %>% reset_states()
    np.testing.assert_allclose(model.predict_on_batch(sequence), first, rtol=1e-6)
    lstm = get_layer(model, name="lstm")
    assert all(not np.any(np.asarray(state)) for state in reset_states(lstm).states)


def test_reset_states_reaches_stateful_layers_of_nested_models():
    inner = stateful_lstm()
    inputs = keras.Input(batch_shape=(2, 4, 1))
    outer = keras_model(inputs, inner(inputs))
    sequence = np.linspace(0, 1, 8, dtype="float32").reshape(2, 4, 1)
    first = outer.predict_on_batch(sequence)
    outer.predict_on_batch(sequence)
    reset_states(outer)
    np.testing.assert_allclose(outer.predict_on_batch(sequence), first, rtol=1e-6)


def test_reset_states_of_a_metric_and_a_layer_without_state():
    metric = metric_mean()
    metric.update_state([1.0, 3.0])
    assert float(metric.result()) == 2.0
    assert reset_states(metric) is metric and float(metric.result()) == 0.0
    with pytest.raises(TypeError, match=r"layer 'first' \(Dense\) has no state to reset"):
        reset_states(get_layer(mlp(), name="first"))


# ---- freeze_weights(which=) ----------------------------------------------------------------
def trainable(model):
    return [layer.trainable for layer in model.layers]


def test_freeze_weights_which_by_function_name_index_and_flags():
    model = mlp()
    freeze_weights(model, which=lambda layer: isinstance(layer, keras.layers.BatchNormalization))
    assert trainable(model) == [True, False, True, True]
    model >> freeze_weights(which=["first", -1])  # R: which = c("first", 4)
    assert trainable(model) == [False, True, True, False]
    freeze_weights(model, which=[True, False, False, False])
    assert trainable(model) == [False, True, True, True]
    freeze_weights(model, which=get_layer(model, name="second"))
    assert trainable(model) == [True, True, False, True]
    unfreeze_weights(model, which="norm")  # unfreeze: the others are frozen
    assert trainable(model) == [False, True, False, False] and model.trainable


def test_freeze_weights_which_matches_plain_keras_training():
    """Frozen layers keep their weights through fit, as with layer.trainable = False."""
    model = mlp() >> freeze_weights(which="first")
    model >> compile(loss="mse", optimizer="sgd")
    before = get_weights(get_layer(model, name="first"))
    model >> fit(X, Y, epochs=1, verbose=0)
    for a, b in zip(before, get_weights(get_layer(model, name="first")), strict=True):
        np.testing.assert_array_equal(a, b)
    assert len(model.trainable_weights) == 2 + 2 + 2  # norm (gamma, beta), second, last


def test_freeze_weights_range_and_a_single_layer_still_work():
    model = mlp()
    freeze_weights(model, from_=1, to="second")
    assert trainable(model) == [True, False, False, True]
    layer = get_layer(model, name="last")
    assert freeze_weights(layer) is layer and not layer.trainable


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"which": "first", "from_": 0}, ValueError, r"give which= or a range"),
        ({"which": [True, False]}, ValueError, r"has 2 True/False values for the 4 layers"),
        ({"which": lambda layer: "yes"}, TypeError, r"should return True or False .* 'yes'"),
        ({"which": "nope"}, ValueError, r"freeze_weights\(\): which: model 'mlp' has no layer"),
        ({"which": 9}, IndexError, r"which=9 is outside model 'mlp'"),
    ],
)
def test_freeze_weights_which_mistakes_change_nothing(kwargs, error, pattern):
    model = mlp()
    with pytest.raises(error, match=pattern):
        freeze_weights(model, **kwargs)
    assert trainable(model) == [True] * 4


def test_freezing_a_compiled_model_warns_to_compile_again():
    model = mlp() >> compile(loss="mse", optimizer="sgd")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        freeze_weights(model, which=0)
    assert any("compile it again" in str(w.message) for w in caught)
