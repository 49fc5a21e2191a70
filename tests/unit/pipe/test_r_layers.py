"""Layer functions as R writes them: fixed batch sizes, concrete tensors, wrappers, RNN cells."""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

import kernelkeras as kk
from kernelkeras import (
    bidirectional,
    compile,
    fit,
    keras,
    keras_model_sequential,
    layer_concatenate,
    layer_dense,
    layer_embedding,
    layer_lstm,
    layer_lstm_cell,
    layer_rnn,
    layer_unit_normalization,
    rnn_cell_gru,
    rnn_cell_lstm,
    rnn_cell_simple,
    rnn_cells_stack,
    time_distributed,
)

RNG = np.random.default_rng(0)


def r_stateful_model(batch_size, tsteps=1, units=8):
    """stateful_lstm.R's model, as the R code writes it (object first)."""
    model = keras_model_sequential()
    layer_lstm(
        model,
        units=units,
        input_shape=(tsteps, 1),
        batch_size=batch_size,
        return_sequences=True,
        stateful=True,
    )
    layer_lstm(model, units=units, return_sequences=False, stateful=True)
    layer_dense(model, units=1)
    return model


def plain_stateful_model(batch_size, tsteps=1, units=8):
    return keras.Sequential(
        [
            keras.Input(shape=(tsteps, 1), batch_size=batch_size),
            keras.layers.LSTM(units, return_sequences=True, stateful=True),
            keras.layers.LSTM(units, return_sequences=False, stateful=True),
            keras.layers.Dense(1),
        ]
    )


def test_keras_model_sequential_takes_a_fixed_batch_size():
    model = keras_model_sequential(input_shape=(10, 1), batch_size=32) >> layer_dense(units=2)
    assert tuple(model.inputs[0].shape) == (32, 10, 1)
    assert tuple(model.outputs[0].shape) == (32, 10, 2)
    model = keras_model_sequential(input_shape=(4,), input_batch_size=8)  # R keras3's name
    assert model._layers[0].batch_shape == (8, 4)
    with pytest.raises(ValueError, match=r"batch_size= fixes .* needs input_shape= too"):
        keras_model_sequential(batch_size=32)
    with pytest.raises(ValueError, match="batch_size=0 must be a positive whole number"):
        keras_model_sequential(input_shape=(4,), batch_size=0)


def test_stateful_lstm_recipe_has_the_fixed_batch_and_trains_as_plain_keras():
    batch_size, n = 5, 40
    x = np.cos(np.arange(n) / 3.0).reshape(n, 1, 1).astype("float32")
    y = np.roll(x[:, 0, :], -1, axis=0)
    model, plain = r_stateful_model(batch_size), plain_stateful_model(batch_size)
    assert tuple(model.inputs[0].shape) == tuple(plain.inputs[0].shape) == (5, 1, 1)
    assert model.count_params() == plain.count_params()
    plain.set_weights(model.get_weights())
    model >> compile(loss="mse", optimizer="rmsprop")
    plain.compile(loss="mse", optimizer="rmsprop")
    history = model >> fit(x, y, batch_size=batch_size, epochs=1, verbose=0, shuffle=False)
    plain_history = plain.fit(x, y, batch_size=batch_size, epochs=1, verbose=0, shuffle=False)
    assert history.metrics["loss"][0] == pytest.approx(plain_history.history["loss"][0], rel=1e-5)
    for ours, theirs in zip(model.get_weights(), plain.get_weights(), strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)
    state = model.layers[0].states[0]
    assert tuple(state.shape) == (5, 8) and np.abs(np.asarray(state)).sum() > 0


def test_batch_size_on_a_first_layer_in_a_list():
    model = keras_model_sequential(
        [layer_dense(units=3, input_shape=(4,), batch_size=16), layer_dense(units=1)]
    )
    assert tuple(model.inputs[0].shape) == (16, 4)


def test_batch_size_needs_input_shape_and_a_failed_add_leaves_the_model_empty():
    with pytest.raises(ValueError, match=r"batch_size= .* with input_shape="):
        layer_dense(units=2, batch_size=8)
    model = keras_model_sequential()
    with pytest.raises(ValueError):
        layer_lstm(model, units=2, input_shape=(4,), batch_size=8)  # LSTM needs 3 dimensions
    assert model._layers == []
    layer_dense(model, units=2, input_shape=(4,), batch_size=8)
    assert tuple(model.inputs[0].shape) == (8, 4)


def test_batch_size_through_the_pipe():
    model = keras_model_sequential() >> layer_lstm(
        units=4, input_shape=(1, 1), batch_size=5, stateful=True
    )
    assert tuple(model.inputs[0].shape) == (5, 1, 1)


