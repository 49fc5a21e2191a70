"""What a legacy HDF5 model file (``.h5``) must be before Keras reads it.

Keras 2 (and R keras' ``save_model_hdf5``) saved whole models as HDF5 files; Keras 3
still reads and writes them (``model.save("m.h5")``). Such a file keeps its
architecture as JSON in the attribute ``model_config``, its compile settings in
``training_config`` and its weights in the group ``model_weights``.
:func:`read_h5_model_file` opens the file (a damaged one is named, with h5py's
reason), checks those attributes (present, text, at most ``MAX_CONFIG_BYTES``, JSON,
a model configuration of at most ``MAX_DEPTH`` levels) and returns them, so that
:func:`~kernelkeras.verbs._model_file.refuse_code` can refuse a Lambda's bytecode or a
class from outside Keras exactly as for a ``.keras`` file. Keras 2 wrote a Lambda's
code as a list (``"function": [code, defaults, closure]``), which Keras 3 still runs:
:func:`code_as_keras3` shows it to that check in Keras 3's form. The weights are read
by Keras, which refuses external links, external or virtual datasets and
decompression bombs; those refusals are named too (``_saving``).

Example:

>>> configs = read_h5_model_file(Path("mnist_mlp.h5"))
>>> configs["model_config"]["class_name"], list(configs)
('Sequential', ['model_config', 'training_config'])
"""

from __future__ import annotations

import copy
import json
import warnings
from pathlib import Path
from typing import Any

from kernelkeras._text import shown
from kernelkeras.verbs._model_file import MAX_CONFIG_BYTES, MAX_DEPTH, check_config, refusal

#: The suffixes Keras reads as legacy HDF5 models.
H5_SUFFIXES = (".h5", ".hdf5")
_DAMAGED = "Save the model again, or copy the file again from where it came from."


def _attribute(path: Path, file: Any, name: str, required: bool) -> Any:
    """The JSON attribute ``name`` of the file's root, checked; None if absent."""
    if name not in file.attrs:
        if not required:
            return None
        weights = "layer_names" in file.attrs or "weight_names" in file.attrs
        hint = (
            "It holds weights only: load them into a model of the same architecture "
            "with load_model_weights(model, path)."
            if weights or "model_weights" not in file
            else "A whole model saved as HDF5 has one (save_model(model, 'name.h5'))."
        )
        what = "a weights file" if weights else "an HDF5 file"
        raise refusal(path, f"is {what} without a model configuration (model_config)", hint)
    size = file.attrs.get_id(name).get_storage_size()
    if size > MAX_CONFIG_BYTES:
        raise refusal(
            path,
            f"could not be read as a Keras model: its {name} is {size:,} bytes, more "
            f"than a model configuration may be ({MAX_CONFIG_BYTES:,})",
        )
    value = file.attrs[name]
    if hasattr(value, "decode"):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            value = None
    if not isinstance(value, str):
        raise refusal(path, f"could not be read as a Keras model: its {name} is not text")
    try:
        return json.loads(value)
    except json.JSONDecodeError as err:
        raise refusal(
            path,
            f"could not be read as a Keras model: its {name} is not JSON ({err.msg} at "
            f"line {err.lineno} column {err.colno})",
        ) from None
    except RecursionError:
        raise refusal(path, f"its {name} is nested more than {MAX_DEPTH} levels deep") from None
    except ValueError as err:  # e.g. an integer of more than 4,300 digits
        raise refusal(path, f"its {name} is not JSON Keras can read ({shown(str(err))})") from None


