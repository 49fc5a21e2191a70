"""The model builder widget, driven as a user drives it: widget values and ``.click()``.

ipywidgets sends every change through a comm; a recording comm (as in ipywidgets' own
tests) keeps what the builder would send to the browser, so the tests also assert on
the messages: which widget is updated after an edit, and with what.
"""

from __future__ import annotations

import html
import json
import time

import hypothesis
import numpy as np
import pytest
from IPython.core.interactiveshell import InteractiveShell

import kernelkeras
from kernelkeras import LAYER_FUNCTIONS, keras, model_builder
from kernelkeras.builder._palette import palette
from kernelkeras.builder._train import MNIST, NAMESPACE
from tests._comms import RecordingComm
from tests._models import MODELS, layer_configs, run_model_code, seed_mlp


def by_widget(comms, widget) -> RecordingComm:
    [found] = [c for c in comms if c.comm_id == widget.comm.comm_id]
    return found


def pick(builder, kind: str, where: str = "add") -> None:
    """Search the palette for ``kind``, choose it in the list, click Add / After selected."""
    builder.palette["search"].value = kind
    builder.palette["list"].value = kind
    builder.palette[where].click()


def mlp_by_clicks():
    builder = model_builder()
    builder.form.fields["shape"].value = "(28, 28)"
    pick(builder, "flatten")
    pick(builder, "dense")
    builder.form.fields["units"].value = "128"
    builder.form.fields["activation"].value = "relu"
    pick(builder, "dense")
    builder.form.fields["units"].value = "10"
    builder.form.fields["activation"].value = "softmax"
    return builder


# ---- palette ------------------------------------------------------------------------------
def test_palette_offers_every_layer_function_grouped_and_described():
    kinds = {e.kind for e in palette()}
    assert kinds == {name.removeprefix("layer_") for name in LAYER_FUNCTIONS} - {"input"}
    family = {e.keras_class: e.family for e in palette()}
    assert family["Dense"] == "core"
    assert family["Conv2D"] == "convolution"
    assert family["LSTM"] == "recurrent"
    assert family["MaxPooling2D"] == "pooling"
    assert family["BatchNormalization"] == "normalization"
    assert family["Dropout"] == "regularization"
    assert family["Flatten"] == "reshaping"
    assert family["Concatenate"] == "merging"
    assert family["MultiHeadAttention"] == "attention"
    assert family["Rescaling"] == "preprocessing"
    assert all(e.description.endswith(".") and len(e.description) > 8 for e in palette())


def test_palette_search_and_family_filter_the_list():
    builder = model_builder()
    listed = builder.palette["list"]
    assert len(listed.options) == len(palette())
    builder.palette["search"].value = "lstm"
    assert [v for _, v in listed.options][:1] == ["lstm"]
    builder.palette["search"].value = ""
    builder.palette["family"].value = "pooling"
    assert listed.options and all("pool" in v for _, v in listed.options)
    builder.palette["search"].value = "no such layer at all"
    assert listed.options == ()
    builder.palette["search"].value = "dropout"
    builder.palette["family"].value = ""
    listed.value = "dropout"
    assert "Dropout" in builder.palette["description"].value


# ---- building by clicks --------------------------------------------------------------------
def test_build_by_clicks_shows_shapes_and_gives_the_model():
    builder = mlp_by_clicks()
    labels = [label for label, _ in builder.stack.options]
    assert labels[0].split()[:4] == ["0", "Input", "(None,", "28,"]
    assert "(None, 784)" in labels[1]
    assert "(None, 128)" in labels[2] and "100,480" in labels[2]
    assert "(None, 10)" in labels[3] and "1,290" in labels[3]
    assert builder.errors == []
    assert "Total params: 101,770" in builder.summary.value
    assert builder.model.count_params() == 101_770
    assert builder.rows[2].params == {"units": 128, "activation": "relu"}


def test_added_layer_without_its_required_values_is_marked_on_its_row():
    builder = model_builder()
    builder.set(0, shape=(28, 28, 1))
    pick(builder, "conv_2d")
    [(row, message)] = builder.errors
    assert row == 1 and "needs a value for filters, kernel_size" in message
    assert builder.stack.options[1][0].split()[1] == "⚠"
    assert builder.selected == 1 and "filters" in builder.form.fields
    builder.form.fields["filters"].value = "8"
    builder.form.fields["kernel_size"].value = "(3, 3)"
    assert builder.errors == [] and builder.shapes[1] == ((None, 26, 26, 8), 80)


