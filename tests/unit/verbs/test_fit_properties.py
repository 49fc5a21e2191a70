"""Property: random bad ``fit`` arguments never corrupt a compiled model.

Whatever ``fit`` is given (bad data, bad numbers, bad validation data, or a mix with good
ones), it either trains or raises a TypeError or ValueError; when it raises, the weights
are as they were; and either way the model, never recompiled, still trains and predicts
finitely. One small model is shared by all examples: a corrupted model fails the next one.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kernelkeras import compile, fit, keras_model_sequential, layer_dense, predict
from tests.unit.test_bad_input import assert_unchanged, state

N, FEATURES, UNITS = 12, 4, 3
X = np.random.default_rng(1).random((N, FEATURES), dtype="float32")
LABELS = np.arange(N) % UNITS
_MODEL: list = []


def shared_model():
    if not _MODEL:
        model = keras_model_sequential(input_shape=(FEATURES,)) >> layer_dense(
            units=UNITS, activation="softmax"
        )
        _MODEL.append(model >> compile(loss="sparse_categorical_crossentropy", optimizer="adam"))
    return _MODEL[0]


def with_value(array, rows, value):
    out = np.array(array, dtype="float32", copy=True)
    out.reshape(len(out), -1)[rows, 0] = value
    return out


rows = st.lists(st.integers(0, N - 1), min_size=1, max_size=4)
non_finite = st.sampled_from([np.nan, np.inf, -np.inf])
anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
    st.just([1, 2]),
)
xs = st.one_of(
    st.just(X),
    st.builds(with_value, st.just(X), rows, non_finite),
    st.sampled_from(
        [
            None,
            X[:0],
            X.astype(str),
            X.astype(object),
            X.reshape(N, 2, 2),
            X[:, :2],
            [X, X],
            X.tolist(),
            [],
            1.5,
            X[:5],
        ]
    ),
)
ys = st.one_of(
    st.just(LABELS),
    st.builds(lambda k: LABELS + k, st.integers(-4, 6)),
    st.builds(with_value, st.just(LABELS), rows, non_finite),
    st.sampled_from(
        [
            None,
            LABELS + 0.5,
            np.eye(UNITS)[LABELS],
            np.eye(UNITS + 2)[LABELS],
            LABELS.astype(str),
            LABELS[:3],
            LABELS[:0],
        ]
    ),
)
counts = st.one_of(anything, st.integers(-3, 0))
#: Settings that train: each call starts from some of them ...
good = st.fixed_dictionaries(
    {},
    optional={
        "epochs": st.integers(1, 2),
        "batch_size": st.one_of(st.none(), st.integers(1, 16)),
        "validation_split": st.floats(0.0, 0.5),
        "shuffle": st.booleans(),
        "validation_data": st.just((X, LABELS)),
        "check_finite": st.sampled_from([None, True]),
    },
)
#: ... then one or two of them (or x, or y) are replaced by one of these.
BAD = {
    "x": xs,
    "y": ys,
    "epochs": counts,
    "batch_size": counts,
    "steps_per_epoch": counts,
    "initial_epoch": st.one_of(anything, st.integers(-2, 4)),
    "validation_split": st.one_of(anything, st.floats(-0.5, 1.5)),
    "validation_freq": counts,
    "validation_data": st.one_of(anything, st.tuples(xs, ys), st.tuples(xs, ys, xs)),
    "sample_weight": st.sampled_from(
        [np.ones(3), with_value(np.ones(N), [1], np.nan), np.ones(N).astype(str)]
    ),
    "check_finite": st.sampled_from(["no", 0, 1.0]),
}


@st.composite
def fit_calls(draw, key):
    """Good settings, ``key`` replaced by a bad value, and maybe one more key too."""
    call = {"x": X, "y": LABELS, **draw(good)}
    call[key] = draw(BAD[key])
    if draw(st.booleans()):
        other = draw(st.sampled_from(sorted(BAD)))
        call[other] = draw(BAD[other])
    return call


@pytest.mark.parametrize("key", sorted(BAD))
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_bad_fit_arguments_never_corrupt_a_compiled_model(key, data):
    call = data.draw(fit_calls(key))
    model = shared_model()
    before = state(model)
    try:
        model >> fit(verbose=0, view_metrics=False, **call)
    except (TypeError, ValueError) as err:
        assert str(err).startswith("fit(): "), f"refused by Keras, not by the checks: {err}"
        assert_unchanged(model, before)
    assert model.compiled
    history = model >> fit(X, LABELS, epochs=1, batch_size=6, verbose=0, view_metrics=False)
    assert np.isfinite(history.history["loss"]).all()
    assert np.isfinite(model >> predict(X)).all()
    assert all(np.isfinite(w).all() for w in model.get_weights())
