"""R-style snake_case names for Keras classes (``Conv2D`` -> ``conv_2d``)."""

from __future__ import annotations

import re

# Where R keras chose a name that the general rule does not give.
_OVERRIDES = {
    "ELU": "activation_elu",
    "LeakyReLU": "activation_leaky_relu",
    "PReLU": "activation_parametric_relu",
    "ReLU": "activation_relu",
    "Softmax": "activation_softmax",
    "UpSampling1D": "upsampling_1d",
    "UpSampling2D": "upsampling_2d",
    "UpSampling3D": "upsampling_3d",
    "TFSMLayer": "tfsm",
    "InputLayer": "input",
    "L1L2": "l1_l2",
    "TensorBoard": "tensorboard",
    "TerminateOnNaN": "terminate_on_nan",
    "LambdaCallback": "lambda",
}
# Acronyms that read as one word in R names.
_WORDS = {"IoU": "Iou", "ReLU": "Relu", "NaN": "Nan", "RMSprop": "Rmsprop", "AdamW": "Adamw"}


def r_name(class_name: str, strip_suffix: str = "") -> str:
    """Returns the R keras style name of a Keras class, without a prefix.

    Example:

    >>> [r_name(n) for n in ("Conv2D", "ConvLSTM2D", "GlobalAveragePooling1D", "ReduceLROnPlateau")]
    ['conv_2d', 'conv_lstm_2d', 'global_average_pooling_1d', 'reduce_lr_on_plateau']
    """
    if class_name in _OVERRIDES:
        return _OVERRIDES[class_name]
    name = class_name
    if strip_suffix and name.endswith(strip_suffix) and name != strip_suffix:
        name = name[: -len(strip_suffix)]
    for word, replacement in _WORDS.items():
        name = name.replace(word, replacement)
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    name = re.sub(r"([a-z])([A-Z])", r"\1_\2", name)
    name = re.sub(r"([A-Za-z])(\d+D)(?=_|$)", r"\1_\2", name)
    name = re.sub(r"(\d)([A-Z][a-z])", r"\1_\2", name)
    return name.lower()
