"""Bad data for fit, evaluate, predict and friends: refused before Keras sees it.

Each case asserts the error type, that the message names the argument and the fix, and
that the model is intact and usable afterwards: the same weights, still compiled, and it
trains and predicts finitely. Where a Keras behaviour is kept on purpose, the test says so.
The models are tiny and shared within this module (a refused call never reaches Keras,
so sharing is part of what is tested: a case that corrupted a model would fail the next).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import kernelkeras as kk
from kernelkeras import (
    compile,
    evaluate,
    fit,
    keras,
    keras_model,
    keras_model_sequential,
    layer_concatenate,
    layer_conv_2d,
    layer_dense,
    layer_dropout,
    layer_embedding,
    layer_input,
    predict,
    predict_classes,
    predict_proba,
    test_on_batch,
    train_on_batch,
)
from tests.unit.test_bad_input import assert_unchanged, state

N = 16
RNG = np.random.default_rng(0)
X = RNG.random((N, 4), dtype="float32")
LABELS = np.arange(N) % 3


def _dense_model(units, activation, loss, inputs=4):
    model = keras_model_sequential(input_shape=(inputs,)) >> layer_dense(
        units=units, activation=activation
    )
    return model >> compile(loss=loss, optimizer="adam", metrics=["accuracy"])


def _two_inputs():
    a, b = layer_input(shape=(4,), name="a"), layer_input(shape=(2,), name="b")
    out = layer_concatenate([a, b]) >> layer_dense(units=3, activation="softmax")
    model = keras_model([a, b], out, name="two")
    return model >> compile(loss="sparse_categorical_crossentropy", optimizer="adam")


#: kind -> (model maker, good x, good y)
KINDS = {
    "sparse": (lambda: _dense_model(3, "softmax", "sparse_categorical_crossentropy"), X, LABELS),
    "onehot": (
        lambda: _dense_model(3, "softmax", "categorical_crossentropy"),
        X,
        np.eye(3)[LABELS],
    ),
    "binary": (lambda: _dense_model(1, "sigmoid", "binary_crossentropy"), X, LABELS % 2),
    "mse": (lambda: _dense_model(3, None, "mse"), X, RNG.random((N, 3))),
    "two": (_two_inputs, [X, X[:, :2]], LABELS),
}


@pytest.fixture(scope="module")
def models():
    return {kind: make() for kind, (make, _, _) in KINDS.items()}


def assert_usable(model, kind):
    """Still compiled; trains (finite loss) and predicts (finite outputs) on good data."""
    _, x, y = KINDS[kind]
    assert model.compiled and model.optimizer is not None
    history = model >> fit(x, y, epochs=1, batch_size=8, verbose=0, view_metrics=False)
    assert np.isfinite(history.history["loss"]).all()
    assert np.isfinite(model >> predict(x)).all()


def refused(model, kind, call, error, pattern):
    """``call()`` raises ``error`` matching ``pattern``; the model is unchanged and usable."""
    before = state(model)
    with pytest.raises(error, match=pattern) as info:
        call()
    assert_unchanged(model, before)
    assert_usable(model, kind)
    return str(info.value)


def nan_at(rows, value=np.nan, array=X):
    bad = array.copy()
    if bad.ndim == 1:
        bad[rows] = value
    else:
        bad[rows, 1] = value
    return bad


DATA_CASES = [
    # NaN and ±inf: how many and where, and the opt-in
    (
        "sparse",
        lambda: (nan_at([4, 9]), LABELS),
        ValueError,
        r"fit\(\): x has 2 NaN values \(rows 4, 9\)\. Clean them .*check_finite=False",
    ),
    ("sparse", lambda: (nan_at([3], np.inf), LABELS), ValueError, r"x has 1 \+inf value \(row 3\)"),
    (
        "sparse",
        lambda: (nan_at(list(range(8)), -np.inf), LABELS),
        ValueError,
        r"x has 8 -inf values \(rows 0, 1, 2, 3, 4, … 8 rows in all\)",
    ),
    (
        "mse",
        lambda: (X, nan_at([2], array=KINDS["mse"][2])),
        ValueError,
        r"y has 1 NaN value \(row 2\)",
    ),
    # empty, text, objects, None, lists
    ("sparse", lambda: (X[:0], LABELS[:0]), ValueError, r"x is empty \(shape \(0, 4\)\).*slice"),
    (
        "sparse",
        lambda: (X.astype(str), LABELS),
        TypeError,
        r"x holds text, e\.g\. '0\.\d+'.*x\.astype\('float32'\)",
    ),
    (
        "sparse",
        lambda: (X, LABELS.astype(str)),
        TypeError,
        r"y holds text.*np\.unique\(y, return_inverse=True\)",
    ),
    (
        "sparse",
        lambda: (np.array([[1.0, "a", 2.0, 3.0]] * N, dtype=object), LABELS),
        TypeError,
        r"x holds text, e\.g\. 'a'",
    ),
    ("sparse", lambda: (None, LABELS), ValueError, r"x is None: .*fit\(x_train, y_train\)"),
    ("sparse", lambda: (X, None), ValueError, r"y is missing: .*fit\(x, y"),
    (
        "sparse",
        lambda: ([X, X], LABELS),
        ValueError,
        r"x is a list of 2 arrays but model .* has one input, \(batch, 4\)\. Pass one array",
    ),
    ("sparse", lambda: (X.tolist(), LABELS), TypeError, r"x is a Python list .*np\.asarray\(x\)"),
    ("sparse", lambda: ([], []), ValueError, r"x is an empty list: there are no samples"),
    ("sparse", lambda: (X[0, 0], LABELS), TypeError, r"x is a single float32.*one row per sample"),
    (
        "sparse",
        lambda: (X.reshape(N, 2, 2), LABELS),
        ValueError,
        r"x has shape \(16, 2, 2\) but model .* expects \(batch, 4\)\. Reshape it: x\.reshape",
    ),
    ("sparse", lambda: (X, LABELS[:5]), ValueError, r"x has 16 samples but y has 5"),
    # labels that do not fit the loss and the output layer
    (
        "sparse",
        lambda: (X, LABELS + 1),
        ValueError,
        r"y holds the label 3 \(rows 2, 5, .*\) but the output layer has 3 units, so labels must "
        r"be 0 to 2\. Give the last layer units=4",
    ),
    ("sparse", lambda: (X, LABELS - 1), ValueError, r"y holds the label -1 .*ignore_class=-1"),
    (
        "sparse",
        lambda: (X, LABELS + 0.5),
        ValueError,
        r"y holds 0\.5 \(rows .*whole numbers 0 to 2",
    ),
    (
        "sparse",
        lambda: (X, np.eye(3)[LABELS]),
        ValueError,
        r"y holds one-hot rows .*y\.argmax\(axis=-1\).*categorical_crossentropy",
    ),
    (
        "sparse",
        lambda: (X, np.eye(5)[LABELS]),
        ValueError,
        r"y has shape \(16, 5\) but the loss 'sparse_categorical_crossentropy' takes one class "
        r"index per sample, shape \(n,\) or \(n, 1\).*y\.argmax\(axis=-1\)",
    ),
    ("sparse", lambda: (X, LABELS[:, None]), None, None),
    (
        "onehot",
        lambda: (X, np.eye(5)[LABELS]),
        ValueError,
        r"y has one-hot rows of 5 but the output layer has 3 units.*to_categorical\(labels, 3\)",
    ),
    ("onehot", lambda: (X, LABELS), ValueError, r"y = to_categorical\(y, 3\).*sparse_categorical"),
    (
        "binary",
        lambda: (X, LABELS + 2),
        ValueError,
        r"y holds values from 2 to 4 .*between 0 and 1\. For 5 classes .*softmax output of 5 units",
    ),
    ("binary", lambda: (X, LABELS - 0.5), ValueError, r"y holds values from -0\.5 .*Scale y"),
    (
        "mse",
        lambda: (X, LABELS),
        ValueError,
        r"y has shape \(16,\) but the output of model .* is \(batch, 3\).*Give y the output",
    ),
]


@pytest.mark.parametrize(("kind", "data", "error", "pattern"), DATA_CASES)
def test_fit_refuses_bad_data(models, kind, data, error, pattern):
    model = models[kind]
    x, y = data()
    if error is None:  # a neighbour of the bad cases that is fine
        assert np.isfinite((model >> fit(x, y, verbose=0)).history["loss"]).all()
        return
    refused(model, kind, lambda: model >> fit(x, y, epochs=1, verbose=0), error, pattern)


NUMBER_CASES = [
    ({"batch_size": 0}, ValueError, r"batch_size must be a whole number of at least 1 .*got 0"),
    ({"batch_size": -3}, ValueError, r"batch_size must be .*batch_size=32; got -3"),
    ({"batch_size": 2.5}, TypeError, r"batch_size must be .*got 2\.5 \(a float\)"),
    ({"batch_size": 32.0}, TypeError, r"got 32\.0: write it as batch_size=32"),
    ({"batch_size": "32"}, TypeError, r"batch_size must be .*got '32' \(a str\)"),
    ({"batch_size": True}, TypeError, r"batch_size must be .*got True \(a bool\)"),
    ({"epochs": 0}, ValueError, r"epochs must be a whole number of at least 1, e\.g\. epochs=10"),
    ({"epochs": -1}, ValueError, r"epochs must be .*got -1"),
    ({"epochs": 1.5}, TypeError, r"epochs must be .*got 1\.5"),
    ({"epochs": None}, TypeError, r"epochs must be .*got None"),
    ({"steps_per_epoch": 0}, ValueError, r"steps_per_epoch must be .*steps_per_epoch=100"),
    ({"validation_steps": -1}, ValueError, r"validation_steps must be"),
    ({"validation_freq": 0}, ValueError, r"validation_freq must be"),
    ({"initial_epoch": -1}, ValueError, r"initial_epoch must be .*at least 0"),
    ({"initial_epoch": 0.5}, TypeError, r"initial_epoch must be"),
    (
        {"epochs": 2, "initial_epoch": 3},
        ValueError,
        r"initial_epoch=3 is not below epochs=2, so nothing would train.*use epochs=5",
    ),
    ({"validation_split": True}, TypeError, r"validation_split must be a fraction .*a bool"),
    ({"validation_split": float("nan")}, ValueError, r"validation_split must be a fraction"),
    ({"validation_data": X}, TypeError, r"validation_data must be a tuple \(x_val, y_val\)"),
    (
        {"validation_data": (X[:, :2], LABELS)},
        ValueError,
        r"validation_data\[0\] has shape \(16, 2\) but model .* expects \(batch, 4\)",
    ),
    (
        {"validation_data": (nan_at([1]), LABELS)},
        ValueError,
        r"validation_data\[0\] has 1 NaN value \(row 1\).*check_finite=False",
    ),
    (
        {"validation_data": (X, LABELS + 5)},
        ValueError,
        r"validation_data\[1\] holds the label 5 .*relabel validation_data\[1\]",
    ),
    (
        {"validation_data": (X, LABELS.astype(str))},
        TypeError,
        r"validation_data\[1\] holds text.*np\.unique\(validation_data\[1\]",
    ),
    (
        {"validation_data": (X, LABELS[:3])},
        ValueError,
        r"validation_data\[0\] has 16 samples but validation_data\[1\] has 3",
    ),
    (
        {"sample_weight": nan_at([0], array=np.ones(N))},
        ValueError,
        r"sample_weight has 1 NaN value",
    ),
    ({"sample_weight": np.ones(3)}, ValueError, r"x has 16 samples but sample_weight has 3"),
    (
        {"sample_weight": X},
        ValueError,
        r"sample_weight has shape \(16, 4\); .*one weight per sample, shape \(16,\)",
    ),
    (
        {"validation_data": (X, LABELS, X)},
        ValueError,
        r"validation_data\[2\] has shape \(16, 4\); .*shape \(16,\)",
    ),
    (
        {"steps_per_epoch": 3, "batch_size": 8},
        ValueError,
        r"steps_per_epoch=3 is more than the 2 batch\(es\) of 8 in 16 samples.*"
        r"steps_per_epoch=2 or less",
    ),
    ({"check_finite": "yes"}, TypeError, r"check_finite must be True, False or None"),
]


@pytest.mark.parametrize(("kwargs", "error", "pattern"), NUMBER_CASES)
def test_fit_refuses_bad_arguments(models, kwargs, error, pattern):
    """Before the fix, batch_size=0 trained with 32, epochs=-1 did nothing, a float
    batch_size was a TensorFlow error, and bad validation_data failed after an epoch."""
    model = models["sparse"]
    call = lambda: model >> fit(X, LABELS, verbose=0, **{"epochs": 1, **kwargs})  # noqa: E731
    refused(model, "sparse", call, error, r"fit\(\): .*" + pattern)


def test_validation_split_that_leaves_nothing_to_train_on(models):
    model = models["sparse"]
    call = lambda: model >> fit(X[:1], LABELS[:1], validation_split=0.5, verbose=0)  # noqa: E731
    refused(
        model, "sparse", call, ValueError, r"validation_split=0\.5 of 1 sample\(s\) leaves none"
    )
    call = lambda: model >> fit(X, LABELS, validation_split=1e-20, verbose=0)  # noqa: E731
    refused(model, "sparse", call, ValueError, r"validation_split=1e-20 .* none for validation")


OTHER_VERBS = [
    (
        lambda m: m >> evaluate(nan_at([5]), LABELS, verbose=0),
        ValueError,
        r"evaluate\(\): x has 1 NaN value \(row 5\)",
    ),
    (
        lambda m: m >> evaluate(X, LABELS + 3, verbose=0),
        ValueError,
        r"evaluate\(\): y holds the label",
    ),
    (
        lambda m: m >> evaluate(X, LABELS, batch_size=0),
        ValueError,
        r"evaluate\(\): batch_size must",
    ),
    (
        lambda m: m >> predict(nan_at([2])),
        ValueError,
        r"predict\(\): x has 1 NaN value \(row 2\).*check_finite=False",
    ),
    (lambda m: m >> predict(None), ValueError, r"predict\(\): x is None.*predict\(x_train\)"),
    (lambda m: m >> predict([X, X]), ValueError, r"predict\(\): x is a list of 2 arrays"),
    (lambda m: m >> predict(X, steps=0), ValueError, r"predict\(\): steps must"),
    (
        lambda m: m >> evaluate(X, LABELS, steps=2, verbose=0),
        ValueError,
        r"evaluate\(\): steps=2 is more than the 1 batch\(es\) of 32",
    ),
    (lambda m: m >> predict_proba(X[:0]), ValueError, r"predict_proba\(\): x is empty"),
    (
        lambda m: m >> predict_classes(X.astype(str)),
        TypeError,
        r"predict_classes\(\): x holds text",
    ),
    (
        lambda m: m >> train_on_batch(X, LABELS + 3),
        ValueError,
        r"train_on_batch\(\): y holds the label 3 .*units=6",
    ),
    (
        lambda m: m >> train_on_batch(nan_at([0]), LABELS),
        ValueError,
        r"train_on_batch\(\): x has 1 NaN",
    ),
    (lambda m: m >> test_on_batch(None, LABELS), ValueError, r"test_on_batch\(\): x is None"),
    (
        lambda m: m >> test_on_batch(X, np.eye(3)[LABELS]),
        ValueError,
        r"test_on_batch\(\): y holds one-hot rows",
    ),
]


@pytest.mark.parametrize(("call", "error", "pattern"), OTHER_VERBS)
def test_the_other_verbs_share_the_check(models, call, error, pattern):
    model = models["sparse"]
    refused(model, "sparse", lambda: call(model), error, pattern)


def test_two_input_model(models):
    model = models["two"]
    good = {"a": X, "b": X[:, :2]}
    refused(
        model,
        "two",
        lambda: model >> fit(X, LABELS, verbose=0),
        ValueError,
        r"model 'two' has 2 inputs \(a \(batch, 4\), b \(batch, 2\)\) but x is one array",
    )
    refused(
        model,
        "two",
        lambda: model >> fit([X, X, X], LABELS, verbose=0),
        ValueError,
        r"has 2 inputs .* but x is 3 arrays. Pass a list with one array per input",
    )
    refused(
        model,
        "two",
        lambda: model >> fit({"a": X, "c": X}, LABELS, verbose=0),
        ValueError,
        r"x is a dict with keys \['a', 'c'\] .*missing: b; unknown: 'c'",
    )
    refused(
        model,
        "two",
        lambda: model >> fit([X, nan_at([7], array=X[:, :2])], LABELS, verbose=0),
        ValueError,
        r"x\[1\] has 1 NaN value \(row 7\)",
    )
    refused(
        model,
        "two",
        lambda: model >> fit({"a": X, "b": X}, LABELS, verbose=0),
        ValueError,
        r"x\['b'\] has shape \(16, 4\) but model 'two' expects \(batch, 2\)",
    )
    refused(
        model,
        "two",
        lambda: model >> fit([X, None], LABELS, verbose=0),
        ValueError,
        r"x\[1\] is None",
    )
    history = model >> fit(good, LABELS, epochs=1, verbose=0)  # a dict by input name works
    assert np.isfinite(history.history["loss"]).all()


def test_data_frames(models):
    model = models["sparse"]
    frame = pd.DataFrame(X, columns=list("abcd"))
    assert np.isfinite((model >> fit(frame, pd.Series(LABELS), verbose=0)).history["loss"]).all()
    text = frame.assign(c=["x"] * N)
    refused(
        model,
        "sparse",
        lambda: model >> fit(text, LABELS, verbose=0),
        TypeError,
        r"x has columns that are not numbers: \['c'\].*get_dummies",
    )
    holes = frame.copy()
    holes.iloc[3, 2] = np.nan
    refused(
        model,
        "sparse",
        lambda: model >> fit(holes, LABELS, verbose=0),
        ValueError,
        r"x has 1 NaN value \(row 3\)",
    )


def test_check_finite_false_lets_nan_through_and_the_option_does_so_everywhere():
    """Kept from Keras on purpose once the user opts in: NaN trains to a NaN loss."""
    model = KINDS["sparse"][0]()
    outputs = model >> predict(nan_at([2]), check_finite=False)
    assert np.isnan(outputs[2]).all() and np.isfinite(np.delete(outputs, 2, axis=0)).all()
    kk.options.check_finite = False
    try:
        history = model >> fit(nan_at([2]), LABELS, epochs=1, verbose=0)
        assert np.isnan(history.history["loss"]).all()
        with pytest.raises(ValueError, match="NaN"):  # a per-call True overrides the option
            model >> fit(nan_at([2]), LABELS, check_finite=True, verbose=0)
    finally:
        kk.options.check_finite = True
    with pytest.raises(TypeError, match="options.check_finite must be True or False"):
        kk.options.check_finite = "no"
    assert "check_finite=True" in repr(kk.options)


def test_predict_classes_warns_about_rows_without_a_class(models):
    model = models["sparse"]
    before = state(model)
    with pytest.warns(
        RuntimeWarning,
        match=r"predict_classes\(\): 2 of 16 rows have no class "
        r"\(rows 4, 9\); they are -1 in the result\. x has NaN or ±inf there",
    ):
        classes = model >> predict_classes(nan_at([4, 9]))
    assert classes[4] == classes[9] == -1
    assert set(np.delete(classes, [4, 9])) <= {0, 1, 2}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        quiet = model >> predict_classes(nan_at([4, 9]), check_finite=False)
    np.testing.assert_array_equal(quiet, classes)
    assert_unchanged(model, before)
    assert_usable(model, "sparse")


def test_predict_classes_on_a_diverged_model_names_the_weights():
    model = KINDS["binary"][0]()
    model.set_weights([np.full((4, 1), np.nan, "float32"), np.zeros(1, "float32")])
    with pytest.warns(
        RuntimeWarning, match="model's outputs are NaN there: are its weights finite"
    ):
        classes = model >> predict_classes(X)
    assert (classes == -1).all()


def test_datasets_are_left_to_keras():
    """Kept on purpose: a tf.data dataset (or generator, PyDataset) is Keras' to read."""
    import tensorflow as tf

    model = KINDS["sparse"][0]()
    dataset = tf.data.Dataset.from_tensor_slices((X, LABELS)).batch(8)
    history = model >> fit(dataset, epochs=2, verbose=0, shuffle=False, validation_data=dataset)
    assert len(history.history["val_loss"]) == 2
    assert (model >> evaluate(dataset, verbose=0))["loss"] > 0
    assert (model >> predict(dataset.map(lambda x, y: x))).shape == (N, 3)


