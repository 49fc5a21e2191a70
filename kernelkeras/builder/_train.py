"""The builder's compile-and-train panel: settings, data by name, checks before ``fit``.

Data is the bundled MNIST (scaled to 0-1, integer labels) or any two arrays of the
user's namespace picked by name. Before training, the data is checked against the
model so that a mismatch is a message naming the fix, not a Keras traceback.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import ipywidgets
import numpy as np
from IPython import get_ipython
from IPython.display import display

from kernelkeras._options import in_jupyter_kernel
from kernelkeras._text import shown
from kernelkeras.datasets import dataset_mnist
from kernelkeras.pipe import CONSTRUCTORS
from kernelkeras.plot import history_bundle
from kernelkeras.verbs import compile, evaluate, fit

MNIST = "MNIST (bundled)"
NAMESPACE = "Arrays in the notebook"
OPTIMIZERS = ["adam", "rmsprop", "sgd", "adamw", "adagrad", "adadelta", "nadam", "adamax"]
LOSSES = [
    "sparse_categorical_crossentropy",
    "categorical_crossentropy",
    "binary_crossentropy",
    "mean_squared_error",
    "mean_absolute_error",
    "huber",
]
#: What ``train()`` takes as keyword arguments: the panel's fields.
SETTINGS = (
    "optimizer",
    "learning_rate",
    "loss",
    "metrics",
    "source",
    "x_name",
    "y_name",
    "epochs",
    "batch_size",
    "validation_split",
)
METRICS = ["accuracy", "mae", "mse", "auc", "precision", "recall"]


@dataclass
class TrainData:
    """Training arrays and, for MNIST, the test arrays used to report test accuracy."""

    x: Any
    y: Any
    label: str
    x_test: Any = None
    y_test: Any = None


def user_namespace() -> dict[str, Any]:
    """The notebook's variables (empty outside IPython)."""
    shell = get_ipython()
    return dict(shell.user_ns) if shell is not None else {}


def array_names(namespace: dict[str, Any]) -> list[str]:
    """Names of the array variables (numpy arrays and tensors) a user could train on."""
    return sorted(
        name
        for name, value in namespace.items()
        if not name.startswith("_") and hasattr(value, "shape") and hasattr(value, "dtype")
    )


def _lookup(namespace: dict[str, Any], name: str, role: str) -> Any:
    name = name.strip()
    if not name:
        raise ValueError(f"No {role} array chosen: type the name of a variable that holds it.")
    if name not in namespace:
        arrays = ", ".join(array_names(namespace)) or "none yet"
        raise ValueError(
            f"There is no variable {name!r} in the notebook. Arrays it has: {arrays}. "
            f"Run the cell that defines {name} first, or pick another name."
        )
    value = namespace[name]
    if not (hasattr(value, "shape") and hasattr(value, "dtype")):
        raise ValueError(
            f"{name!r} is a {type(value).__name__}, not an array: convert it first, "
            f"e.g. {name} = numpy.asarray({name})."
        )
    return value


def load_data(source: str, x_name: str = "", y_name: str = "", namespace: Any = None) -> TrainData:
    """The arrays to train on: MNIST, or two arrays of ``namespace`` given by name."""
    if source == MNIST:
        mnist = dataset_mnist()
        scale = np.float32(1 / 255)
        return TrainData(
            mnist.train.x * scale, mnist.train.y, "MNIST", mnist.test.x * scale, mnist.test.y
        )
    namespace = user_namespace() if namespace is None else namespace
    x = _lookup(namespace, x_name, "input (x)")
    y = _lookup(namespace, y_name, "target (y)")
    if len(x) != len(y):
        raise ValueError(
            f"{x_name} has {len(x)} samples but {y_name} has {len(y)}: they must match "
            "one target per sample."
        )
    return TrainData(x, y, f"{x_name}, {y_name}")


def _shape(shape: Any) -> str:
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