def read_h5_model_file(path: Path) -> dict[str, Any]:
    """Checks a legacy HDF5 model file; returns its configurations by attribute name.

    ``{"model_config": ..., "training_config": ...}`` (the second if the model was
    saved compiled).

    Raises:
        ValueError: naming the file and what it is not (damaged, weights only, no or a
            malformed ``model_config``, a name Keras does not read as HDF5).
    """
    # lazy: h5py comes with Keras; loading it costs ~40 ms, and only .h5 files need it
    import h5py

    try:
        with h5py.File(path, "r") as file:
            model = _attribute(path, file, "model_config", required=True)
            training = _attribute(path, file, "training_config", required=False)
    except OSError as err:
        raise refusal(
            path,
            f"is damaged: it starts as an HDF5 file but h5py cannot read it "
            f"({shown(' '.join(str(err).split()))}), so it could not be read as a Keras model",
            _DAMAGED,
        ) from None
    check_config(path, model, "model_config")
    if path.suffix.lower() not in H5_SUFFIXES:
        raise refusal(
            path,
            "is a Keras model saved as HDF5, but its name does not end in .h5",
            f"Rename it to {shown(path.with_suffix('.h5').name)}; Keras reads HDF5 models "
            "only under that name (or .hdf5).",
        )
    configs = {"model_config": model}
    if training is not None:
        configs["training_config"] = training
    return configs


def code_as_keras3(config: Any) -> Any:
    """A copy of ``config`` with Keras 2's Lambda code written as Keras 3 writes it.

    Keras 2 saved a lambda as ``"function": [code, defaults, closure]`` (with
    ``"function_type": "lambda"``); Keras 3 loads that list as a ``__lambda__`` (and
    runs it if allowed). In the copy, such a field is ``{"class_name": "__lambda__",
    ...}``, the form ``find_code`` looks for.
    """
    config = copy.deepcopy(config)
    stack = [config]
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(value)
            continue
        if not isinstance(value, dict):
            continue
        inner: Any = value.get("config")
        function = inner.get("function") if isinstance(inner, dict) else None
        if value.get("class_name") == "Lambda" and isinstance(function, list):
            inner["function"] = {"class_name": "__lambda__", "config": {}}
        stack.extend(value.values())
    return config


def compile_from_h5(
    model: Any, path: Path, training: dict[str, Any], custom_objects: dict[str, Any] | None
) -> None:
    """Compiles ``model`` as its HDF5 file's ``training_config`` says, optimizer state too.

    What Keras' HDF5 loader does, except that names of losses and metrics (``"mse"``,
    ``"mae"``) go to ``compile`` as they were written: Keras 3.15's loader fails on
    Keras' own short names, which Keras 2 and R keras files often hold.
    """
    # lazy: h5py and Keras' legacy loader, needed for .h5 files only (see read_h5_model_file)
    import h5py
    from keras.src.legacy.saving import legacy_h5_format, saving_utils

    from kernelkeras._backend import keras

    def restore(config: Any, deserialize: Any) -> Any:
        if config is None or isinstance(config, str):
            return config  # a name: compile() reads it, as when the model was compiled
        if isinstance(config, dict) and "class_name" in config:
            return deserialize(config)
        if isinstance(config, dict):
            return {key: restore(value, deserialize) for key, value in config.items()}
        if isinstance(config, list):
            return [restore(value, deserialize) for value in config]
        raise refusal(
            path,
            f"could not be read as a Keras model: its training_config holds {shown(config)} "
            "where a loss or metric belongs",
        )

    with keras.saving.CustomObjectScope(custom_objects or {}):
        model.compile(
            optimizer=keras.optimizers.deserialize(training["optimizer_config"]),
            loss=restore(training.get("loss"), keras.losses.deserialize),
            metrics=restore(training.get("metrics"), keras.metrics.deserialize),
            weighted_metrics=restore(training.get("weighted_metrics"), keras.metrics.deserialize),
            loss_weights=training.get("loss_weights"),
        )
    saving_utils.try_build_compiled_arguments(model)
    with h5py.File(path, "r") as file:
        if "optimizer_weights" not in file:
            return
        model.optimizer.build(model.trainable_variables)
        values = legacy_h5_format.load_optimizer_weights_from_hdf5_group(file)
        try:
            model.optimizer.set_weights(values)
        except ValueError:
            warnings.warn(
                f"load_model(): {shown(str(path))}: the saved optimizer state does not fit "
                "the optimizer, which starts afresh (as Keras does then).",
                UserWarning,
                stacklevel=3,
            )