def test_kept_keras_behaviours():
    """Kept on purpose: whole-number float labels are class indices; a batch_size above the
    number of samples is one batch; a list of one array for a one-input model is that array
    (Keras warns about the structure)."""
    model = KINDS["sparse"][0]()
    history = model >> fit(X, LABELS.astype("float32"), batch_size=1000, verbose=0)
    assert history.params["batch_size"] == 1000 and np.isfinite(history.history["loss"]).all()
    with pytest.warns(UserWarning, match="structure of `inputs`"):
        assert (model >> predict([X])).shape == (N, 3)


def test_messages_quote_at_most_a_few_hundred_characters_of_a_value(models):
    model = models["two"]
    key = "k" * 100_000
    message = refused(
        model,
        "two",
        lambda: model >> fit({key: X}, LABELS, verbose=0),
        ValueError,
        r"x is a dict with keys .*cut.*missing: a, b",
    )
    assert len(message) < 800


# -- a failure inside Keras' first step ---------------------------------------------------

_FAIL = [False]


def flaky_loss(y_true, y_pred):
    """Mean squared error that raises while ``_FAIL[0]`` is set: a real failure in Keras'
    first traced step, which no check of the data can foresee."""
    if _FAIL[0]:
        raise ValueError("flaky loss: this step fails")
    return keras.ops.mean(keras.ops.square(y_true - y_pred))


