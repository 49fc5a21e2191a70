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
from kernelkeras.applications import (
    APPLICATIONS,
    PREPROCESSING,
    application_decode_predictions,
    application_preprocess_inputs,
)
from kernelkeras.builder import ModelBuilder, model_builder
from kernelkeras.datasets import (
    dataset_boston_housing,
    dataset_california_housing,
    dataset_cifar10,
    dataset_cifar100,
    dataset_fashion_mnist,
    dataset_imdb,
    dataset_imdb_word_index,
    dataset_mnist,
    dataset_reuters,
    dataset_reuters_word_index,
    get_file,
)
from kernelkeras.frames import (
    ModelSummary,
    TrainingHistory,
    as_data_frame,
    load_history,
    summary,
)
from kernelkeras.images import (
    ImageFileError,
    image_array_resize,
    image_array_save,
    image_dataset_from_directory,
    image_from_array,
    image_load,
    image_smart_resize,
    image_to_array,
)
from kernelkeras.live import callback_live_metrics
from kernelkeras.ops import OPS_FUNCTIONS, backend
from kernelkeras.pipe import (
    CONSTRUCTORS,
    LAYER_ALIASES,
    LAYER_FUNCTIONS,
    RSpellingWarning,
    keras_model,
    keras_model_sequential,
    layer_input,
)
from kernelkeras.plot import plot
from kernelkeras.preprocessing import (
    pad_sequences,
    split_dataset,
    timeseries_dataset_from_array,
    to_categorical,
)
from kernelkeras.text import (
    Skipgrams,
    TextTokenizer,
    fit_text_tokenizer,
    load_text_tokenizer,
    make_sampling_table,
    save_text_tokenizer,
    sequences_to_matrix,
    skipgrams,
    text_dataset_from_directory,
    text_hashing_trick,
    text_one_hot,
    text_to_word_sequence,
    text_tokenizer,
    texts_to_matrix,
    texts_to_sequences,
    texts_to_sequences_generator,
)
from kernelkeras.verbs import (
    LayerConfig,
    Step,
    clear_session,
    clone_model,
    compile,
    count_params,
    custom_metric,
    evaluate,
    fit,
    freeze_weights,
    from_config,
    get_config,
    get_layer,
    get_weights,
    last_history,
    load_model,
    load_model_config,
    load_model_hdf5,
    load_model_weights,
    model_from_json,
    model_to_json,
    normalize,
    pop_layer,
    predict,
    predict_classes,
    predict_on_batch,
    predict_proba,
    reset_states,
    save_model,
    save_model_config,
    save_model_hdf5,
    save_model_weights,
    set_random_seed,
    set_weights,
    test_on_batch,
    train_on_batch,
    unfreeze_weights,
)

globals().update(LAYER_FUNCTIONS)
globals().update(CONSTRUCTORS)
globals().update(APPLICATIONS)
globals().update(PREPROCESSING)
globals().update(OPS_FUNCTIONS)
globals().update(LAYER_ALIASES)

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
    "save_model_hdf5",
    "load_model_hdf5",
    "save_model_weights",
    "load_model_weights",
    "save_model_config",
    "load_model_config",
    "model_to_json",
    "model_from_json",
    "get_config",
    "from_config",
    # model utilities
    "get_layer",
    "pop_layer",
    "clone_model",
    "count_params",
    "predict_on_batch",
    "reset_states",
    "custom_metric",
    "normalize",
    "clear_session",
    "set_random_seed",
    # data
    "dataset_mnist",
    "dataset_fashion_mnist",
    "dataset_cifar10",
    "dataset_cifar100",
    "dataset_imdb",
    "dataset_imdb_word_index",
    "dataset_reuters",
    "dataset_reuters_word_index",
    "dataset_boston_housing",
    "dataset_california_housing",
    "get_file",
    "to_categorical",
    # sequences and text
    "pad_sequences",
    "timeseries_dataset_from_array",
    "split_dataset",
    "text_tokenizer",
    "fit_text_tokenizer",
    "texts_to_sequences",
    "texts_to_sequences_generator",
    "texts_to_matrix",
    "sequences_to_matrix",
    "save_text_tokenizer",
    "load_text_tokenizer",
    "text_to_word_sequence",
    "text_one_hot",
    "text_hashing_trick",
    "skipgrams",
    "make_sampling_table",
    "text_dataset_from_directory",
    # types
    "Step",
    "LayerConfig",
    "TrainingHistory",
    "ModelSummary",
    "ModelBuilder",
    "TextTokenizer",
    "Skipgrams",
    # generated: layer_*, optimizer_*, loss_*, metric_*, callback_*, regularizer_*,
    # initializer_*, constraint_*
    *sorted(set(LAYER_FUNCTIONS) - {"layer_input"}),
    *sorted(CONSTRUCTORS),
    # tensor functions: op_*, random_*, config_*, activation_*, learning_rate_schedule_*;
    # Keras 2's backend object for 2017 code (K = backend())
    *sorted(OPS_FUNCTIONS),
    "backend",
    # R's other names (time_distributed, bidirectional, rnn_cell_*) and their notes
    *sorted(LAYER_ALIASES),
    "RSpellingWarning",
    # images: R keras' image_* names over keras.utils' image functions
    "image_load",
    "image_to_array",
    "image_from_array",
    "image_array_save",
    "image_array_resize",
    "image_smart_resize",
    "image_dataset_from_directory",
    "ImageFileError",
    # pretrained models: application_* (generated), imagenet_/<family>_preprocess_input
    # and _decode_predictions (generated), R's application_preprocess_inputs/_decode_...
    *sorted(APPLICATIONS),
    *sorted(PREPROCESSING),
    "application_preprocess_inputs",
    "application_decode_predictions",
]
