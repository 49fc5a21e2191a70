"""timeseries_dataset_from_array and split_dataset: Keras' datasets, R's arguments and numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kernelkeras._backend import keras
from kernelkeras.preprocessing import split_dataset, timeseries_dataset_from_array


def batches(dataset):
    """Each element of a dataset of tuples, as numpy arrays."""
    return [tuple(part.numpy() for part in batch) for batch in dataset]


def items(dataset):
    """Each element of a dataset of single tensors, as numpy."""
    return [element.numpy() for element in dataset]


def test_windows_by_hand():
    # Keras' example 1: the past 10 steps predict the next one
    data = np.arange(20)
    dataset = timeseries_dataset_from_array(data[:-10], data[10:], sequence_length=10.0)
    ((x, y),) = batches(dataset)
    assert x.shape == (1, 10) and x[0].tolist() == list(range(10)) and y.tolist() == [10]
    # stride, rate and start/end, 0-based
    windows = timeseries_dataset_from_array(
        np.arange(100), None, sequence_length=3, sequence_stride=10, sampling_rate=2,
        start_index=5, end_index=40, batch_size=None,
    )  # fmt: skip
    got = [w.numpy().tolist() for w in windows]
    assert got == [[5, 7, 9], [15, 17, 19], [25, 27, 29], [35, 37, 39]]


def test_same_as_keras():
    rng = np.random.default_rng(1)
    data, targets = rng.normal(size=(200, 3)), rng.normal(size=200)
    settings = dict(sequence_length=12, sequence_stride=3, sampling_rate=2, batch_size=16)
    ours = timeseries_dataset_from_array(data, targets, **settings, shuffle=True, seed=4)
    theirs = keras.utils.timeseries_dataset_from_array(
        data, targets, **settings, shuffle=True, seed=4
    )
    for (a, b), (c, d) in zip(batches(ours), batches(theirs), strict=True):
        assert np.array_equal(a, c) and np.array_equal(b, d)
    from_list = timeseries_dataset_from_array(
        list(range(30)), None, sequence_length=5, batch_size=32
    )
    assert items(from_list)[0].shape == (26, 5)


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"sequence_length": 60}, ValueError, r"spans 60 steps, but the data used has 50"),
        ({"sequence_length": 10, "sampling_rate": 6}, ValueError, r"spans 55 steps"),
        ({"sequence_length": 10, "start_index": 45}, ValueError, r"data used has 5"),
        ({"sequence_length": 0}, ValueError, r"sequence_length must be a whole number of"),
        ({"sequence_length": 5, "batch_size": 2.5}, ValueError, r"batch_size must be a whole"),
        ({"sequence_length": 5, "shuffle": 1}, TypeError, r"shuffle must be True or False"),
        ({"sequence_length": 5, "sequence_stride": 0}, ValueError, r"sequence_stride must be"),
        ({"sequence_length": 5, "targets": 3}, TypeError, r"targets must be an array"),
        ({"sequence_length": 5, "data": 7}, TypeError, r"data must be an array whose first axis"),
    ],
)  # fmt: skip
def test_timeseries_bad_arguments(kwargs, error, pattern):
    kwargs = {"data": np.arange(50), "targets": None, **kwargs}
    with pytest.raises(error, match=pattern):
        timeseries_dataset_from_array(**kwargs)


def test_split_fractions_and_r_counts():
    x, y = np.arange(20).reshape(10, 2), np.arange(10)
    left, right = split_dataset((x, y), left_size=0.8)
    assert int(left.cardinality()) == 8 and int(right.cardinality()) == 2
    (first_x, first_y), *_ = batches(left)
    assert first_x.tolist() == [0, 1] and first_y == 0  # order kept without shuffle
    # R's left_size = 7 arrives as 7.0; a numpy number as computed in R-ported code
    left, right = split_dataset((x, y), left_size=7.0)
    assert int(left.cardinality()) == 7
    left, right = split_dataset(x, right_size=np.float64(0.3))
    assert int(right.cardinality()) == 3
    with pytest.raises(TypeError):  # what the wrapper repairs
        keras.utils.split_dataset(x, right_size=np.float64(0.3))
    frame = pd.DataFrame({"a": range(10), "b": range(10)})
    left, right = split_dataset(frame, left_size=5)
    assert items(left)[4].tolist() == [4, 4]


def test_split_shuffle_is_seeded():
    x = np.arange(100)
    one = items(split_dataset(x, left_size=0.5, shuffle=True, seed=2)[0])
    two = items(split_dataset(x, left_size=0.5, shuffle=True, seed=2)[0])
    assert one == two and one != list(range(50))


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({}, ValueError, r"pass left_size or right_size"),
        ({"left_size": 0}, ValueError, r"left_size must be a number above 0"),
        ({"left_size": -0.2}, ValueError, r"left_size must be a number above 0"),
        ({"left_size": 2.5}, ValueError, r"left_size must be a whole number"),
        ({"left_size": "80%"}, TypeError, r"left_size must be a number"),
        ({"left_size": 0.5, "shuffle": "yes"}, TypeError, r"shuffle must be True or False"),
        ({"left_size": 0.5, "dataset": "data.csv"}, TypeError, r"dataset must be arrays"),
    ],
)
def test_split_bad_arguments(kwargs, error, pattern):
    kwargs = {"dataset": np.arange(10), **kwargs}
    with pytest.raises(error, match=pattern):
        split_dataset(**kwargs)
