"""Pretrained image models under R keras' names: ``application_*`` and their preprocessing.

One ``application_*`` function per model of ``keras.applications`` (generated, so a
model a new Keras adds appears), ``imagenet_preprocess_input`` /
``imagenet_decode_predictions`` and each family's ``*_preprocess_input`` /
``*_decode_predictions``, and R's ``application_preprocess_inputs`` /
``application_decode_predictions``. ImageNet weights and the class index are downloaded
once into the Keras cache; offline without them, an error at once says which file to put
where. The modules are private; other parts of kernelkeras use the names below.
"""

from kernelkeras.applications._downloads import (
    PROBE_SECONDS,
    OfflineError,
    cache_path,
    fetch_file,
    network_problem,
)
from kernelkeras.applications._models import APPLICATIONS, application_name
from kernelkeras.applications._preprocess import (
    PREPROCESSING,
    ClassIndexError,
    application_decode_predictions,
    application_preprocess_inputs,
)
from kernelkeras.applications._weights import WeightsFileError

__all__ = [
    "APPLICATIONS",
    "PREPROCESSING",
    "PROBE_SECONDS",
    "ClassIndexError",
    "OfflineError",
    "WeightsFileError",
    "application_decode_predictions",
    "application_name",
    "application_preprocess_inputs",
    "cache_path",
    "fetch_file",
    "network_problem",
]
