"""Building models: the ``>>`` pipe, the ``layer_*`` functions, constructors, R names.

Everything here is derived from Keras at import time: one ``layer_*`` function per
class in ``keras.layers``, one ``optimizer_*``, ``loss_*``, ... per class of those
modules, with R keras' snake_case names. Importing this package adds ``>>`` to
``keras.Model`` and ``keras.layers.Layer``. The modules are private; other parts of
kernelkeras use the names below.
"""

from kernelkeras.pipe._args import (
    TUPLE_NAMES,
    arg_help,
    check_layer_args,
    default_kind,
    kind_from_help,
    number_kinds,
)
from kernelkeras.pipe._constructors import (
    CONSTRUCTORS,
    class_signature,
    explain_bad_arguments,
    public_classes,
)
from kernelkeras.pipe._layers import (
    LAYER_ALIASES,
    LAYER_FUNCTIONS,
    activation_names,
    check_input_shape,
    keras_model,
    keras_model_sequential,
    layer_input,
)
from kernelkeras.pipe._naming import r_name
from kernelkeras.pipe._notes import RSpellingWarning
from kernelkeras.pipe._operator import compose, explain_shape_error, is_pipeable

__all__ = [
    "CONSTRUCTORS",
    "LAYER_ALIASES",
    "LAYER_FUNCTIONS",
    "RSpellingWarning",
    "TUPLE_NAMES",
    "activation_names",
    "arg_help",
    "check_input_shape",
    "check_layer_args",
    "class_signature",
    "compose",
    "default_kind",
    "explain_bad_arguments",
    "explain_shape_error",
    "is_pipeable",
    "kind_from_help",
    "keras_model",
    "keras_model_sequential",
    "layer_input",
    "number_kinds",
    "public_classes",
    "r_name",
]