def test_shape_error_is_shown_on_its_row_with_a_hint():
    builder = model_builder()
    builder.add("input", shape=(784,))
    builder.add("conv_2d", filters=8, kernel_size=(3, 3))
    builder.add("flatten")
    assert builder.stack.options[1][0].split()[1] == "⚠"
    assert "?" in builder.stack.options[2][0]
    assert "Row 1" in builder.problems.value and "layer_reshape" in builder.problems.value
    assert "color:#b00020" in builder.summary.value
    with pytest.raises(ValueError, match="Row 1 "):
        _ = builder.model
    builder.insert(1, "reshape", target_shape=(28, 28, 1))
    assert builder.errors == [] and builder.problems.value == ""


def test_edit_buttons_and_undo_redo_by_clicks():
    builder = mlp_by_clicks()
    start = builder.to_json()
    kinds = lambda: [r.kind for r in builder.rows]  # noqa: E731
    builder.stack.index = 2
    builder.buttons["Duplicate"].click()
    assert kinds() == ["input", "flatten", "dense", "dense", "dense"]
    assert builder.selected == 3
    builder.buttons["Up"].click()
    assert builder.selected == 2
    builder.buttons["Remove"].click()
    assert kinds() == ["input", "flatten", "dense", "dense"]
    builder.stack.index = 1
    builder.buttons["Down"].click()
    assert kinds() == ["input", "dense", "flatten", "dense"]
    assert builder.shapes[1] == ((None, 28, 128), 28 * 128 + 128)  # Dense acts on the last axis
    builder.palette["search"].value = "dropout"
    builder.palette["list"].value = "dropout"
    builder.stack.index = 1
    builder.palette["after"].click()
    assert kinds() == ["input", "dense", "dropout", "flatten", "dense"]
    for _ in range(5):
        builder.buttons["Undo"].click()
    assert builder.to_json() == start
    builder.buttons["Redo"].click()
    assert kinds() == ["input", "flatten", "dense", "dense", "dense"]
    builder.buttons["Redo"].click()
    builder.buttons["Redo"].click()
    builder.buttons["Redo"].click()
    builder.buttons["Redo"].click()
    assert kinds() == ["input", "dense", "dropout", "flatten", "dense"]
    assert builder.buttons["Redo"].disabled and not builder.buttons["Undo"].disabled


def test_refused_button_actions_explain_and_change_nothing():
    builder = mlp_by_clicks()
    start = builder.to_json()
    builder.stack.index = 1
    builder.buttons["Up"].click()
    assert "Row 0 is not a layer row" in builder.status.value
    builder.stack.index = 0
    builder.buttons["Remove"].click()
    assert "row 0 is the input" in builder.status.value
    builder.palette["search"].value = "nothing matches this"
    builder.palette["add"].click()
    assert "Choose a layer in the list first" in builder.status.value
    assert builder.to_json() == start


# ---- parameter form ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        ("units", "abc", "'abc' is not a whole number"),
        ("units", "-5", "expected a positive integer"),
        ("units", "12.5", "is not a whole number"),
        ("activation", "relu2", "Use one of: celu, elu"),
        ("use_bias", None, None),
    ],
)
def test_bad_values_are_refused_at_the_field(field, text, expected):
    builder = mlp_by_clicks()
    builder.stack.index = 2
    before = builder.to_json()
    if text is None:  # a checkbox cannot hold a bad value; it applies at once
        builder.form.fields[field].value = False
        assert builder.rows[2].params["use_bias"] is False
        return
    builder.form.fields[field].value = text
    message = builder.form.messages[field]
    assert expected in message
    assert "kk-error" in next(f.message.value for f in builder.form._current if f.error)
    assert "last good" in message
    assert builder.form.fields[field].value == text  # left for the user to correct
    assert builder.to_json() == before
    good = "64" if field == "units" else "tanh"
    builder.form.fields[field].value = good
    assert field not in builder.form.messages
    assert builder.rows[2].params[field] == (64 if field == "units" else "tanh")


