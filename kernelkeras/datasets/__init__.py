"""Datasets that ship inside kernelkeras, so that notebooks work offline."""

from kernelkeras.datasets._mnist import Dataset, Split, dataset_mnist

__all__ = ["Dataset", "Split", "dataset_mnist"]
