"""Linear-time piping: ``model >> layer`` calls one layer, the graph is made once on use.

Every check compares a piped model against the model Keras builds from a list
(``keras.Sequential([...])``) with the same layer names and weights: what plain Keras and
kernelkeras read from it before and after the graph is made, saving and loading, training,
TensorFlow checkpoints, copies. Performance lives in ``benchmarks/bench_pipe.py``; here the
work is counted (layer calls, graphs made).
"""

from __future__ import annotations

import contextlib
import copy
import json
import pickle
import sys

import numpy as np
import pytest
import tensorflow as tf
from keras.src.models.functional import Functional

import kernelkeras as kk
from kernelkeras import (
    keras,
    keras_model_sequential,
    layer_batch_normalization,
    layer_conv_2d,
    layer_dense,
    layer_dropout,
)

X = np.random.default_rng(0).random((16, 8)).astype("float32")
Y = np.random.default_rng(1).random((16, 3)).astype("float32")

#: The stack every comparison pipes: (name, layer function, Keras class, arguments).
STACK = [
    ("d0", layer_dense, keras.layers.Dense, {"units": 6, "activation": "relu"}),
    ("d1", layer_dense, keras.layers.Dense, {"units": 6, "activation": "relu"}),
    ("drop", layer_dropout, keras.layers.Dropout, {"rate": 0.2}),
    ("bn", layer_batch_normalization, keras.layers.BatchNormalization, {}),
    ("d2", layer_dense, keras.layers.Dense, {"units": 5, "activation": "tanh"}),
    ("out", layer_dense, keras.layers.Dense, {"units": 3}),
]


def piped(stack=STACK):
    model = keras_model_sequential(input_shape=(8,), name="m")
    for name, function, _, kwargs in stack:
        model >> function(name=name, **kwargs)
    return model


def listed(stack=STACK):
    layers = [cls(name=name, **kwargs) for name, _, cls, kwargs in stack]
    return keras.Sequential([keras.Input((8,)), *layers], name="m")


def pair(stack=STACK):
    """A piped model (its graph not made yet) and the same model built from a list."""
    ours, theirs = piped(stack), listed(stack)
    theirs.set_weights(ours.get_weights())
    assert not isinstance(ours._functional, Functional), "the graph was made too early"
    return ours, theirs


def keras_summary(model):
    lines = []
    model.summary(print_fn=lambda line, **_: lines.append(line))
    return "\n".join(lines)


@contextlib.contextmanager
def recursion_limit(limit):
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(limit)
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def stack_depth():
    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1
    return depth


def at_depth(extra, action):
    """``action()`` called ``extra`` Python frames deeper than here."""
    return action() if extra <= 0 else at_depth(extra - 1, action)


class CountGraphs:
    """Counts the functional graphs Keras makes (``Functional.__init__`` calls)."""

    def __init__(self, monkeypatch):
        self.count = 0
        real = Functional.__init__

        def counting(graph, *args, **kwargs):
            self.count += 1
            real(graph, *args, **kwargs)

        monkeypatch.setattr(Functional, "__init__", counting)


def test_piping_calls_each_layer_once_and_makes_the_graph_once(monkeypatch):
    graphs = CountGraphs(monkeypatch)
    model = keras_model_sequential(input_shape=(8,))
    for _ in range(40):
        model >> layer_dense(units=4)
    # Keras made the graph of the first layer (its own add); no other graph, and each
    # layer was called once: one node per layer, as keras.Sequential([...]) leaves it.
    assert graphs.count == 1
    assert [len(layer._inbound_nodes) for layer in model.layers] == [1] * 40
    model.predict(X, verbose=0)
    model.predict(X, verbose=0)
    assert graphs.count == 2
    assert model.outputs[0].shape == (None, 4)
    assert [len(layer._inbound_nodes) for layer in model.layers] == [1] * 40


def test_plain_keras_add_for_contrast(monkeypatch):
    """What the pipe avoids: Keras' add remakes the graph and calls every layer again."""
    graphs = CountGraphs(monkeypatch)
    model = keras.Sequential([keras.Input((8,))])
    for _ in range(10):
        model.add(keras.layers.Dense(4))
    assert graphs.count == 10
    assert [len(layer._inbound_nodes) for layer in model.layers] == list(range(10, 0, -1))


def config(model):
    """``model.get_config()`` without its input layer's name (numbered per process)."""
    result = copy.deepcopy(model.get_config())
    result["layers"][0]["config"].pop("name")
    return result


