"""plot(history, metrics=..., names=...): R's single strings, lists, and bad values."""

from __future__ import annotations

import pytest

from kernelkeras import TrainingHistory, plot

HISTORY = TrainingHistory(
    {
        "loss": [0.9, 0.5],
        "accuracy": [0.6, 0.8],
        "val_loss": [1.0, 0.7],
        "learning_rate": [0.1, 0.05],
    },
    {"epochs": 2},
)


def titles(fig):
    return [a.text for a in fig.layout.annotations]


def test_a_single_metric_as_a_string_is_one_row_not_its_letters():
    """R's plot(history, metrics = "loss"): a string is one metric."""
    fig = plot(HISTORY, metrics="loss")
    assert titles(fig) == ["Loss"]
    assert titles(plot(HISTORY, metrics="val_loss")) == ["Loss"]
    assert titles(plot(HISTORY, metrics="learning_rate")) == ["Learning rate"]


def test_a_list_or_tuple_of_metrics_picks_rows_in_order():
    assert titles(plot(HISTORY, metrics=["accuracy", "loss"])) == ["Accuracy", "Loss"]
    assert titles(plot(HISTORY, metrics=("loss",))) == ["Loss"]


def test_a_single_run_name_as_a_string_labels_the_run():
    fig = plot([HISTORY], names="baseline", metrics="loss")
    assert {t.name for t in fig.data} >= {"training", "validation"}
    two = plot([HISTORY, HISTORY], names=("small", "large"), metrics="loss")
    assert {t.name for t in two.data} >= {"small training", "large training"}


@pytest.mark.parametrize(
    ("metrics", "pattern"),
    [
        ("los", r"plot\(\): no metric 'los' in this history; it has loss, accuracy"),
        ([], r"metrics is empty"),
        (3, r"plot\(\): metrics should be a metric name or a list of them; got int 3"),
        (["loss", 3], r"plot\(\): metrics\[1\] should be a metric name \(a str\); got int 3"),
    ],
)
def test_bad_metrics_are_named(metrics, pattern):
    with pytest.raises((ValueError, TypeError), match=pattern):
        plot(HISTORY, metrics=metrics)


def test_bad_names_are_named():
    with pytest.raises(TypeError, match=r"plot\(\): names should be a run name or a list"):
        plot([HISTORY, HISTORY], names=7)
    with pytest.raises(ValueError, match=r"2 histories but 1 names; give one name per history"):
        plot([HISTORY, HISTORY], names="one")