def _flaky_model(verbs=True):
    _FAIL[0] = True
    model = keras_model_sequential(input_shape=(4,)) >> layer_dense(units=3)
    settings = {"loss": flaky_loss, "optimizer": "adam", "metrics": ["mae"]}
    return model >> compile(**settings) if verbs else (model.compile(**settings) or model)


def test_plain_keras_is_left_untrainable_by_a_failed_first_step():
    """The Keras behaviour the verbs repair (if Keras fixes it, this test says so)."""
    model = _flaky_model(verbs=False)
    with pytest.raises(ValueError, match="flaky loss"):
        model.fit(X, KINDS["mse"][2], verbose=0)
    _FAIL[0] = False
    with pytest.raises(ValueError, match="Creating variables on a non-first call"):
        model.fit(X, KINDS["mse"][2], verbose=0)


@pytest.mark.parametrize(
    "failing",
    [
        lambda m, y: m >> fit(X, y, epochs=1, verbose=0),
        lambda m, y: m >> fit(X, y, epochs=1, verbose=0, validation_data=(X, y)),
        lambda m, y: m >> train_on_batch(X, y),
        lambda m, y: m >> test_on_batch(X, y),
        lambda m, y: m >> evaluate(X, y, verbose=0),
    ],
    ids=["fit", "fit-validation", "train_on_batch", "test_on_batch", "evaluate"],
)
def test_after_a_failure_inside_keras_the_model_trains_without_recompiling(failing):
    model = _flaky_model()
    y = KINDS["mse"][2]
    before = state(model)
    with pytest.raises(ValueError, match="flaky loss"):
        failing(model, y)
    assert_unchanged(model, before)
    _FAIL[0] = False
    for _ in range(2):
        history = model >> fit(X, y, epochs=2, verbose=0, validation_data=(X, y))
        assert np.isfinite(history.history["loss"]).all()
    assert np.isfinite((model >> train_on_batch(X, y))["loss"])
    assert np.isfinite((model >> evaluate(X, y, verbose=0))["loss"])
    assert np.isfinite(model >> predict(X)).all()