def test_a_concrete_tensor_first_calls_the_layer():
    values = RNG.random((4, 3)).astype("float32")
    for data in (tf.constant(values), values, keras.Variable(values)):
        out = layer_unit_normalization(data)
        expected = keras.layers.UnitNormalization()(values)
        np.testing.assert_allclose(np.asarray(out), np.asarray(expected), rtol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(np.asarray(out), axis=-1), 1.0, rtol=1e-6)
    dense = layer_dense(values, units=5, kernel_initializer="ones", use_bias=False)
    np.testing.assert_allclose(np.asarray(dense), values @ np.ones((3, 5)), rtol=1e-6)
    merged = layer_concatenate([values, tf.constant(values)], axis=-1)
    assert tuple(merged.shape) == (4, 6)


def test_numbers_and_lists_first_are_still_the_layers_arguments():
    assert layer_dense(7).units == 7
    assert kk.layer_discretization([0.0, 1.0]).bin_boundaries == [0.0, 1.0]
    assert layer_unit_normalization(1).axis == 1


def test_layer_embedding_takes_input_dim_and_output_dim():
    layer = layer_embedding(input_dim=1000, output_dim=64)
    assert (layer.input_dim, layer.output_dim) == (1000, 64)
    model = keras_model_sequential(input_shape=(10,)) >> layer_embedding(
        input_dim=1000, output_dim=64
    )
    plain = keras.Sequential([keras.Input((10,)), keras.layers.Embedding(1000, 64)])
    assert tuple(model.outputs[0].shape) == tuple(plain.outputs[0].shape) == (None, 10, 64)
    assert model.count_params() == plain.count_params() == 64_000


def test_bidirectional_and_time_distributed_as_r_writes_them():
    model = keras_model_sequential(input_shape=(6, 3))
    bidirectional(model, layer_lstm(units=4, return_sequences=True), merge_mode="sum")
    model >> time_distributed(layer_dense(units=2))
    plain = keras.Sequential(
        [
            keras.Input((6, 3)),
            keras.layers.Bidirectional(
                keras.layers.LSTM(4, return_sequences=True), merge_mode="sum"
            ),
            keras.layers.TimeDistributed(keras.layers.Dense(2)),
        ]
    )
    assert [type(x) for x in model.layers] == [type(x) for x in plain.layers]
    assert tuple(model.outputs[0].shape) == tuple(plain.outputs[0].shape) == (None, 6, 2)
    assert model.count_params() == plain.count_params()
    assert model.layers[0].merge_mode == "sum"
    layer = bidirectional(layer_lstm(units=64))  # imdb_bidirectional_lstm.R
    assert isinstance(layer, keras.layers.Bidirectional) and layer.merge_mode == "concat"
    assert (
        bidirectional.__name__ == "bidirectional" and "layer_bidirectional" in bidirectional.__doc__
    )


def test_rnn_cells_under_layer_and_r_keras3_names():
    assert type(layer_lstm_cell(units=3)) is type(rnn_cell_lstm(units=3)) is keras.layers.LSTMCell
    assert isinstance(rnn_cell_gru(units=3), keras.layers.GRUCell)
    assert isinstance(rnn_cell_simple(units=3), keras.layers.SimpleRNNCell)
    assert isinstance(
        kk.layer_stacked_rnn_cells(cells=[rnn_cell_gru(units=2)]), keras.layers.StackedRNNCells
    )
    one_by_one = rnn_cells_stack(rnn_cell_lstm(units=8), rnn_cell_gru(units=4))
    as_list = rnn_cells_stack([rnn_cell_lstm(units=8), rnn_cell_gru(units=4)])
    assert [type(c) for c in one_by_one.cells] == [type(c) for c in as_list.cells]
    model = keras_model_sequential(input_shape=(5, 3)) >> layer_rnn(cell=one_by_one)
    plain = keras.Sequential(
        [
            keras.Input((5, 3)),
            keras.layers.RNN(
                keras.layers.StackedRNNCells([keras.layers.LSTMCell(8), keras.layers.GRUCell(4)])
            ),
        ]
    )
    assert tuple(model.outputs[0].shape) == tuple(plain.outputs[0].shape) == (None, 4)
    assert model.count_params() == plain.count_params()


def test_every_alias_is_exported_and_names_its_keras_class():
    for name, function in kk.LAYER_ALIASES.items():
        assert name in kk.__all__ and getattr(kk, name) is function
        assert function.__name__ == name
    assert rnn_cell_lstm.keras_class is keras.layers.LSTMCell