def check_data(model: Any, data: TrainData, loss: str) -> None:
    """ValueError naming the fix when ``data`` cannot train ``model`` with ``loss``."""
    sample = tuple(data.x.shape[1:])
    try:
        inputs = model.inputs
    except AttributeError:  # a Sequential model without an input shape
        inputs = None
    if not inputs:
        raise ValueError(
            f"Row 0 (the input) has no shape. The data's samples have shape "
            f"{_shape(sample)}: set it with builder.set(0, shape={_shape(sample)}) or in "
            "row 0's form."
        )
    if len(inputs) != 1:
        raise ValueError(
            f"The model takes {len(inputs)} inputs; the builder trains one-input models. "
            "Train it in code: fit(model, [x1, x2], y)."
        )
    wanted = tuple(inputs[0].shape[1:])
    same = len(wanted) == len(sample)
    if not same or any(w not in (None, s) for w, s in zip(wanted, sample, strict=True)):
        hint = f"set row 0's shape to {_shape(sample)}"
        if int(np.prod(sample)) == int(np.prod([w or 0 for w in wanted])):
            hint += (
                f" and let the layers reshape (e.g. layer_flatten() or "
                f"layer_reshape(target_shape={_shape(wanted)}) after the input)"
            )
        raise ValueError(
            f"The data's samples have shape {_shape(sample)} ({data.label}) but the model's "
            f"input (row 0) is {_shape(wanted)}: {hint}."
        )
    outputs = model.outputs[0].shape[-1]
    labels = np.asarray(data.y)
    integer = labels.ndim == 1 and np.issubdtype(labels.dtype, np.integer)
    if loss == "sparse_categorical_crossentropy" and integer and len(labels):
        classes = int(labels.max()) + 1
        if outputs is not None and outputs < classes:
            raise ValueError(
                f"The labels go up to {classes - 1} ({classes} classes) but the last row "
                f"gives {outputs} output(s): make the last layer "
                f"layer_dense(units={classes}, activation='softmax')."
            )
    if loss == "categorical_crossentropy" and integer:
        raise ValueError(
            "categorical_crossentropy needs one-hot targets but the labels are integers: "
            "choose sparse_categorical_crossentropy, or one-hot them with to_categorical()."
        )


