"""Preparing data for a model, under R keras' names: ``to_categorical``.

R keras' data-preprocessing functions (sequences, text, images) belong here too.
"""

from kernelkeras.preprocessing._labels import to_categorical

__all__ = ["to_categorical"]
