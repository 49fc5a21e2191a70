"""compile() as R writes it: one metric string, loss_*/metric_*/optimizer_* uncalled."""

from __future__ import annotations

import numpy as np
import pytest

from kernelkeras import (
    compile,
    fit,
    keras,
    keras_model_sequential,
    layer_dense,
    load_model,
    loss_binary_crossentropy,
    loss_categorical_crossentropy,
    loss_mean_squared_error,
    metric_auc,
    metric_binary_accuracy,
    metric_categorical_accuracy,
    metric_mean_absolute_error,
    metric_precision_at_recall,
    optimizer_adam,
)

RNG = np.random.default_rng(1)
X = RNG.random((64, 4)).astype("float32")
Y_BINARY = (X.sum(axis=1, keepdims=True) > 2).astype("float32")
Y_CLASSES = keras.utils.to_categorical((X[:, 0] * 3).astype("int64"), 3)


def binary_model():
    keras.utils.set_random_seed(3)
    return keras_model_sequential(input_shape=(4,)) >> layer_dense(units=1, activation="sigmoid")


def plain_binary_model(like):
    plain = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
    plain.set_weights(like.get_weights())
    return plain


def history_of(model, y):
    return (model >> fit(X, y, epochs=2, batch_size=16, verbose=0, shuffle=False)).metrics


def test_uncalled_loss_and_metrics_train_as_keras_names_them():
    keras.metrics.AUC(), keras.metrics.AUC()  # Keras would name a third AUC() "auc_2"
    model = binary_model()
    plain = plain_binary_model(model)
    model >> compile(
        loss=loss_binary_crossentropy,
        optimizer="sgd",
        metrics=[metric_binary_accuracy, metric_auc, loss_mean_squared_error],
    )
    plain.compile(
        loss=keras.losses.binary_crossentropy,
        optimizer="sgd",
        metrics=[keras.metrics.binary_accuracy, "auc", keras.losses.mean_squared_error],
    )
    ours = history_of(model, Y_BINARY)
    theirs = plain.fit(X, Y_BINARY, epochs=2, batch_size=16, verbose=0, shuffle=False).history
    assert set(ours) == set(theirs) == {"loss", "binary_accuracy", "auc", "mean_squared_error"}
    for name in theirs:
        np.testing.assert_allclose(ours[name], theirs[name], rtol=1e-5)


def test_metrics_as_one_string_as_r_writes_it():
    model = binary_model()
    model >> compile(loss="binary_crossentropy", optimizer="rmsprop", metrics="accuracy")
    plain = plain_binary_model(binary_model())
    plain.compile(loss="binary_crossentropy", optimizer="rmsprop", metrics=["accuracy"])
    ours = history_of(model, Y_BINARY)
    theirs = plain.fit(X, Y_BINARY, epochs=2, batch_size=16, verbose=0, shuffle=False).history
    assert set(ours) == set(theirs) == {"loss", "accuracy"}
    np.testing.assert_allclose(ours["accuracy"], theirs["accuracy"], rtol=1e-6)


def test_one_uncalled_metric_and_weighted_metrics():
    model = binary_model()
    compile(
        model,
        loss=loss_binary_crossentropy,
        metrics=metric_binary_accuracy,
        weighted_metrics=metric_mean_absolute_error,
    )
    assert set(history_of(model, Y_BINARY)) == {
        "loss",
        "binary_accuracy",
        "mean_absolute_error",
    }


def test_categorical_model_with_uncalled_functions_saves_and_loads_with_plain_keras(tmp_path):
    model = keras_model_sequential(input_shape=(4,)) >> layer_dense(units=3, activation="softmax")
    model >> compile(
        loss=loss_categorical_crossentropy,
        optimizer=optimizer_adam,  # uncalled too: an Adam with Keras' defaults
        metrics=[metric_categorical_accuracy],
    )
    assert isinstance(model.optimizer, keras.optimizers.Adam)
    assert isinstance(model.loss, keras.losses.CategoricalCrossentropy)
    history_of(model, Y_CLASSES)
    path = tmp_path / "m.keras"
    model.save(path)
    loaded = keras.models.load_model(path)  # no custom_objects: all Keras' own objects
    expected = model.evaluate(X, Y_CLASSES, verbose=0, return_dict=True)
    got = loaded.evaluate(X, Y_CLASSES, verbose=0, return_dict=True)
    assert set(got) == {"loss", "categorical_accuracy"}
    assert got["loss"] == pytest.approx(expected["loss"], rel=1e-5)
    assert load_model(str(path)).loss.name == "categorical_crossentropy"


def test_multi_output_dicts_are_translated_too():
    inputs = keras.Input((4,))
    outputs = {
        "a": keras.layers.Dense(1, activation="sigmoid", name="a")(inputs),
        "b": keras.layers.Dense(3, activation="softmax", name="b")(inputs),
    }
    model = keras.Model(inputs, outputs)
    model >> compile(
        loss={"a": loss_binary_crossentropy, "b": loss_categorical_crossentropy},
        metrics={"a": metric_binary_accuracy, "b": [metric_categorical_accuracy]},
    )
    logs = model.fit(X, {"a": Y_BINARY, "b": Y_CLASSES}, epochs=1, verbose=0).history
    assert {"a_binary_accuracy", "b_categorical_accuracy"} <= set(logs)


def test_metric_that_needs_arguments_or_used_as_loss_is_refused_and_model_unchanged():
    model = binary_model()
    with pytest.raises(TypeError, match=r"metrics=\[metric_precision_at_recall\(recall=\.\.\.\)\]"):
        model >> compile(loss="mse", metrics=[metric_precision_at_recall])
    with pytest.raises(TypeError, match="loss=metric_auc: metric_auc is a metric"):
        model >> compile(loss=metric_auc)
    assert not model.compiled
    model >> compile(loss=loss_binary_crossentropy, metrics=[metric_precision_at_recall(0.5)])
    assert "precision_at_recall" in history_of(model, Y_BINARY)


def test_a_metric_with_a_function_form_can_be_the_loss():
    model = binary_model()
    model >> compile(loss=metric_mean_absolute_error, optimizer="sgd")
    plain = plain_binary_model(model)
    plain.compile(loss="mean_absolute_error", optimizer="sgd")
    ours = history_of(model, Y_BINARY)["loss"]
    theirs = plain.fit(X, Y_BINARY, epochs=2, batch_size=16, verbose=0, shuffle=False)
    np.testing.assert_allclose(ours, theirs.history["loss"], rtol=1e-5)