def json_config(model):
    result = json.loads(model.to_json())
    result["config"]["layers"][0]["config"].pop("name")
    return result


def _summary_frame(model):
    return kk.summary(model).frame.to_dict("records")


def _plot_data(model):
    return kk.plot(model).to_json()


#: What plain Keras and kernelkeras read from a model, each the first use of a piped one.
PROBES = {
    "keras summary": keras_summary,
    "layers": lambda m: [(layer.name, type(layer).__name__) for layer in m.layers],
    "len(layers)": lambda m: len(m.layers),
    "weights": lambda m: [(w.path, tuple(w.shape), w.trainable) for w in m.weights],
    "count_params": lambda m: m.count_params(),
    "trainable/non-trainable": lambda m: (len(m.trainable_weights), len(m.non_trainable_weights)),
    "build_config": lambda m: m.get_build_config(),
    "built": lambda m: m.built,
    "outputs": lambda m: [tuple(t.shape) for t in m.outputs],
    "inputs": lambda m: [tuple(t.shape) for t in m.inputs],
    "input/output_shape": lambda m: (m.input_shape, m.output_shape),
    "compute_output_shape": lambda m: m.compute_output_shape((None, 8)),
    "compute_output_spec": lambda m: m.compute_output_spec(keras.KerasTensor((2, 8))).shape,
    "call": lambda m: m(X).numpy().round(6).tolist(),
    "predict": lambda m: m.predict(X, verbose=0).round(6).tolist(),
    "get_config": config,
    "to_json": json_config,
    "get_layer": lambda m: m.get_layer("d2").output.shape,
    "kernelkeras summary": _summary_frame,
    "kernelkeras plot": _plot_data,
}


@pytest.mark.parametrize("probe", PROBES.values(), ids=PROBES.keys())
def test_a_piped_model_reads_as_the_model_keras_builds_from_a_list(probe):
    ours, theirs = pair()
    assert probe(ours) == probe(theirs)
    # used, then piped into again: nothing stale
    more = [*STACK, ("extra", layer_dense, keras.layers.Dense, {"units": 2})]
    ours >> layer_dense(units=2, name="extra")
    theirs = listed(more)
    theirs.set_weights(ours.get_weights())
    assert probe(ours) == probe(theirs)
    assert type(ours) is keras.Sequential


def test_saved_by_plain_keras_before_any_use_loads_and_trains(tmp_path):
    ours, theirs = pair()
    ours.save(tmp_path / "piped.keras")
    ours.save_weights(tmp_path / "piped.weights.h5")
    loaded = keras.models.load_model(tmp_path / "piped.keras")
    assert type(loaded) is keras.Sequential
    assert json_config(loaded) == json_config(theirs)  # lists for tuples, as for any file
    np.testing.assert_allclose(loaded.predict(X, verbose=0), theirs.predict(X, verbose=0))
    fresh = listed()
    fresh.load_weights(tmp_path / "piped.weights.h5")
    np.testing.assert_allclose(fresh.predict(X, verbose=0), theirs.predict(X, verbose=0))
    loaded.compile(loss="mse", optimizer="sgd")
    assert np.isfinite(loaded.fit(X, Y, epochs=1, verbose=0).history["loss"][0])


def test_legacy_h5_and_pickle_before_any_use(tmp_path):
    ours, theirs = pair()
    ours.save(tmp_path / "piped.h5")
    from_h5 = keras.models.load_model(tmp_path / "piped.h5", compile=False)
    np.testing.assert_allclose(from_h5.predict(X, verbose=0), theirs.predict(X, verbose=0))
    ours, theirs = pair()
    unpickled = pickle.loads(pickle.dumps(ours))
    np.testing.assert_allclose(unpickled.predict(X, verbose=0), theirs.predict(X, verbose=0))


