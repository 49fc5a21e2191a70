"""Preparing data for a model, under R keras' names.

``to_categorical`` (labels), ``pad_sequences`` (sequences of word indices to one length),
``timeseries_dataset_from_array`` (sliding windows) and ``split_dataset`` (train / test).
A data function called without its data waits for it on the left of ``>>``
(:class:`Pending`), as R's ``x %>% pad_sequences(maxlen = 80)``.
"""

from kernelkeras.preprocessing._args import choice, flag, plain, real, whole
from kernelkeras.preprocessing._labels import to_categorical
from kernelkeras.preprocessing._pipe import Pending
from kernelkeras.preprocessing._sequences import pad_sequences
from kernelkeras.preprocessing._split import split_dataset
from kernelkeras.preprocessing._timeseries import timeseries_dataset_from_array

__all__ = [
    "Pending",
    "choice",
    "flag",
    "pad_sequences",
    "plain",
    "real",
    "split_dataset",
    "timeseries_dataset_from_array",
    "to_categorical",
    "whole",
]