# -- layer arguments ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "pattern"),
    [
        (
            lambda: layer_dense(units=True),
            r"layer_dense\(\): units=True is a bool, but units "
            r"takes a whole number \(Positive integer.*\)\. Pass a number, e\.g\. units=32",
        ),
        (lambda: layer_dense(False), r"layer_dense\(\): units=False is a bool"),
        (lambda: layer_dense(units=np.True_), r"units=np\.True_ is a bool"),
        (
            lambda: layer_dropout(rate=True),
            r"rate=True is a bool, but rate takes a number .*rate=0\.5",
        ),
        (lambda: layer_conv_2d(filters=True, kernel_size=3), r"filters=True is a bool"),
        (
            lambda: layer_conv_2d(filters=4, kernel_size=(True, 3)),
            r"kernel_size=\(True, 3\) holds a bool, but kernel_size takes whole numbers",
        ),
        (lambda: layer_embedding(input_dim=True, output_dim=2), r"input_dim=True is a bool"),
    ],
)
def test_a_bool_where_a_layer_takes_a_number(call, pattern):
    model = KINDS["sparse"][0]()
    before = state(model)
    with pytest.raises(TypeError, match=pattern):
        model >> call()
    assert_unchanged(model, before)
    assert_usable(model, "sparse")


def test_layer_argument_check_is_shared_and_leaves_real_bools_alone():
    from kernelkeras.pipe import check_layer_args

    with pytest.raises(TypeError, match=r"my_form\(\): units=True is a bool"):
        check_layer_args(keras.layers.Dense, {"units": True}, "my_form")
    check_layer_args(keras.layers.Dense, {"units": 3, "use_bias": False})
    assert layer_dense(units=3, use_bias=False).use_bias is False
    assert layer_embedding(input_dim=1000, output_dim=8).input_dim == 1000


