"""The verbs: what is done to a model, as ``verb(model, ...)`` or ``model >> verb(...)``.

``compile``, ``fit``, ``evaluate``, ``predict`` and friends, the weights verbs, saving
(``.keras``, legacy ``.h5``, weights, configurations and JSON), a model's layers
(``get_layer``, ``pop_layer``, ``clone_model``, ``count_params``, ``reset_states``) and
R keras' utilities (``clear_session``, ``set_random_seed``, ``normalize``,
``custom_metric``). Each checks its input against the model before Keras sees it, so that a
mistake gives a message with the fix and leaves the model as it was (one check of the
data for every data verb, in ``_data``; NaN and ±inf pass only with
``check_finite=False`` or ``kernelkeras.options.check_finite = False``); and when Keras
itself fails, the model can still be trained without recompiling. A verb called
without a model is a :class:`Step` that waits for one on the left of ``>>``.
"""

from kernelkeras.verbs._compile import compile
from kernelkeras.verbs._config import (
    LayerConfig,
    from_config,
    get_config,
    load_model_config,
    model_from_json,
    model_to_json,
    save_model_config,
)
from kernelkeras.verbs._fit import fit, last_history
from kernelkeras.verbs._layers import clone_model, count_params, get_layer, pop_layer, reset_states
from kernelkeras.verbs._predict import (
    evaluate,
    predict,
    predict_classes,
    predict_on_batch,
    predict_proba,
    test_on_batch,
    train_on_batch,
)
from kernelkeras.verbs._saving import load_model, load_model_hdf5, save_model, save_model_hdf5
from kernelkeras.verbs._step import Step, require_model, verb
from kernelkeras.verbs._utils import clear_session, custom_metric, normalize, set_random_seed
from kernelkeras.verbs._weights import freeze_weights, get_weights, set_weights, unfreeze_weights
from kernelkeras.verbs._weights_file import load_model_weights, save_model_weights

__all__ = [
    "LayerConfig",
    "Step",
    "clear_session",
    "clone_model",
    "compile",
    "count_params",
    "custom_metric",
    "evaluate",
    "fit",
    "freeze_weights",
    "from_config",
    "get_config",
    "get_layer",
    "get_weights",
    "last_history",
    "load_model",
    "load_model_config",
    "load_model_hdf5",
    "load_model_weights",
    "model_from_json",
    "model_to_json",
    "normalize",
    "pop_layer",
    "predict",
    "predict_classes",
    "predict_on_batch",
    "predict_proba",
    "require_model",
    "reset_states",
    "save_model",
    "save_model_config",
    "save_model_hdf5",
    "save_model_weights",
    "set_random_seed",
    "set_weights",
    "test_on_batch",
    "train_on_batch",
    "unfreeze_weights",
    "verb",
]
