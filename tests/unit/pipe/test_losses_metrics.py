"""loss_* and metric_*: constructors with the class's arguments, computing with y_true, y_pred."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

import kernelkeras as kk
from kernelkeras import (
    keras,
    loss_binary_crossentropy,
    loss_categorical_crossentropy,
    loss_huber,
    loss_mean_squared_error,
    metric_auc,
    metric_binary_accuracy,
    metric_mean_iou,
    metric_precision,
    metric_top_k_categorical_accuracy,
)
from kernelkeras.pipe import CONSTRUCTORS

Y_TRUE = np.array(
    [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]], dtype="float32"
)
Y_PRED = np.array(
    [[0.7, 0.2, 0.1], [0.3, 0.6, 0.1], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8]], dtype="float32"
)


def close(a, b):
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize(
    ("name", "keras_fn"),
    [
        ("loss_mean_squared_error", keras.losses.mean_squared_error),
        ("loss_mean_absolute_error", keras.losses.mean_absolute_error),
        ("loss_categorical_crossentropy", keras.losses.categorical_crossentropy),
        ("loss_binary_crossentropy", keras.losses.binary_crossentropy),
        ("loss_kl_divergence", keras.losses.kl_divergence),
        ("loss_huber", keras.losses.huber),
        ("metric_binary_accuracy", keras.metrics.binary_accuracy),
        ("metric_categorical_accuracy", keras.metrics.categorical_accuracy),
        ("metric_mean_squared_error", keras.metrics.mean_squared_error),
    ],
)
def test_given_y_true_and_y_pred_they_compute_with_keras_function_form(name, keras_fn):
    function = getattr(kk, name)
    close(function(Y_TRUE, Y_PRED), keras_fn(Y_TRUE, Y_PRED))
    close(function(y_true=Y_TRUE, y_pred=Y_PRED), keras_fn(Y_TRUE, Y_PRED))
    assert function.keras_function is keras_fn


def test_r_example_one_value_per_sample():
    # R: loss_mean_squared_error(y_true, y_pred) is keras$losses$mean_squared_error.
    values = loss_mean_squared_error([[1.0, 0.0], [0.0, 1.0]], [[0.5, 0.0], [0.0, 0.0]])
    close(values, [0.125, 0.5])


def test_function_form_arguments_pass_through():
    close(
        metric_top_k_categorical_accuracy(Y_TRUE, Y_PRED, k=2),
        keras.metrics.top_k_categorical_accuracy(Y_TRUE, Y_PRED, k=2),
    )
    logits = np.log(Y_PRED)
    close(
        loss_categorical_crossentropy(Y_TRUE, logits, from_logits=True),
        keras.losses.categorical_crossentropy(Y_TRUE, logits, from_logits=True),
    )
    close(
        metric_binary_accuracy(Y_TRUE, Y_PRED, threshold=0.25),
        keras.metrics.binary_accuracy(Y_TRUE, Y_PRED, threshold=0.25),
    )


def test_class_only_arguments_compute_with_the_class():
    got = loss_huber(Y_TRUE, Y_PRED, delta=0.5, reduction="sum")
    close(got, keras.losses.Huber(delta=0.5, reduction="sum")(Y_TRUE, Y_PRED))
    weights = np.array([1.0, 0.0, 2.0, 1.0])
    got = loss_mean_squared_error(Y_TRUE, Y_PRED, sample_weight=weights)
    close(got, keras.losses.MeanSquaredError()(Y_TRUE, Y_PRED, sample_weight=weights))


def test_metrics_without_a_function_form_are_updated_once():
    y_true, y_pred = np.array([0, 1, 1, 0, 1]), np.array([0.2, 0.8, 0.4, 0.6, 0.9])
    plain = keras.metrics.AUC()
    plain.update_state(y_true, y_pred)
    assert metric_auc.keras_function is None
    close(metric_auc(y_true, y_pred), plain.result())
    plain = keras.metrics.Precision(thresholds=0.5)
    plain.update_state(y_true, y_pred)
    close(metric_precision(y_true, y_pred, thresholds=0.5), plain.result())


def test_called_with_class_arguments_they_construct():
    loss = loss_huber(delta=0.1)
    assert isinstance(loss, keras.losses.Huber)
    close(loss(Y_TRUE, Y_PRED), keras.losses.Huber(delta=0.1)(Y_TRUE, Y_PRED))
    assert float(loss(Y_TRUE, Y_PRED)) != pytest.approx(float(keras.losses.Huber()(Y_TRUE, Y_PRED)))
    assert loss_binary_crossentropy(True).get_config()["from_logits"] is True  # positional
    assert isinstance(loss_mean_squared_error(), keras.losses.MeanSquaredError)
    iou = metric_mean_iou(3)  # a number first is the class's first argument
    assert isinstance(iou, keras.metrics.MeanIoU) and iou.num_classes == 3
    precision = metric_precision([0.3, 0.7], 2)  # a list, then a number: still the class
    assert isinstance(precision, keras.metrics.Precision) and precision.top_k == 2
    assert metric_binary_accuracy(threshold=0.7).threshold == 0.7


def test_signature_is_r_order_and_docstring_says_both_uses():
    params = inspect.signature(loss_huber).parameters
    assert list(params)[:3] == ["y_true", "y_pred", "delta"]
    assert params["delta"].kind is inspect.Parameter.KEYWORD_ONLY
    assert "keras.losses.huber(y_true, y_pred)" in loss_huber.__doc__
    assert inspect.getdoc(keras.losses.Huber).splitlines()[0] in loss_huber.__doc__
    assert "update_state" in metric_auc.__doc__


def test_every_loss_and_metric_class_still_constructs_with_defaults_where_keras_does():
    for name, function in CONSTRUCTORS.items():
        if not name.startswith(("loss_", "metric_")):
            continue
        cls = function.keras_class
        try:
            expected = cls()
        except TypeError:
            continue  # needs arguments (metric_iou, ...): so does the function
        assert type(function()) is type(expected), name


def test_half_of_the_data_is_an_error_that_says_what_is_missing():
    with pytest.raises(TypeError, match=r"loss_mean_squared_error\(\) computes with both"):
        loss_mean_squared_error(Y_TRUE, y_true=Y_TRUE)
    with pytest.raises(TypeError, match="unknown argument 'deltaa'.*Did you mean 'delta'"):
        loss_huber(deltaa=1.0)


def test_they_work_inside_a_users_own_loss_during_fit():
    def my_loss(y_true, y_pred):
        return loss_mean_squared_error(y_true, y_pred) * 2.0

    x = np.random.default_rng(0).random((16, 3)).astype("float32")
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3)])
    model.compile(loss=my_loss, optimizer="sgd")
    got = model.evaluate(x, x, verbose=0)
    expected = 2.0 * np.mean((model.predict(x, verbose=0) - x) ** 2)
    assert got == pytest.approx(expected, rel=1e-5)