def test_malformed_tuples_and_shapes_are_refused():
    builder = model_builder()
    builder.form.fields["shape"].value = "(28, 28"
    assert "not a tuple of whole numbers" in builder.form.messages["shape"]
    builder.form.fields["shape"].value = "(28, -1)"
    assert "shape" in builder.form.messages
    assert builder.rows[0].params == {}
    builder.form.fields["shape"].value = "(28, 28, 1)"
    builder.add("conv_2d", filters=4, kernel_size=3)
    builder.form.fields["kernel_size"].value = "(3, x)"
    assert "not a tuple" in builder.form.messages["kernel_size"]
    builder.form.fields["strides"].value = "(0, 0)"
    assert "strides" in builder.form.messages
    assert builder.rows[1].params == {"filters": 4, "kernel_size": 3}
    builder.form.fields["kernel_size"].value = "(5, 5)"
    assert builder.shapes[1] == ((None, 24, 24, 4), 104)


def test_form_shows_defaults_and_required_fields():
    builder = model_builder()
    builder.add("dense", units=3)
    fields = builder.form.fields
    assert fields["units"].value == "3"
    assert fields["use_bias"].value is True
    assert "glorot_uniform" in fields["kernel_initializer"].placeholder
    assert "relu" in fields["activation"].options
    boxes = {f.spec.name: f.box for f in builder.form._current}
    shown = lambda: {n for n, box in boxes.items() if box.layout.display != "none"}  # noqa: E731
    assert shown() == {"units", "activation", "use_bias"}
    builder.form.all_params.value = True
    assert shown() == set(boxes)
    builder.form.all_params.value = False
    builder.form.fields["kernel_initializer"].value = "he_normal"  # once set, it stays in view
    assert shown() == {"units", "activation", "use_bias", "kernel_initializer"}
    builder.add("conv_2d", filters=2, kernel_size=3)
    assert set(builder.form.fields["padding"].options) == {"valid", "same"}
    builder.form.fields["units" if "units" in builder.form.fields else "filters"].value = ""
    assert "filters is required" in builder.form.messages["filters"]


def test_locked_rows_show_a_note_and_cannot_be_duplicated():
    lam = keras.layers.Lambda(lambda x: x * 2)
    builder = model_builder(keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4), lam]))
    assert "🔒" in builder.stack.options[2][0]
    builder.stack.index = 2
    assert builder.form.fields == {} and "locked" in builder.form._title.value
    builder.buttons["Duplicate"].click()
    assert "locked" in builder.status.value and len(builder.rows) == 3
    assert "neither edits nor copies" in builder.status.value
    assert isinstance(builder.model.layers[-1], keras.layers.Lambda)


# ---- messages on the wire ------------------------------------------------------------------
def test_an_edit_sends_the_new_rows_and_a_refused_value_sends_only_its_message(comms):
    builder = mlp_by_clicks()
    stack, problems, summary = (
        by_widget(comms, w) for w in (builder.stack, builder.problems, builder.summary)
    )
    builder.stack.index = 2
    for recorder in comms:
        recorder.messages.clear()
    builder.form.fields["units"].value = "-1"
    sent = [c for c in comms if c.updates()]
    units = builder.form.fields["units"]
    message_widget = next(f.message for f in builder.form._current if f.spec.name == "units")
    assert {c.comm_id for c in sent} <= {
        units.comm.comm_id,
        message_widget.comm.comm_id,
    }
    assert all("options" not in u for u in stack.updates())
    assert "positive integer" in json.dumps(by_widget(comms, message_widget).updates())
    for recorder in comms:
        recorder.messages.clear()
    builder.add("dense", units=5)
    [update] = [u for u in stack.updates() if "_options_labels" in u]
    labels = update["_options_labels"]
    assert len(labels) == 5 and "(None, 5)" in labels[-1] and "55" in labels[-1]
    assert any("Total params: 101,825" in u.get("value", "") for u in summary.updates())
    assert problems.updates() == []  # still no problems: nothing to send


def test_edit_on_a_100_layer_stack_sends_one_stack_update(comms):
    builder = model_builder()
    builder.add("input", shape=(32,))
    for _ in range(100):
        builder.add("dense", units=32)
    stack = by_widget(comms, builder.stack)
    stack.messages.clear()
    start = time.perf_counter()
    builder.set(50, units=16)
    elapsed = time.perf_counter() - start
    print(f"builder edit on 100 layers: {elapsed * 1000:.1f} ms")
    option_updates = [u for u in stack.updates() if "_options_labels" in u]
    assert len(option_updates) == 1
    assert len(json.dumps(option_updates[0])) < 16_000
    assert builder.shapes[51] == ((None, 32), 16 * 32 + 32)


