"""``builder.train(...)`` settings: refused with the reason and the range, never clamped.

The panel's number fields are bounded widgets, which would silently clamp a value into
range (``epochs=0`` trained 1 epoch, ``learning_rate=100`` trained at 10). Every setting
is now checked before any is applied: a refused call changes no field.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from kernelkeras import model_builder
from kernelkeras.builder._train import MNIST, NAMESPACE


def panel_values(builder) -> dict:
    panel = builder.train_panel
    names = ("optimizer", "learning_rate", "loss", "metrics", "epochs", "batch_size")
    return {name: getattr(panel, name).value for name in (*names, "validation_split", "source")}


@pytest.fixture
def builder(comms):
    built = model_builder()
    built.add("input", shape=(4,))
    built.add("dense", units=2, activation="softmax")
    return built


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"epochs": 0}, r"epochs=0 is out of range: use an integer from 1 to 100,000"),
        ({"epochs": -1}, r"epochs=-1 is out of range"),
        ({"epochs": 10**9}, r"epochs=1000000000 is out of range"),
        ({"epochs": 2.5}, r"epochs must be a whole number, got 2.5"),
        ({"epochs": True}, r"epochs must be an integer, got True"),
        ({"epochs": "5"}, r"epochs must be an integer, got '5'"),
        ({"batch_size": 0}, r"batch_size=0 is out of range: use an integer from 1 to"),
        ({"learning_rate": 100.0}, r"learning_rate=100.0 is out of range: use a number from"),
        ({"learning_rate": math.nan}, r"learning_rate=nan is out of range"),
        ({"learning_rate": -0.1}, r"learning_rate=-0.1 is out of range"),
        ({"validation_split": 0.95}, r"validation_split=0.95 is out of range"),
        ({"validation_split": -0.1}, r"validation_split=-0.1 is out of range"),
        ({"loss": "nope"}, r"loss='nope' is not accepted. Choose from: sparse_categorical"),
        ({"metrics": "nope"}, r"metrics=\('nope',\) is not accepted"),
        ({"metrics": 3}, r"metrics=3: give a list of names"),
        ({"optimizer": None}, r"optimizer=None is not accepted"),
        ({"x_name": 3}, r"x_name must be a variable's name \(a str\), got 3"),
        ({"epochs": 3, "batch_size": 0}, r"batch_size=0"),  # nothing applied, not even epochs
        ({"epochz": 3}, r"unknown setting 'epochz'; the settings are optimizer"),
    ],
)
def test_a_bad_setting_is_refused_and_changes_nothing(builder, settings, message) -> None:
    before = panel_values(builder)
    with pytest.raises((ValueError, TypeError), match=message):
        builder.train(**settings)
    assert panel_values(builder) == before
    assert builder.trained_model is None
    assert builder.model.count_params() == 10  # the builder is intact


def test_good_settings_are_applied_as_given(builder) -> None:
    builder.train_panel.apply(
        {"epochs": np.int64(3), "learning_rate": 0.01, "metrics": "mae", "source": NAMESPACE}
    )
    values = panel_values(builder)
    assert values["epochs"] == 3 and type(values["epochs"]) is int
    assert values["learning_rate"] == 0.01 and values["metrics"] == ("mae",)
    builder.train_panel.apply({"source": MNIST, "epochs": 1, "validation_split": 0.0})
    assert panel_values(builder)["validation_split"] == 0.0
