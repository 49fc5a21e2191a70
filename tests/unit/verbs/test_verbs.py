"""The verbs: compile, fit, evaluate, predict and friends, on real (small) training."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

import kernelkeras as kk
from kernelkeras import (
    Step,
    TrainingHistory,
    compile,
    evaluate,
    fit,
    keras,
    keras_model_sequential,
    layer_dense,
    predict,
    predict_classes,
    predict_proba,
    test_on_batch,
    train_on_batch,
)
from tests._models import compiled_mlp, seed_mlp


def test_compile_returns_the_model_in_both_forms():
    model = seed_mlp()
    assert (model >> compile(loss="mse", optimizer="adam")) is model
    assert model.compiled and isinstance(model.optimizer, keras.optimizers.Adam)
    other = seed_mlp()
    assert compile(other, loss="mse", optimizer="sgd") is other
    assert isinstance(other.optimizer, keras.optimizers.SGD)


def test_builtin_compile_still_works():
    code = compile("1 + 1", "<test>", "eval")
    assert eval(code) == 2


def test_a_verb_without_model_is_a_step_that_explains_itself():
    step = fit(np.zeros((2, 784)), np.zeros((2, 10)), epochs=1)
    assert isinstance(step, Step)
    assert "model >> fit(...)" in repr(step)


def test_verb_signatures_follow_keras():
    params = inspect.signature(fit).parameters
    assert list(params)[:3] == ["object", "x", "y"]
    assert "validation_split" in params and "epochs" in params


def test_fit_evaluate_predict_on_mnist(mnist_small):
    x_train, y_train, x_test, y_test = mnist_small
    model = compiled_mlp()
    history = model >> fit(
        x_train, y_train, epochs=3, batch_size=128, validation_split=0.2, verbose=0
    )
    assert isinstance(history, TrainingHistory)
    assert list(history.history) == ["loss", "accuracy", "val_loss", "val_accuracy"]
    assert history.epoch == [0, 1, 2]
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert history.params["samples"] == 1600 and history.params["validation_samples"] == 400
    text = repr(history)
    assert "Trained on 1,600 samples (batch_size=128, epochs=3)" in text
    assert "Validated on 400 samples" in text
    assert f"loss: {history.history['loss'][-1]:.4g}" in text

    scores = model >> evaluate(x_test, y_test, verbose=0)
    assert list(scores) == ["loss", "accuracy"]
    assert all(isinstance(v, float) for v in scores.values())
    assert scores["accuracy"] > 0.75

    probabilities = model >> predict(x_test)
    assert probabilities.shape == (500, 10)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-4)
    np.testing.assert_array_equal(predict_proba(model, x_test), probabilities)
    classes = model >> predict_classes(x_test)
    np.testing.assert_array_equal(classes, probabilities.argmax(axis=1))
    assert (classes == y_test.argmax(axis=1)).mean() == pytest.approx(scores["accuracy"], abs=1e-6)


def test_predict_classes_thresholds_one_sigmoid_unit():
    model = keras_model_sequential(input_shape=(1,)) >> layer_dense(units=1, activation="sigmoid")
    model.set_weights([np.array([[10.0]]), np.array([0.0])])
    x = np.array([[-1.0], [-0.01], [0.01], [2.0]])
    np.testing.assert_array_equal(model >> predict_classes(x), [0, 0, 1, 1])
    np.testing.assert_array_equal(predict_classes(model, x, threshold=0.9), [0, 0, 0, 1])


def test_verbs_match_plain_keras_exactly(mnist_small):
    """The same seed gives the same weights through the verbs as through Keras."""
    x_train, y_train, _, _ = mnist_small
    results = []
    for use_verbs in (True, False):
        keras.utils.set_random_seed(7)
        model = seed_mlp()
        if use_verbs:
            model >> compile(loss="categorical_crossentropy", optimizer="rmsprop")
            history = model >> fit(x_train, y_train, epochs=1, batch_size=256, verbose=0)
        else:
            model.compile(loss="categorical_crossentropy", optimizer="rmsprop")
            history = model.fit(x_train, y_train, epochs=1, batch_size=256, verbose=0)
        results.append((model.get_weights(), history.history["loss"]))
    (w1, loss1), (w2, loss2) = results
    assert loss1 == loss2
    for a, b in zip(w1, w2, strict=True):
        np.testing.assert_array_equal(a, b)


def test_train_and_test_on_batch(mnist_small):
    x_train, y_train, _, _ = mnist_small
    model = compiled_mlp()
    before = model >> test_on_batch(x_train[:64], y_train[:64])
    for _ in range(5):
        after = model >> train_on_batch(x_train[:64], y_train[:64])
    assert list(before) == ["loss", "accuracy"] and list(after) == ["loss", "accuracy"]
    assert test_on_batch(model, x_train[:64], y_train[:64])["loss"] < before["loss"]


def test_fit_with_validation_data_and_initial_epoch(mnist_small):
    x_train, y_train, x_test, y_test = mnist_small
    model = compiled_mlp()
    history = fit(
        model,
        x_train[:512],
        y_train[:512],
        epochs=3,
        initial_epoch=1,
        validation_data=(x_test[:100], y_test[:100]),
        verbose=0,
    )
    assert history.epoch == [1, 2]
    assert history.params["validation_samples"] == 100
    assert len(history.history["val_loss"]) == 2


def test_object_keyword_form(mnist_small):
    x_train, y_train, _, _ = mnist_small
    model = compiled_mlp()
    scores = evaluate(object=model, x=x_train[:100], y=y_train[:100], verbose=0)
    assert set(scores) == {"loss", "accuracy"}


def test_constructor_families():
    assert isinstance(kk.optimizer_rmsprop(learning_rate=0.01), keras.optimizers.RMSprop)
    assert isinstance(kk.optimizer_adamw(), keras.optimizers.AdamW)
    assert isinstance(kk.loss_categorical_crossentropy(), keras.losses.CategoricalCrossentropy)
    assert isinstance(kk.metric_auc(), keras.metrics.AUC)
    assert isinstance(kk.callback_early_stopping(patience=2), keras.callbacks.EarlyStopping)
    assert isinstance(kk.callback_reduce_lr_on_plateau(), keras.callbacks.ReduceLROnPlateau)
    assert isinstance(kk.callback_csv_logger("log.csv"), keras.callbacks.CSVLogger)
    assert isinstance(kk.callback_terminate_on_nan(), keras.callbacks.TerminateOnNaN)
    assert isinstance(kk.callback_lambda(), keras.callbacks.LambdaCallback)
    assert isinstance(kk.callback_model_checkpoint("m.keras"), keras.callbacks.ModelCheckpoint)
    assert isinstance(kk.callback_tensorboard(), keras.callbacks.TensorBoard)
    assert isinstance(kk.regularizer_l1_l2(l1=0.1), keras.regularizers.L1L2)
    assert isinstance(kk.initializer_he_normal(seed=1), keras.initializers.HeNormal)
    assert isinstance(kk.constraint_maxnorm(2), keras.constraints.MaxNorm)
    assert "learning_rate" in inspect.signature(kk.optimizer_rmsprop).parameters
    assert "Early" in (kk.callback_early_stopping.__doc__ or "")


def test_callbacks_work_through_fit(mnist_small, tmp_path):
    x_train, y_train, _, _ = mnist_small
    model = compiled_mlp()
    log = tmp_path / "log.csv"
    history = model >> fit(
        x_train[:256],
        y_train[:256],
        epochs=2,
        verbose=0,
        callbacks=[kk.callback_csv_logger(str(log))],
    )
    assert len(log.read_text().strip().splitlines()) == 1 + len(history.epoch)
