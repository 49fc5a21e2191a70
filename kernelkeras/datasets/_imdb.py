"""IMDB movie reviews, labelled by sentiment, as word-index sequences (Keras' ``imdb.npz``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from kernelkeras.datasets._dataset import Dataset, Split
from kernelkeras.datasets._sequences import (
    common_args,
    cut,
    object_array,
    read_npz,
    remove_long_seq,
    sequences,
    shift,
    word_index,
)
from kernelkeras.datasets._source import KERAS_DATASETS, Remote, locate

IMDB = Remote(
    "dataset_imdb",
    "the IMDB reviews file (Keras' imdb.npz)",
    KERAS_DATASETS + "imdb.npz",
    "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f",
    cache=("imdb.npz",),
)
IMDB_WORD_INDEX = Remote(
    "dataset_imdb_word_index",
    "the IMDB word index (Keras' imdb_word_index.json)",
    KERAS_DATASETS + "imdb_word_index.json",
    "bfafd718b763782e994055a2d397834f",
    cache=("imdb_word_index.json",),
)


def dataset_imdb(
    path: str | Path = "imdb.npz",
    num_words: int | None = None,
    skip_top: int = 0,
    maxlen: int | None = None,
    seed: int = 113,
    start_char: int | None = 1,
    oov_char: int | None = 2,
    index_from: int = 3,
) -> Dataset:
    """Loads the IMDB reviews: 25,000 training and 25,000 test reviews, positive (1) or not (0).

    Each review is a list of word indexes; words are numbered by how often they occur
    (``index_from`` + 0 is the most frequent), so that ``num_words=10000`` keeps the
    10,000 most frequent. The same arrays as ``keras.datasets.imdb.load_data()`` with the
    same arguments (its shuffle, its cuts and its quirks: see ``maxlen``).

    Args:
        path: a file name in the Keras cache (``KERAS_HOME/datasets``; checked by its
            published sha256, downloaded there if missing), or the path of your copy
            (``"./imdb.npz"``, ``"/data/imdb.npz"``).
        num_words: keep the words with indexes below this (after ``index_from`` is added);
            the others become ``oov_char``. None keeps all.
        skip_top: indexes below this also become ``oov_char`` (the most frequent words).
        maxlen: drop reviews whose length (with ``start_char``) is ``maxlen`` or more;
            None keeps all. (Keras drops them; ``pad_sequences`` truncates.)
        seed: the seed of the shuffle (a ``np.random.RandomState``), as Keras.
        start_char: put before each review (1; 0 is for padding); None puts nothing.
        oov_char: what words cut by ``num_words`` or ``skip_top`` become; None drops them.
        index_from: added to every word index (the first 3 are start, OOV and padding).

    Returns:
        A :class:`Dataset`: ``.train.x`` and ``.test.x`` are object arrays of lists of
        ints, ``.train.y`` and ``.test.y`` integer labels; it also unpacks as
        ``(x_train, y_train), (x_test, y_test)``.

    Raises:
        OfflineError: (a ``ConnectionError``) no copy and no network; raised at once,
            with the URL, the cache path and how to pass ``path=``.
        ValueError: a bad argument (named), or a file that is not Keras' IMDB format
            (pickles in it are read without running any of their code).

    Example:

    >>> imdb = dataset_imdb(num_words=20000)
    >>> x_train = pad_sequences(imdb.train.x, maxlen=80)
    >>> y_train = imdb.train.y
    """
    verb = "dataset_imdb"
    args = common_args(verb, locals())
    found = locate(path, IMDB)
    arrays = read_npz(found.file, ("x_train", "y_train", "x_test", "y_test"), IMDB)
    what = f"{verb}(): {found.file}"
    x_train, labels_train = sequences(arrays["x_train"], arrays["y_train"], what)
    x_test, labels_test = sequences(arrays["x_test"], arrays["y_test"], what)

    rng = np.random.RandomState(args["seed"])  # Keras' shuffle, step for step
    indices = np.arange(len(x_train))
    rng.shuffle(indices)
    x_train, labels_train = x_train[indices], labels_train[indices]
    indices = np.arange(len(x_test))
    rng.shuffle(indices)
    x_test, labels_test = x_test[indices], labels_test[indices]

    train = shift(x_train, args["start_char"], args["index_from"])
    test = shift(x_test, args["start_char"], args["index_from"])
    if args["maxlen"]:
        train, labels_train = remove_long_seq(args["maxlen"], train, labels_train)
        test, labels_test = remove_long_seq(args["maxlen"], test, labels_test)
        if not train or not test:
            raise ValueError(
                f"{verb}(): with maxlen={args['maxlen']} no review is left in the "
                f"{'training' if not train else 'test'} set (maxlen drops the reviews of "
                "that length or more). Increase maxlen, or use None."
            )
    labels = np.concatenate([labels_train, labels_test])
    xs = cut(train + test, args["num_words"], args["skip_top"], args["oov_char"])
    idx = len(train)
    return Dataset(
        Split(object_array(xs[:idx]), labels[:idx]),
        Split(object_array(xs[idx:]), labels[idx:]),
    )


def dataset_imdb_word_index(path: str | Path = "imdb_word_index.json") -> dict[str, int]:
    """The IMDB word index: a dict from each word to its index (1 is the most frequent).

    In the sequences of :func:`dataset_imdb` a word's index is moved up by ``index_from``
    (3 by default): ``word_index["the"] + 3``.

    Args:
        path: a file name in the Keras cache (checked by Keras' published md5, downloaded
            if missing), or the path of your copy.

    Example:

    >>> index = dataset_imdb_word_index()
    >>> words = {i + 3: w for w, i in index.items()}
    >>> " ".join(words.get(i, "?") for i in dataset_imdb().train.x[0])
    """
    return word_index(path, IMDB_WORD_INDEX)
