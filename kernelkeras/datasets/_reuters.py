"""Reuters newswires, labelled with 46 topics, as word-index sequences (Keras' ``reuters.npz``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from kernelkeras.datasets._dataset import Dataset, Split
from kernelkeras.datasets._sequences import (
    common_args,
    cut,
    fraction,
    object_array,
    read_npz,
    remove_long_seq,
    sequences,
    shift,
    word_index,
)
from kernelkeras.datasets._source import KERAS_DATASETS, Remote, locate

REUTERS = Remote(
    "dataset_reuters",
    "the Reuters newswires file (Keras' reuters.npz)",
    KERAS_DATASETS + "reuters.npz",
    "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916",
    cache=("reuters.npz",),
)
REUTERS_WORD_INDEX = Remote(
    "dataset_reuters_word_index",
    "the Reuters word index (Keras' reuters_word_index.json)",
    KERAS_DATASETS + "reuters_word_index.json",
    "4d44cc38712099c9e383dc6e5f11a921",
    cache=("reuters_word_index.json",),
)


def dataset_reuters(
    path: str | Path = "reuters.npz",
    num_words: int | None = None,
    skip_top: int = 0,
    maxlen: int | None = None,
    test_split: float = 0.2,
    seed: int = 113,
    start_char: int | None = 1,
    oov_char: int | None = 2,
    index_from: int = 3,
) -> Dataset:
    """Loads the Reuters newswires: 11,228 wires labelled with 46 topics, split train/test.

    Each wire is a list of word indexes, numbered by frequency as in :func:`dataset_imdb`.
    The same arrays as ``keras.datasets.reuters.load_data()`` with the same arguments.

    Args:
        path: a file name in the Keras cache (checked by its published sha256, downloaded
            there if missing), or the path of your copy (``"./reuters.npz"``).
        num_words: keep the words with indexes below this; the others become ``oov_char``.
        skip_top: indexes below this also become ``oov_char``.
        maxlen: drop wires whose length (with ``start_char``) is ``maxlen`` or more.
        test_split: the fraction of wires (after the shuffle) kept for the test set.
        seed: the seed of the shuffle, as Keras.
        start_char: put before each wire (1); None puts nothing.
        oov_char: what cut words become (2); None drops them.
        index_from: added to every word index (3).

    Returns:
        A :class:`Dataset` (``.train.x``, ``.train.y``, ``.test.x``, ``.test.y``): object
        arrays of lists of ints and integer topic labels 0-45.

    Raises:
        OfflineError: (a ``ConnectionError``) no copy and no network, raised at once.
        ValueError: a bad argument (named), or not Keras' Reuters format.

    Example:

    >>> reuters = dataset_reuters(num_words=1000, test_split=0.2)
    >>> x_train = sequences_to_matrix(text_tokenizer(num_words=1000), reuters.train.x)
    >>> num_classes = reuters.train.y.max() + 1
    """
    verb = "dataset_reuters"
    args = common_args(verb, locals())
    test_split = fraction(test_split, "test_split", verb)
    found = locate(path, REUTERS)
    arrays = read_npz(found.file, ("x", "y"), REUTERS)
    xs, labels = sequences(arrays["x"], arrays["y"], f"{verb}(): {found.file}")

    rng = np.random.RandomState(args["seed"])  # Keras' shuffle, step for step
    indices = np.arange(len(xs))
    rng.shuffle(indices)
    xs, labels = xs[indices], labels[indices]

    shifted = shift(xs, args["start_char"], args["index_from"])
    if args["maxlen"]:
        shifted, labels = remove_long_seq(args["maxlen"], shifted, labels)
        if not shifted:
            raise ValueError(
                f"{verb}(): with maxlen={args['maxlen']} no wire is left (maxlen drops the "
                "wires of that length or more). Increase maxlen, or use None."
            )
    kept = cut(shifted, args["num_words"], args["skip_top"], args["oov_char"])
    idx = int(len(kept) * (1 - test_split))
    return Dataset(
        Split(object_array(kept[:idx]), np.array(labels[:idx])),
        Split(object_array(kept[idx:]), np.array(labels[idx:])),
    )


def dataset_reuters_word_index(path: str | Path = "reuters_word_index.json") -> dict[str, int]:
    """The Reuters word index: a dict from each word to its index (1 is the most frequent).

    Args:
        path: a file name in the Keras cache (checked by Keras' published md5, downloaded
            if missing), or the path of your copy. (R keras 2.0 named it
            ``reuters_word_index.pkl``, a pickle that kernelkeras never loads.)

    Example:

    >>> index = dataset_reuters_word_index()
    >>> index["the"]
    1
    """
    return word_index(path, REUTERS_WORD_INDEX)