class TrainPanel(ipywidgets.VBox):
    """The compile-and-train settings, the Train button and the output area."""

    def __init__(self) -> None:
        wide = {"description_width": "110px"}
        self.optimizer = ipywidgets.Dropdown(
            options=OPTIMIZERS, value="adam", description="optimizer", style=wide
        )
        self.learning_rate = ipywidgets.BoundedFloatText(
            value=0.001, min=1e-7, max=10.0, step=0.0001, description="learning rate", style=wide
        )
        self.loss = ipywidgets.Dropdown(options=LOSSES, description="loss", style=wide)
        self.metrics = ipywidgets.SelectMultiple(
            options=METRICS, value=["accuracy"], rows=3, description="metrics", style=wide
        )
        self.source = ipywidgets.Dropdown(
            options=[MNIST, NAMESPACE], value=MNIST, description="data", style=wide
        )
        self.x_name = ipywidgets.Combobox(placeholder="x_train", description="x", style=wide)
        self.y_name = ipywidgets.Combobox(placeholder="y_train", description="y", style=wide)
        self.epochs = ipywidgets.BoundedIntText(
            value=5, min=1, max=100_000, description="epochs", style=wide
        )
        self.batch_size = ipywidgets.BoundedIntText(
            value=128, min=1, max=1_000_000, description="batch size", style=wide
        )
        self.validation_split = ipywidgets.BoundedFloatText(
            value=0.2, min=0.0, max=0.9, step=0.05, description="validation split", style=wide
        )
        self.train_button = ipywidgets.Button(
            description="Train", button_style="success", icon="play", tooltip="fit() the model"
        )
        self.train_button.add_class("kk-train")
        self.status = ipywidgets.HTML("")
        self.status.add_class("kk-train-status")
        self.output = ipywidgets.Output()
        self.output.add_class("kk-train-output")
        for name in ("optimizer", "loss", "metrics", "source", "x_name", "y_name"):
            getattr(self, name).layout.width = "360px"
        for name in SETTINGS:
            getattr(self, name).add_class(f"kk-{name.replace('_', '-')}")
        self._names = ipywidgets.HBox([self.x_name, self.y_name])
        self.source.observe(lambda _: self.refresh_names(), "value")
        settings = ipywidgets.HBox(
            [
                ipywidgets.VBox([self.optimizer, self.learning_rate, self.loss, self.metrics]),
                ipywidgets.VBox(
                    [self.source, self._names, self.epochs, self.batch_size, self.validation_split]
                ),
            ]
        )
        super().__init__([settings, ipywidgets.HBox([self.train_button, self.status]), self.output])
        self.refresh_names()

    def refresh_names(self) -> None:
        """Offers the notebook's current array variables as x and y."""
        names = array_names(user_namespace())
        self.x_name.options = names
        self.y_name.options = names
        self._names.layout.display = None if self.source.value == NAMESPACE else "none"

    def apply(self, settings: dict[str, Any]) -> None:
        """Sets the panel's fields from ``train()``'s keyword arguments.

        Every setting is checked first; one that is unknown, of the wrong type or out of
        its field's range raises with the reason and the range, and changes nothing (no
        value is clamped into range behind the user's back).
        """
        checked = {key: self._checked(key, value) for key, value in settings.items()}
        for key, value in checked.items():
            getattr(self, key).value = value

    def _checked(self, key: str, value: Any) -> Any:
        if key not in SETTINGS:
            raise TypeError(
                f"train(): unknown setting {shown(key)}; the settings are {', '.join(SETTINGS)}."
            )
        widget = getattr(self, key)
        if key == "metrics":
            value = (value,) if isinstance(value, str) else value
            if not isinstance(value, (list, tuple)):
                raise ValueError(f"train(): metrics={shown(value)}: give a list of names.")
            value = tuple(value)
        if isinstance(widget, (ipywidgets.Dropdown, ipywidgets.SelectMultiple)):
            choices = tuple(widget.options)
            items = value if key == "metrics" else (value,)
            bad = [item for item in items if item not in choices]
            if bad:
                raise ValueError(
                    f"train(): {key}={shown(value)} is not accepted. Choose from: "
                    f"{', '.join(map(str, choices))}."
                )
            return value
        if isinstance(widget, (ipywidgets.BoundedIntText, ipywidgets.BoundedFloatText)):
            whole = isinstance(widget, ipywidgets.BoundedIntText)
            kind = "an integer" if whole else "a number"
            number = isinstance(value, (int, float, np.integer, np.floating))
            if isinstance(value, (bool, np.bool_)) or not number:
                raise ValueError(f"train(): {key} must be {kind}, got {shown(value)}.")
            if whole and value != int(value):
                raise ValueError(f"train(): {key} must be a whole number, got {shown(value)}.")
            if not widget.min <= value <= widget.max:  # NaN fails this too
                raise ValueError(
                    f"train(): {key}={shown(value)} is out of range: use {kind} from "
                    f"{widget.min:,} to {widget.max:,}."
                )
            return int(value) if whole else float(value)
        if not isinstance(value, str):
            raise ValueError(
                f"train(): {key} must be a variable's name (a str), got {shown(value)}."
            )
        return value

    def run(self, model: Any) -> Any:
        """Loads and checks the data, compiles ``model``, fits it with the live chart.

        Returns the TrainingHistory; the final figure replaces the chart in the output.
        """
        data = load_data(self.source.value, self.x_name.value, self.y_name.value)
        check_data(model, data, self.loss.value)
        optimizer = CONSTRUCTORS[f"optimizer_{self.optimizer.value}"](
            learning_rate=self.learning_rate.value
        )
        compile(model, optimizer=optimizer, loss=self.loss.value, metrics=list(self.metrics.value))
        output = self.output
        output.clear_output()
        self.status.value = f"Training on {html.escape(data.label)}..."
        with output:
            history = fit(
                model,
                data.x,
                data.y,
                epochs=self.epochs.value,
                batch_size=self.batch_size.value,
                validation_split=self.validation_split.value,
                verbose=0,
            )
        note = f"Trained {len(history.epoch)} epoch(s) on {data.label}"
        if data.x_test is not None and history.epoch:
            scores = evaluate(model, data.x_test, data.y_test, verbose=0)
            note += "; test set: " + ", ".join(f"{k} {v:.4f}" for k, v in scores.items())
        self.status.value = (
            f"{html.escape(note)}. <code>builder.trained_model</code> and "
            "<code>builder.history</code> hold the results."
        )
        if in_jupyter_kernel():  # the live chart closes itself; its figure takes its place
            output.clear_output(wait=True)
            with output:
                display(history_bundle(history, note), raw=True)
        return history
