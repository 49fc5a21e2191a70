"""kernelkeras: interactive Keras modelling for Jupyter, in the style of R keras.

>>> from kernelkeras import *
>>> model = (keras_model_sequential()
...          >> layer_dense(units=256, activation="relu", input_shape=(784,))
...          >> layer_dense(units=10, activation="softmax"))
>>> model >> compile(loss="categorical_crossentropy", optimizer=optimizer_rmsprop())

Every model is a plain Keras model. Importing kernelkeras adds the ``>>`` operator
to ``keras.Model`` and ``keras.layers.Layer`` and nothing else.
"""

from kernelkeras._backend import keras
from kernelkeras._options import options
from kernelkeras._version import __version__ as __version__
from kernelkeras.builder import ModelBuilder, model_builder
from kernelkeras.datasets import dataset_mnist
from kernelkeras.frames import (
    ModelSummary,
    TrainingHistory,
    as_data_frame,
    load_history,
    summary,
)
from kernelkeras.live import callback_live_metrics
from kernelkeras.pipe import (
    CONSTRUCTORS,
    LAYER_FUNCTIONS,
    keras_model,
    keras_model_sequential,
    layer_input,
)
from kernelkeras.plot import plot
from kernelkeras.preprocessing import to_categorical
from kernelkeras.verbs import (
    Step,
    compile,
    evaluate,
    fit,
    freeze_weights,
    get_weights,
    last_history,
    load_model,
    predict,
    predict_classes,
    predict_proba,
    save_model,
    set_weights,
    test_on_batch,
    train_on_batch,
    unfreeze_weights,
)

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