def test_targets_of_another_rank_on_the_same_model():
    """Keras alone retraces its step for the new rank with shapes of unknown rank, and its
    loss fails: the verbs trace a fresh step instead (also for a pandas Series)."""
    model = KINDS["sparse"][0]()
    for y in (LABELS, LABELS[:, None], pd.Series(LABELS), LABELS):
        assert np.isfinite(
            (model >> fit(X, y, verbose=0, validation_data=(X, y))).history["loss"]
        ).all()
        assert np.isfinite((model >> evaluate(X, y, verbose=0))["loss"])
        assert np.isfinite((model >> train_on_batch(X, y))["loss"])
    keras_alone = KINDS["sparse"][0]()
    keras_alone.fit(X, LABELS, verbose=0)
    with pytest.raises(ValueError, match="unknown rank"):
        keras_alone.fit(X, LABELS[:, None], verbose=0)


def test_an_unbuilt_model_stays_unbuilt():
    """Without input_shape, the last layer's units stand in for the output's width."""
    model = keras_model_sequential() >> layer_dense(units=3, activation="softmax")
    model >> compile(loss="sparse_categorical_crossentropy", optimizer="adam")
    with pytest.raises(ValueError, match=r"y holds the label 3 .*output layer has 3 units"):
        model >> fit(X, LABELS + 1, verbose=0)
    with pytest.raises(ValueError, match=r"x has 1 NaN value"):
        model >> fit(nan_at([0]), LABELS, verbose=0)
    assert not model.built
    assert np.isfinite((model >> fit(X, LABELS, verbose=0)).history["loss"]).all()
