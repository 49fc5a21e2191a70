"""Tensor functions under R keras' names: ``op_*``, ``random_*``, ``config_*``,
``activation_*``, ``learning_rate_schedule_*``, and Keras 2's ``backend()``.

The families are generated at import time from ``keras.ops``, ``keras.random``,
``keras.config``, ``keras.activations`` and ``keras.optimizers.schedules``, with
Keras' signatures and docstrings, so what a new Keras adds appears here. ``backend()``
is for 2017 code: ``K <- backend()`` becomes ``K = backend()``, and ``K.mean``,
``K.dot``, ``K.variable``... keep Keras 2's arguments and run on ``keras.ops`` (its
modules load on the first call of ``backend()``).

Example:

>>> from kernelkeras import *
>>> op_sum(op_square(np.array([1.0, 2.0])))        # tf.Tensor(5.0, ...)
>>> K = backend()
>>> K.mean(np.ones((2, 3)), axis=1)                # tf.Tensor([1. 1.], ...)
"""

from kernelkeras.ops._entry import backend
from kernelkeras.ops._families import OPS_FUNCTIONS, R_ALIASES, R_NAMES

__all__ = ["OPS_FUNCTIONS", "R_ALIASES", "R_NAMES", "backend"]
