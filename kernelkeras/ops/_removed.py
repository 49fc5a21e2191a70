"""Keras 2 backend names with no Keras 3 counterpart, each refused with the Keras 3 way.

Keras 2 built a graph and ran it in a session; Keras 3 computes as it goes. So
``K.gradients``, ``K.function``, ``K.placeholder``, sessions and the learning phase
have no direct replacement: calling one raises :class:`RemovedInKeras3Error` with a
short example of what to write instead.

Example:

>>> K = backend()
>>> K.gradients(loss, x)
RemovedInKeras3Error: K.gradients has no Keras 3 counterpart: ... tf.GradientTape ...
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn

_TAPE = """\
import tensorflow as tf
x = tf.Variable(image)                 # what to differentiate by
with tf.GradientTape() as tape:
    loss = K.sum(K.square(model(x)))   # computed inside the block
grads = tape.gradient(loss, x)"""
_MODEL = """\
f = keras_model(inputs=model.inputs, outputs=model.layers[3].output)
values = f(x)                          # or predict(f, x); for a loss and its
                                       # gradients see help(K.gradients)"""
_INPUT = """\
inputs = layer_input(shape=(28, 28, 1))       # a model's input (keras.Input)
image = K.variable(np.zeros((1, 28, 28, 1)))  # a value to optimise (keras.Variable)"""
_EAGER = """\
value = K.eval(x)                      # values are computed when called"""
_TRAINING = """\
class Noisy(keras.layers.Layer):
    def call(self, inputs, training=None):   # Keras passes training=True in fit()
        return inputs + random_normal(op_shape(inputs)) if training else inputs

y = layer(x, training=True)            # or pass it yourself"""

#: name -> (why, the Keras 3 way).
REMOVED: dict[str, tuple[str, str]] = {
    "gradients": ("Keras 3 runs eagerly; gradients come from tf.GradientTape", _TAPE),
    "function": ("there is no graph to compile; call a model (or a tf.function)", _MODEL),
    "placeholder": ("there are no placeholders", _INPUT),
    "is_placeholder": ("there are no placeholders", _INPUT),
    "get_session": ("TensorFlow 2 has no sessions", _EAGER),
    "set_session": ("TensorFlow 2 has no sessions", _EAGER),
    "get_graph": ("TensorFlow 2 has no default graph", _EAGER),
    "manual_variable_initialization": (
        "variables hold their value when created",
        "v = K.variable(np.zeros(3))            # initialised at once",
    ),
    "learning_phase": ("the training flag is an argument of each layer call", _TRAINING),
    "set_learning_phase": ("the training flag is an argument of each layer call", _TRAINING),
    "in_train_phase": ("the training flag is an argument of each layer call", _TRAINING),
    "in_test_phase": ("the training flag is an argument of each layer call", _TRAINING),
    "rnn": (
        "recurrent loops are layers",
        "outputs = layer_rnn(inputs, cell=keras.layers.SimpleRNNCell(32))",
    ),
    "local_conv1d": (
        "Keras 3 has no locally connected layers",
        "y = K.conv1d(x, kernel)                # weights shared across positions",
    ),
    "local_conv2d": (
        "Keras 3 has no locally connected layers",
        "y = K.conv2d(x, kernel)                # weights shared across positions",
    ),
    "ctc_label_dense_to_sparse": (
        "Keras 3's CTC takes dense labels with their lengths",
        "loss = K.ctc_batch_cost(labels, y_pred, input_length, label_length)",
    ),
    "reset_uids": (
        "layer names restart with a new session",
        "K.clear_session()                      # keras.backend.clear_session()",
    ),
}


class RemovedInKeras3Error(NotImplementedError):
    """A Keras 2 backend function that Keras 3 no longer has; the message shows the new way."""


def removed_message(name: str) -> str:
    """The message for ``K.<name>``: why it is gone and what to write instead."""
    why, example = REMOVED[name]
    body = "\n".join(f"    {line}" for line in example.splitlines())
    return f"K.{name} has no Keras 3 counterpart: {why}. The Keras 3 way:\n\n{body}"


def refusal(name: str) -> Callable[..., NoReturn]:
    """A function named ``name`` that raises :class:`RemovedInKeras3Error` when called."""
    message = removed_message(name)

    def refuse(*args: Any, **kwargs: Any) -> NoReturn:
        raise RemovedInKeras3Error(message)

    refuse.__name__ = refuse.__qualname__ = name
    refuse.__doc__ = f"Not in Keras 3.\n\n{message}"
    return refuse