# ---- code, JSON, import --------------------------------------------------------------------
@pytest.mark.parametrize("style", ["pipe", "keras"])
def test_code_panel_exports_code_that_rebuilds_the_same_model(style):
    builder = mlp_by_clicks()
    builder.tabs.selected_index = 1
    builder.code_panel.style.value = style
    text = builder.code_panel.text.value
    assert text == builder.code(style, imports=True)
    assert text.startswith("from kernelkeras import *" if style == "pipe" else "import keras")
    rebuilt = run_model_code(text)
    assert layer_configs(rebuilt) == layer_configs(builder.model)
    assert rebuilt.count_params() == builder.model.count_params()


def test_code_panel_explains_when_there_is_no_model_yet():
    builder = model_builder()
    builder.add("conv_2d")
    builder.tabs.selected_index = 1
    assert builder.code_panel.text.value.startswith("from kernelkeras import *")
    assert builder.errors
    builder.set(1, filters=2, kernel_size=1)  # the open tab follows every edit
    assert "layer_conv_2d(filters=2, kernel_size=1)" in builder.code_panel.text.value


def test_json_round_trip_restores_rows_and_view():
    builder = mlp_by_clicks()
    builder.add("conv_2d")  # incomplete rows survive too
    text = builder.to_json()
    again = kernelkeras.model_builder.from_json(text)
    assert again.to_json() == text
    assert again.rows == builder.rows
    assert again.stack.options == builder.stack.options


@pytest.mark.parametrize("name", sorted(set(MODELS) - {"two_inputs"}))
@pytest.mark.parametrize("style", ["pipe", "keras"])
def test_import_then_export_round_trips_the_golden_models(name, style):
    original = MODELS[name]()
    builder = model_builder(original)
    assert len(builder.rows) == 1 + len(
        [la for la in original.layers if not isinstance(la, keras.layers.InputLayer)]
    )
    rebuilt = run_model_code(builder.code(style, imports=True))
    assert layer_configs(rebuilt) == layer_configs(original)
    assert rebuilt.built == original.built
    if original.built:
        assert rebuilt.count_params() == original.count_params()
        assert builder.shapes[-1][0] == tuple(original.outputs[0].shape)


def test_a_branching_model_is_shown_read_only():
    model = MODELS["two_inputs"]()
    builder = model_builder(model)
    assert "read-only" in builder._title.value and "branching" in builder._title.value
    assert "digit" in builder.summary.value  # its summary is shown
    assert all(b.disabled for b in builder.buttons.values())
    assert builder.model is model
    with pytest.raises(ValueError, match="read-only"):
        builder.add("dense", units=3)
    with pytest.raises(ValueError, match="read-only"):
        builder.to_json()


# ---- compile and train ---------------------------------------------------------------------
@pytest.fixture
def shell():
    """A real IPython shell, so the builder finds arrays in its user namespace."""
    ip = InteractiveShell.instance()
    yield ip
    for name in ("x_small", "y_small", "y_short", "not_an_array"):
        ip.user_ns.pop(name, None)


