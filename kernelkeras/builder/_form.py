"""``ParamForm``: the builder's form for the selected row, generated from the layer class.

One field per parameter of the layer (see :func:`field_specs`): a checkbox for
booleans, a text box with suggestions for choices (activations, padding, initializer
names), a text box for numbers and tuples. The default shows as the placeholder; a
value is sent to the builder when the box loses focus or Enter is pressed. A value
that cannot be used is refused at its field with the reason, the text stays for the
user to correct, and the layer keeps its last good configuration.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets

from kernelkeras.builder._params import EMPTY, FieldSpec, field_specs, format_value, parse_value
from kernelkeras.builder._rows import BuilderRow

#: Row 0's only field.
SHAPE_SPEC = FieldSpec(
    "shape",
    "tuple",
    None,
    help="The shape of one sample, without the batch axis: (28, 28) for MNIST images, "
    "(784,) for flat vectors. Empty for a model whose input is set later.",
)
#: Shown only with "All parameters" (or once set): what most models leave at the default.
_ADVANCED_SUFFIXES = ("_initializer", "_regularizer", "_constraint")
_ADVANCED = {
    "dtype",
    "trainable",
    "seed",
    "lora_rank",
    "lora_alpha",
    "quantization_config",
    "data_format",
    "noise_shape",
    "use_cudnn",
    "weights",
    "autocast",
}


def advanced(spec: FieldSpec) -> bool:
    """Whether a field is folded away until "All parameters" is ticked."""
    return not spec.required and (spec.name in _ADVANCED or spec.name.endswith(_ADVANCED_SUFFIXES))


#: ``submit(row index, parameter, value)``: None when accepted, else the reason.
Submit = Callable[[int, str, Any], "str | None"]


class _Field:
    """One parameter's label, input and message line."""

    def __init__(self, spec: FieldSpec, on_change: Callable[[_Field], None]) -> None:
        self.spec = spec
        self.syncing = False
        label = f"<b>{spec.name}</b>*" if spec.required else spec.name
        tip = html.escape(spec.help or spec.name, quote=True)
        self.label = ipywidgets.HTML(
            f'<span title="{tip}">{label}</span>',
            layout=ipywidgets.Layout(width="170px", min_width="170px", overflow="hidden"),
        )
        placeholder = "required" if spec.required else f"{format_value(spec.default)} (default)"
        self.input: ipywidgets.ValueWidget
        if spec.kind == "bool":
            self.input = ipywidgets.Checkbox(indent=False, description="", tooltip=spec.help)
        elif spec.kind == "choice":
            self.input = ipywidgets.Combobox(
                options=list(spec.choices),
                placeholder=placeholder,
                ensure_option=False,
                continuous_update=False,
            )
        else:
            self.input = ipywidgets.Text(placeholder=placeholder, continuous_update=False)
        self.input.layout = ipywidgets.Layout(width="auto", flex="1 1 auto", min_width="0")
        self.input.add_class(f"kk-field-{spec.name}")
        self.error = ""  # the message shown under the field, as plain text
        self.message = ipywidgets.HTML("")
        self.message.add_class("kk-field-message")
        self.box = ipywidgets.VBox(
            [ipywidgets.HBox([self.label, self.input]), self.message],
            layout=ipywidgets.Layout(margin="0 0 2px 0"),
        )
        self.input.observe(lambda _: None if self.syncing else on_change(self), "value")

    def show(self, params: dict[str, Any]) -> None:
        value = params.get(self.spec.name, self.spec.default)
        self.syncing = True
        try:
            if self.spec.kind == "bool":
                self.input.value = bool(value)
            else:
                shown = self.spec.name in params or self.spec.kind == "choice"
                self.input.value = format_value(value) if shown and value is not None else ""
        finally:
            self.syncing = False
        self.refuse("")

    def refuse(self, reason: str) -> None:
        """Shows why the value was refused under the field (``""`` clears it)."""
        self.error = reason
        style = "color:#b00020"
        self.message.value = (
            f"<span class='kk-error' style='{style}'>{html.escape(reason)}</span>" if reason else ""
        )

    def text(self) -> str:
        value = self.input.value
        return str(value) if not isinstance(value, bool) else ("True" if value else "False")


class ParamForm(ipywidgets.VBox):
    """The parameter form of one row; ``submit`` applies a value or returns the reason."""

    def __init__(self, submit: Submit) -> None:
        self._submit = submit
        self._title = ipywidgets.HTML("<i>Select a row to see its parameters.</i>")
        self._fields = ipywidgets.VBox(
            layout=ipywidgets.Layout(overflow="auto", max_height="520px")
        )
        self.all_params = ipywidgets.Checkbox(
            value=False,
            indent=False,
            description="All parameters",
        )
        self.all_params.add_class("kk-all-params")
        self.all_params.observe(lambda _: self._fold(), "value")
        self._cache: dict[Any, list[_Field]] = {}
        self._current: list[_Field] = []
        self._params: dict[str, Any] = {}
        self.index = -1
        super().__init__([self._title, self._fields, self.all_params])
        self.add_class("kk-builder-form")

    @property
    def fields(self) -> dict[str, Any]:
        """The input widgets shown now, by parameter name (for tests and notebooks)."""
        return {f.spec.name: f.input for f in self._current}

    @property
    def messages(self) -> dict[str, str]:
        """The message under each field now (empty when the value was accepted)."""
        return {f.spec.name: f.error for f in self._current if f.error}

    def show(self, row: BuilderRow | None, cls: type | None, read_only: str = "") -> None:
        """Shows ``row``'s fields (``cls`` is its Keras class; None for the input row)."""
        if row is None:
            self.index = -1
            self._title.value = "<i>Select a row to see its parameters.</i>"
            self._set_fields([])
            return
        self.index = row.index
        name = f"Row {row.index}: {html.escape(row.keras_class)}"
        if row.index == 0:
            name = "Row 0: the input"
        if read_only or row.locked:
            why = read_only or (
                "This layer is locked: the builder cannot edit its arguments (it keeps "
                "its saved configuration or Python code). Move or remove it, or edit it in code."
            )
            self._title.value = f"<b>{name}</b><div class='kk-note'>{html.escape(why)}</div>"
            self._set_fields([])
            return
        key: Any = "input" if cls is None else cls
        if key not in self._cache:
            specs = (SHAPE_SPEC,) if cls is None else field_specs(cls)
            self._cache[key] = [_Field(spec, self._changed) for spec in specs]
        fields = self._cache[key]
        for f in fields:
            f.show(row.params)
        required = " <small>(* required; hover a name for its help)</small>"
        self._title.value = f"<b>{name}</b>{required if cls is not None else ''}"
        self._params = row.params
        self._set_fields(fields)
        self._fold()

    def _set_fields(self, fields: list[_Field]) -> None:
        if fields is not self._current:
            self._current = fields
            self._fields.children = [f.box for f in fields]
        self.all_params.layout.display = None if any(advanced(f.spec) for f in fields) else "none"

    def _fold(self) -> None:
        """Hides the advanced fields that are unset, unless "All parameters" is ticked."""
        for f in self._current:
            shown = self.all_params.value or not advanced(f.spec) or f.spec.name in self._params
            f.box.layout.display = None if shown or f.error else "none"

    def _changed(self, field: _Field) -> None:
        if self.index < 0:
            return
        try:
            value = parse_value(field.spec, field.text())
        except ValueError as err:
            field.refuse(f"{err} The layer keeps its last good value.")
            return
        if value is EMPTY:
            value = None
        field.refuse(self._submit(self.index, field.spec.name, value) or "")
