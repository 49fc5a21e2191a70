"""The verbs: what is done to a model, as ``verb(model, ...)`` or ``model >> verb(...)``.

``compile``, ``fit``, ``evaluate``, ``predict`` and friends, the weights verbs and
saving. Each checks its input against the model before Keras sees it, so that a
mistake gives a message with the fix and leaves the model as it was (one check of the
data for every data verb, in ``_data``; NaN and ±inf pass only with
``check_finite=False`` or ``kernelkeras.options.check_finite = False``); and when Keras
itself fails, the model can still be trained without recompiling. A verb called
without a model is a :class:`Step` that waits for one on the left of ``>>``.
"""

from kernelkeras.verbs._compile import compile
from kernelkeras.verbs._fit import fit, last_history
from kernelkeras.verbs._predict import (
    evaluate,
    predict,
    predict_classes,
    predict_proba,
    test_on_batch,
    train_on_batch,
)
from kernelkeras.verbs._saving import load_model, load_model_hdf5, save_model, save_model_hdf5
from kernelkeras.verbs._step import Step, require_model, verb
from kernelkeras.verbs._weights import freeze_weights, get_weights, set_weights, unfreeze_weights

__all__ = [
    "Step",
    "compile",
    "evaluate",
    "fit",
    "freeze_weights",
    "get_weights",
    "last_history",
    "load_model",
    "load_model_hdf5",
    "predict",
    "predict_classes",
    "predict_proba",
    "require_model",
    "save_model",
    "save_model_hdf5",
    "set_weights",
    "test_on_batch",
    "train_on_batch",
    "unfreeze_weights",
    "verb",
]
