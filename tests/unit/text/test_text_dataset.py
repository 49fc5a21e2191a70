"""text_dataset_from_directory: the same dataset as Keras' function, R's numbers, clear refusals."""

from __future__ import annotations

import numpy as np
import pytest

from kernelkeras._backend import keras
from kernelkeras.text import fit_text_tokenizer, text_dataset_from_directory, text_tokenizer
from tests.conftest import SHARED_DATA


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """bAbI questions as files: one folder per answer, as aclImdb/train/{neg,pos}."""
    root = tmp_path_factory.mktemp("texts")
    lines = (SHARED_DATA / "babi" / "qa1_single-supporting-fact_test.txt").read_text().splitlines()
    kept = 0
    for line in lines:
        if "\t" in line and kept < 40:
            question, answer, _ = line.split("\t")
            if answer in ("garden", "kitchen"):
                (root / answer).mkdir(exist_ok=True)
                (root / answer / f"{kept:03d}.txt").write_text(question.split(" ", 1)[1])
                kept += 1
    return root


def texts_and_labels(dataset):
    texts, labels = [], []
    for x, y in dataset:
        texts += [t.decode() for t in x.numpy()]
        labels += y.numpy().tolist()
    return texts, labels


def test_same_as_keras_with_r_numbers(folder):
    ours = text_dataset_from_directory(folder, batch_size=8.0, seed=1.0, verbose=False)
    theirs = keras.utils.text_dataset_from_directory(folder, batch_size=8, seed=1, verbose=False)
    assert ours.class_names == theirs.class_names == ["garden", "kitchen"]
    assert texts_and_labels(ours) == texts_and_labels(theirs)
    texts, labels = texts_and_labels(ours)
    assert len(texts) == 40 and set(labels) == {0, 1}
    # then, as an R user would: fit a tokenizer on the texts
    tokenizer = text_tokenizer() >> fit_text_tokenizer(texts)
    assert "where" in tokenizer.word_index


def test_both_subsets_and_categorical_labels(folder):
    train, valid = text_dataset_from_directory(
        str(folder), label_mode="categorical", validation_split=0.25, subset="both", seed=3,
        batch_size=None, max_length=5, verbose=False,
    )  # fmt: skip
    train_texts, train_labels = zip(*[(x.numpy(), y.numpy()) for x, y in train], strict=True)
    assert len(train_texts) == 30 and len(list(valid)) == 10
    assert all(len(t) <= 5 for t in train_texts)
    assert np.array(train_labels).shape == (30, 2)


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"directory": "/no/such/folder"}, FileNotFoundError, r"no folder at '/no/such/folder'"),
        ({"batch_size": 0}, ValueError, r"batch_size must be a whole number of at least 1"),
        ({"label_mode": "sparse"}, ValueError, r"label_mode must be one of 'int'"),
        ({"validation_split": 1.5}, ValueError, r"validation_split must be a number between"),
        ({"subset": "train"}, ValueError, r"subset must be one of 'training'"),
        ({"labels": "folders"}, ValueError, r"labels must be 'inferred', None, or one label"),
        ({"class_names": "garden"}, TypeError, r"class_names must be a list of folder names"),
        ({"shuffle": "no"}, TypeError, r"shuffle must be True or False"),
    ],
)
def test_bad_arguments_are_named(folder, kwargs, error, pattern):
    kwargs = {"directory": folder, **kwargs}
    with pytest.raises(error, match=pattern):
        text_dataset_from_directory(**kwargs)


def test_a_file_is_not_a_folder(folder):
    with pytest.raises(NotADirectoryError, match=r"is a file; pass the folder"):
        text_dataset_from_directory(next((folder / "garden").iterdir()))