def test_trains_as_the_listed_model():
    stack = [s for s in STACK if s[0] != "drop"]  # no random dropout masks to compare
    ours, theirs = pair(stack)
    for model in (ours, theirs):
        model.compile(loss="mse", optimizer=keras.optimizers.SGD(learning_rate=0.1))
        model.fit(X, Y, epochs=2, batch_size=4, shuffle=False, verbose=0)
    for a, b in zip(ours.get_weights(), theirs.get_weights(), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_masks_flow_as_in_the_listed_model():
    """Embedding's mask reaches the recurrent layers as when Keras builds from a list."""
    stack = [
        (
            "emb",
            kk.layer_embedding,
            keras.layers.Embedding,
            {"input_dim": 10, "output_dim": 4, "mask_zero": True},
        ),
        ("lstm", kk.layer_lstm, keras.layers.LSTM, {"units": 3, "return_sequences": True}),
        ("gru", kk.layer_gru, keras.layers.GRU, {"units": 2}),
    ]
    tokens = np.array([[3, 4, 5, 0, 0, 0, 0, 0], [1, 2, 3, 4, 5, 6, 7, 8]], dtype="float32")
    ours, theirs = pair(stack)
    assert keras_summary(ours) == keras_summary(theirs)
    np.testing.assert_allclose(
        ours.predict(tokens, verbose=0), theirs.predict(tokens, verbose=0), rtol=1e-5
    )


def test_copies_and_clones_before_any_use():
    ours, theirs = pair()
    expected = theirs.predict(X, verbose=0)
    deep = copy.deepcopy(ours)
    clone = keras.models.clone_model(ours)
    clone.set_weights(ours.get_weights())
    np.testing.assert_allclose(deep.predict(X, verbose=0), expected)
    np.testing.assert_allclose(clone.predict(X, verbose=0), expected)
    # the copy is its own model: piping into it leaves the original alone
    deep >> layer_dense(units=2)
    assert deep.output_shape == (None, 2) and ours.output_shape == (None, 3)


def test_tensorflow_checkpoint_before_any_use(tmp_path):
    ours, theirs = pair()
    ours_path = tf.train.Checkpoint(model=ours).write(str(tmp_path / "ours"))
    theirs_path = tf.train.Checkpoint(model=theirs).write(str(tmp_path / "theirs"))
    assert tf.train.list_variables(ours_path) == tf.train.list_variables(theirs_path)
    # each restores into the other kind, every variable consumed
    fresh_listed, fresh_piped = listed(), piped()
    tf.train.Checkpoint(model=fresh_listed).read(ours_path).assert_consumed()
    tf.train.Checkpoint(model=fresh_piped).read(theirs_path).assert_consumed()
    expected = theirs.predict(X, verbose=0)
    np.testing.assert_allclose(fresh_listed.predict(X, verbose=0), expected)
    np.testing.assert_allclose(fresh_piped.predict(X, verbose=0), expected)


def test_keras_own_edits_between_pipes():
    model = piped()
    model.pop()  # Keras' pop remakes the graph
    model >> layer_dense(units=4, name="after_pop")
    model.add(keras.layers.Dense(2, name="added"))  # Keras' add, on a piped model
    model >> layer_dense(units=3, name="last")
    stack = [
        *STACK[:-1],
        ("after_pop", layer_dense, keras.layers.Dense, {"units": 4}),
        ("added", layer_dense, keras.layers.Dense, {"units": 2}),
        ("last", layer_dense, keras.layers.Dense, {"units": 3}),
    ]
    theirs = listed(stack)
    theirs.set_weights(model.get_weights())
    assert keras_summary(model) == keras_summary(theirs)
    np.testing.assert_allclose(model.predict(X, verbose=0), theirs.predict(X, verbose=0))


def test_a_shape_error_comes_at_its_pipe_and_leaves_the_model_as_it_was():
    model = piped()
    weights = model.get_weights()
    with pytest.raises(ValueError) as info:
        model >> layer_conv_2d(filters=2, kernel_size=3, name="conv")
    lines = str(info.value).splitlines()
    assert lines[0] == "conv (Conv2D) cannot take the output of 'out'."
    assert lines[1].startswith(
        "Conv2D needs input with at least 4 dimensions (batch included); its input has shape "
        "(None, 3). Add layer_reshape("
    )
    assert lines[2].startswith("Keras says: ")
    assert [layer.name for layer in model.layers] == [name for name, *_ in STACK]
    assert len(model.get_weights()) == len(weights)
    model >> layer_dense(units=2, name="fine")
    assert model.output_shape == (None, 2)


def test_a_layer_or_name_twice_is_refused_while_the_graph_waits():
    model = piped()
    with pytest.raises(ValueError, match="'d1' is already in model 'm'"):
        model >> model.layers[1]
    with pytest.raises(ValueError, match="already has a layer named 'd2'"):
        model >> layer_dense(units=2, name="d2")
    assert [layer.name for layer in model.layers] == [name for name, *_ in STACK]
    assert not isinstance(model._functional, Functional)
    model.pop()  # Keras' pop: the name is free again
    model >> layer_dense(units=3, name="out")
    with pytest.raises(ValueError, match="already has a layer named 'out'"):
        model >> layer_dense(units=2, name="out")
    assert model.output_shape == (None, 3)


class OwnSequential(keras.Sequential):
    """A user's subclass with its own ``add``: piped through Keras' add, as before."""

    def add(self, layer, rebuild=True):
        super().add(layer, rebuild=rebuild)


def test_the_shape_error_reads_as_through_keras_own_add():
    ours = piped()
    theirs = OwnSequential([keras.Input((8,))], name="m")
    for name, function, _, kwargs in STACK:
        theirs >> function(name=name, **kwargs)
    messages = []
    for model in (ours, theirs):
        with pytest.raises(ValueError) as info:
            model >> layer_conv_2d(filters=2, kernel_size=3, name="conv")
        messages.append(str(info.value))
    assert messages[0] == messages[1]
    assert type(ours._functional) is not Functional
    assert type(theirs._functional) is Functional  # Keras remade it on each add


class TwoInputs(keras.layers.Layer):
    def call(self, a, b):
        return a + b


def test_a_layer_keras_refuses_for_its_call_signature():
    for model in (piped(), OwnSequential([keras.Input((8,)), keras.layers.Dense(3)])):
        with pytest.raises(ValueError, match="single required positional argument"):
            model >> TwoInputs(name="two")
        assert "two" not in [layer.name for layer in model.layers]


def test_a_graph_deeper_than_the_recursion_limit_says_so():
    model = keras_model_sequential(input_shape=(4,), name="deep")
    for _ in range(160):
        model >> layer_dense(units=2)
    # room for predict's own frames (about 60), not for the graph's one level per layer
    with recursion_limit(stack_depth() + 120), pytest.raises(RecursionError) as info:
        model.predict(np.zeros((1, 4)), verbose=0)
    text = str(info.value)  # Keras adds where it happened (Sequential.call) around it
    assert "Model 'deep' is 160 layers deep" in text
    assert "sys.setrecursionlimit(" in text and "cannot take" not in text
    assert model.output_shape == (None, 2)  # the model is whole


def test_the_graph_gets_the_recursion_budget_of_the_pipe():
    """A graph Keras could make where the model was piped is made deep in a call too."""
    model = keras_model_sequential(input_shape=(4,))
    for _ in range(100):
        model >> layer_dense(units=2)
    with recursion_limit(stack_depth() + 250):
        shapes = at_depth(200, lambda: [tuple(t.shape) for t in model.outputs])
    assert shapes == [(None, 2)]


def test_keras_own_add_too_deep_is_a_recursion_error_not_a_shape_error():
    layers = [keras.layers.Dense(2) for _ in range(100)]
    model = OwnSequential([keras.Input((4,)), *layers], name="deep_own")
    too_deep = pytest.raises(RecursionError, match="'deep_own' is 100 layers deep")
    with recursion_limit(stack_depth() + 50), too_deep:
        model >> layer_dense(units=2)
    assert len(model.layers) == 100
    assert model.output_shape == (None, 2)
    model >> layer_dense(units=3)
    assert model.output_shape == (None, 3)


def test_exported_for_serving_before_any_use(tmp_path):
    ours, theirs = pair()
    ours.export(str(tmp_path / "served"), format="tf_saved_model", verbose=False)
    served = tf.saved_model.load(str(tmp_path / "served"))
    np.testing.assert_allclose(
        served.serve(X).numpy(), theirs.predict(X, verbose=0), rtol=1e-5, atol=1e-6
    )


def test_a_piped_model_inside_another_before_any_use():
    ours, theirs = pair()
    outer = keras.Sequential([ours, keras.layers.Dense(2, name="head")])
    inputs = keras.Input((8,))
    functional = keras.Model(inputs, ours(inputs))
    np.testing.assert_allclose(functional.predict(X, verbose=0), theirs.predict(X, verbose=0))
    assert outer.predict(X, verbose=0).shape == (16, 2)


def test_a_fixed_batch_first_layer_through_the_pipe():
    model = keras_model_sequential() >> kk.layer_lstm(
        units=3, input_shape=(6, 1), batch_size=4, stateful=True
    )
    model >> layer_dense(units=2) >> layer_dense(units=1)
    assert tuple(model.inputs[0].shape) == (4, 6, 1)
    assert model.predict(np.zeros((8, 6, 1)), batch_size=4, verbose=0).shape == (8, 1)
    # refused: the model stays empty, without the input it would have brought
    empty = keras_model_sequential()
    with pytest.raises(ValueError, match="cannot take the output"):
        empty >> layer_conv_2d(filters=2, kernel_size=3, input_shape=(6,), batch_size=4)
    assert empty._layers == [] and not empty.built
