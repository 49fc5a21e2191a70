"""R keras' datasets and ``get_file``: MNIST bundled, the others from the Keras cache.

``dataset_mnist()`` reads the copy that ships with kernelkeras. The other loaders read
the files Keras' own loaders download (the same URLs, cached in ``KERAS_HOME/datasets``,
checked by Keras' published hashes), or your copy given as ``path=``; offline without
either they fail at once, saying where to put the file. Every file is read as untrusted
input: its format is checked and no code in it runs (pickles included).
"""

from kernelkeras.datasets._cifar import dataset_cifar10, dataset_cifar100
from kernelkeras.datasets._dataset import Dataset, Split
from kernelkeras.datasets._download import OfflineError
from kernelkeras.datasets._fashion_mnist import dataset_fashion_mnist
from kernelkeras.datasets._files import ChecksumError
from kernelkeras.datasets._get_file import get_file
from kernelkeras.datasets._housing import dataset_boston_housing, dataset_california_housing
from kernelkeras.datasets._imdb import dataset_imdb, dataset_imdb_word_index
from kernelkeras.datasets._mnist import dataset_mnist
from kernelkeras.datasets._pickles import UnsafePickleError
from kernelkeras.datasets._reuters import dataset_reuters, dataset_reuters_word_index

__all__ = [
    "ChecksumError",
    "Dataset",
    "OfflineError",
    "Split",
    "UnsafePickleError",
    "dataset_boston_housing",
    "dataset_california_housing",
    "dataset_cifar10",
    "dataset_cifar100",
    "dataset_fashion_mnist",
    "dataset_imdb",
    "dataset_imdb_word_index",
    "dataset_mnist",
    "dataset_reuters",
    "dataset_reuters_word_index",
    "get_file",
]
