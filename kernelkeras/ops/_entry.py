"""``backend()``, the entry to Keras 2's backend names; they load on its first call.

Most sessions never use Keras 2's backend, so its modules are imported when
``backend()`` is first called rather than with kernelkeras.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kernelkeras.ops._classic_backend import KerasBackend


def backend() -> KerasBackend:
    """Keras 2's backend as R's ``K <- backend()``: ``K.mean``, ``K.square``, ``K.dot``, ...

    Each name keeps Keras 2's arguments and defaults and runs ``keras.ops``. Axes are
    0-based, as they were in Keras 2 (and in R's ``K$...`` calls). ``K.gradients``,
    ``K.function``, ``K.placeholder`` and the other graph-era names raise
    ``RemovedInKeras3Error`` with the Keras 3 way; names Keras 2 did not have come from
    ``keras.ops``; an unknown name suggests the closest ones.

    Returns:
        The backend object (the same one on every call).

    Example:

    >>> K = backend()
    >>> K.sum(K.square(np.array([1.0, 2.0])))      # tf.Tensor(5.0, ...)
    >>> K.epsilon()
    1e-07
    """
    # lazy: Keras 2's names cost an import that most sessions never need
    from kernelkeras.ops._classic_backend import K

    return K
