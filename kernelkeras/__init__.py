"""kernelkeras: interactive Keras modelling for Jupyter, in the style of R keras.

>>> from kernelkeras import *
>>> model = (keras_model_sequential()
...          >> layer_dense(units=256, activation="relu", input_shape=(784,))
...          >> layer_dense(units=10, activation="softmax"))
>>> model >> compile(loss="categorical_crossentropy", optimizer=optimizer_rmsprop())

Every model is a plain Keras model. Importing kernelkeras adds the ``>>`` operator
to ``keras.Model`` and ``keras.layers.Layer`` and nothing else.
"""

from kernelkeras import _pipe  # noqa: F401  (installs >>)
from kernelkeras._backend import keras
from kernelkeras._builder import ModelBuilder, model_builder
from kernelkeras._compile import compile
from kernelkeras._constructors import CONSTRUCTORS
from kernelkeras._fit import fit, last_history
from kernelkeras._frames import as_data_frame
from kernelkeras._history import TrainingHistory
from kernelkeras._history_io import load_history
from kernelkeras._layers import LAYER_FUNCTIONS, keras_model, keras_model_sequential, layer_input
from kernelkeras._live import callback_live_metrics
from kernelkeras._options import options
from kernelkeras._plot import plot
from kernelkeras._saving import load_model, save_model
from kernelkeras._step import Step
from kernelkeras._summary import ModelSummary, summary
from kernelkeras._targets import to_categorical
from kernelkeras._verbs import (
    evaluate,
    predict,
    predict_classes,
    predict_proba,
    test_on_batch,
    train_on_batch,
)
from kernelkeras._weights import freeze_weights, get_weights, set_weights, unfreeze_weights
from kernelkeras.datasets import dataset_mnist

__version__ = "0.1.0"

globals().update(LAYER_FUNCTIONS)
globals().update(CONSTRUCTORS)

__all__ = [
    "keras",
    # models
    "keras_model",
    "keras_model_sequential",
    "layer_input",
    # verbs
    "compile",
    "fit",
    "evaluate",
    "predict",
    "predict_classes",
    "predict_proba",
    "train_on_batch",
    "test_on_batch",
    "last_history",
    "callback_live_metrics",
    "options",
    # the visual model builder
    "model_builder",
    # reading models and training
    "summary",
    "plot",
    "as_data_frame",
    "load_history",
    # weights and files
    "get_weights",
    "set_weights",
    "freeze_weights",
    "unfreeze_weights",
    "save_model",
    "load_model",
    # data
    "dataset_mnist",
    "to_categorical",
    # types
    "Step",
    "TrainingHistory",
    "ModelSummary",
    "ModelBuilder",
    # generated: layer_*, optimizer_*, loss_*, metric_*, callback_*, regularizer_*,
    # initializer_*, constraint_*
    *sorted(set(LAYER_FUNCTIONS) - {"layer_input"}),
    *sorted(CONSTRUCTORS),
]