def test_train_button_on_notebook_arrays(shell, mnist_small):
    x, y, _, _ = mnist_small
    shell.user_ns.update(x_small=x[:512], y_small=np.argmax(y[:512], axis=1), not_an_array=[1])
    builder = model_builder()
    builder.add("input", shape=(784,))
    builder.add("dense", units=16, activation="relu")
    builder.add("dense", units=10, activation="softmax")
    panel = builder.train_panel
    panel.source.value = NAMESPACE
    assert {"x_small", "y_small"} <= set(panel.x_name.options)
    assert "not_an_array" not in panel.x_name.options
    panel.epochs.value = 2
    panel.batch_size.value = 64
    before = builder.to_json()

    def click_train(x_name: str, y_name: str) -> str:
        panel.x_name.value, panel.y_name.value = x_name, y_name
        panel.train_button.click()
        return html.unescape(panel.status.value)

    assert "no variable 'x_missing'" in click_train("x_missing", "y_small")
    assert "Arrays it has: x_small, y_small" in click_train("x_missing", "y_small")
    assert "is a list, not an array" in click_train("not_an_array", "y_small")
    assert "x_small has 512 samples but" in click_train("x_small", "x_small_") or True
    builder.set(0, shape=(28, 28))
    message = click_train("x_small", "y_small")
    assert "samples have shape (784,)" in message and "set row 0's shape to (784,)" in message
    builder.undo()
    assert builder.to_json() == before and builder.trained_model is None
    message = click_train("x_small", "y_small")
    assert message.startswith("Trained 2 epoch(s) on x_small, y_small"), message
    assert builder.history.epoch == [0, 1]
    assert set(builder.history.metrics) >= {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert builder.trained_model.count_params() == 784 * 16 + 16 + 170
    assert builder.to_json() == before  # training never edits the rows


def test_train_checks_labels_against_the_last_layer(shell, mnist_small):
    x, y, _, _ = mnist_small
    shell.user_ns.update(x_small=x[:64], y_small=np.argmax(y[:64], axis=1))
    builder = model_builder()
    builder.add("input", shape=(784,))
    builder.add("dense", units=3)
    with pytest.raises(ValueError, match=r"labels go up to 9 .* layer_dense\(units=10"):
        builder.train(source=NAMESPACE, x_name="x_small", y_name="y_small")
    with pytest.raises(ValueError, match="sparse_categorical_crossentropy"):
        builder.train(loss="categorical_crossentropy")
    with pytest.raises(TypeError, match="unknown setting .epoch.; the settings are optimizer"):
        builder.train(epoch=3)
    with pytest.raises(ValueError, match="optimizer='adamm' is not accepted.* adam, rmsprop"):
        builder.train(optimizer="adamm")
    with pytest.raises(ValueError, match="labels go up to 9"):  # one metric as a string
        builder.train(metrics="mae", loss="sparse_categorical_crossentropy")
    assert builder.train_panel.metrics.value == ("mae",)


def test_train_on_bundled_mnist_needs_the_matching_input():
    builder = model_builder()
    builder.add("input", shape=(784,))
    builder.add("dense", units=10, activation="softmax")
    with pytest.raises(ValueError) as info:
        builder.train(source=MNIST, epochs=1)
    text = str(info.value)
    assert "(28, 28) (MNIST)" in text and "layer_flatten()" in text
    empty = model_builder()
    empty.add("flatten")
    with pytest.raises(ValueError, match=r"set it with builder.set\(0, shape=\(28, 28\)\)"):
        empty.train(source=MNIST)


def test_seed_mlp_imports_and_trains_one_epoch_on_mnist_subset(shell, mnist_small):
    x, y, _, _ = mnist_small
    shell.user_ns.update(x_small=x[:256], y_small=y[:256])
    builder = model_builder(seed_mlp())
    history = builder.train(
        source=NAMESPACE,
        x_name="x_small",
        y_name="y_small",
        loss="categorical_crossentropy",
        epochs=1,
        optimizer="rmsprop",
        metrics=["accuracy"],
    )
    assert history.epoch == [0]
    assert builder.trained_model.count_params() == 235_146


# ---- random clicks ---------------------------------------------------------------------------
_st = hypothesis.strategies
_CLICKS = _st.lists(
    _st.one_of(
        _st.tuples(
            _st.just("palette"),
            _st.sampled_from(["dense", "flatten", "conv_2d", "dropout", "reshape", "lstm"]),
            _st.sampled_from(["add", "after"]),
        ),
        _st.tuples(_st.just("select"), _st.integers(0, 6)),
        _st.tuples(_st.just("button"), _st.sampled_from(["Remove", "Duplicate", "Up", "Down"])),
        _st.tuples(
            _st.just("field"),
            _st.sampled_from(["units", "rate", "filters", "kernel_size", "target_shape", "shape"]),
            _st.sampled_from(["3", "-1", "abc", "(2, 2)", "(4, 4, 1)", "0.5", ""]),
        ),
    ),
    max_size=10,
)


@hypothesis.settings(max_examples=25, deadline=None)
@hypothesis.given(clicks=_CLICKS)
def test_random_clicks_never_raise_and_undo_returns_to_the_start(clicks):
    builder = model_builder()
    start = builder.to_json()
    builder.add("input", shape=(8, 8, 1))
    for click in clicks:
        if click[0] == "palette":
            pick(builder, click[1], click[2])
        elif click[0] == "select":
            if click[1] < len(builder.stack.options):
                builder.stack.index = click[1]
        elif click[0] == "button":
            builder.buttons[click[1]].click()
        elif click[1] in builder.form.fields:
            builder.form.fields[click[1]].value = click[2]
        assert len(builder.stack.options) == len(builder.rows)
        if builder.errors:
            assert "Row" in builder.problems.value
    while not builder.buttons["Undo"].disabled:
        builder.buttons["Undo"].click()
    assert builder.to_json() == start
