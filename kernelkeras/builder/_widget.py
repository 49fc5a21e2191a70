"""``model_builder()``: the visual model builder, an ipywidgets view over a BuilderState.

Every button and field calls the same Python API that notebooks and tests use
(``add``, ``insert``, ``remove``, ``duplicate``, ``move``, ``set``, ``undo``, ``redo``,
``train``); after each edit the stack, the form, the problems list and the summary are
redrawn from the state, so data flows one way: state -> widgets. A refused edit shows
its reason in the builder and changes nothing.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable
from typing import Any, TypeVar

import ipywidgets

from kernelkeras._backend import keras
from kernelkeras.builder._form import ParamForm
from kernelkeras.builder._panels import CodePanel, PalettePanel, stack_label, summary_html
from kernelkeras.builder._state import BuilderState
from kernelkeras.builder._train import TrainPanel
from kernelkeras.frames import summary

F = TypeVar("F", bound=Callable[..., Any])
_EDIT_ERRORS = (ValueError, TypeError, NotImplementedError)


def _from_ui(method: F) -> F:
    """A button handler: its refusal becomes the builder's status line, never a traceback."""

    @functools.wraps(method)
    def handler(self: ModelBuilder, *args: Any) -> None:
        try:
            method(self, *args)
        except Exception as err:  # shown to the user, whatever it is
            self.report(str(err) or type(err).__name__, error=True)

    return handler  # type: ignore[return-value]


class ModelBuilder(ipywidgets.VBox):
    """The model builder widget: palette, stack, parameter form, train panel, code.

    Build it with :func:`model_builder`. Rows are numbered from 0; row 0 is the input.

    Example:
        >>> builder = model_builder()
        >>> builder.add("input", shape=(28, 28))
        >>> builder.add("flatten")
        >>> builder.add("dense", units=10, activation="softmax")
        >>> builder.model.count_params()
        7850
    """

    def __init__(self, state: BuilderState | None = None, read_only: Any = None) -> None:
        self._state = state or BuilderState()
        self._read_only = read_only  # a branching Keras model, shown but not edited
        #: The last model trained with Train (or :meth:`train`) and its history.
        self.trained_model: Any = None
        self.history: Any = None
        self.selected = 0
        self._syncing = False
        self._title = ipywidgets.HTML()
        self.status = ipywidgets.HTML("")
        self.status.add_class("kk-builder-status")
        self.palette_panel = PalettePanel(
            self._button("Add", "plus", "Add the chosen layer at the end"),
            self._button("After selected", "level-down", "Insert after the selected row"),
        )
        #: The palette's widgets: search, family, list, description, add, after.
        self.palette = self.palette_panel.widgets
        self.stack = ipywidgets.Select(rows=14, layout=ipywidgets.Layout(width="auto"))
        self.stack.add_class("kk-builder-stack")
        self.stack.observe(self._on_select, "index")
        self.buttons = {
            name: self._button(name, icon, tip)
            for name, icon, tip in [
                ("Remove", "trash", "Remove the selected row"),
                ("Duplicate", "copy", "Insert a copy of the selected row after it"),
                ("Up", "arrow-up", "Move the selected row up"),
                ("Down", "arrow-down", "Move the selected row down"),
                ("Undo", "undo", "Undo the last edit"),
                ("Redo", "redo", "Redo the last undone edit"),
            ]
        }
        self.problems = ipywidgets.HTML("")
        self.problems.add_class("kk-builder-problems")
        self.summary = ipywidgets.HTML("")
        self.totals = ipywidgets.HTML("")
        self.totals.add_class("kk-builder-total")
        self.form = ParamForm(self._submit)
        self.train_panel = TrainPanel()
        self.train_panel.train_button.on_click(lambda _: self._train_clicked())
        self.code_panel = CodePanel(self.code)
        super().__init__(self._layout())
        self.add_class("kk-builder")
        self._refresh()

    # ---- the Python API (the widgets call these too) -----------------------------------
    def _edit(self, select: Callable[[], int], action: Callable[[], Any]) -> None:
        if self._read_only is not None:
            raise ValueError(self._read_only_reason())
        action()
        self.selected = select()
        self._refresh()

    def add(self, kind: str, **params: Any) -> None:
        """Appends a layer row (``add("input", shape=...)`` sets row 0's shape)."""
        self._edit(
            lambda: 0 if kind == "input" else len(self._state.rows) - 1,
            lambda: self._state.add(kind, **params),
        )

    def insert(self, index: int, kind: str, **params: Any) -> None:
        """Inserts a layer row at ``index``; later rows move down."""
        self._edit(lambda: index, lambda: self._state.insert(index, kind, **params))

    def remove(self, index: int) -> None:
        """Removes layer row ``index``."""
        self._edit(lambda: index - 1, lambda: self._state.remove(index))

    def duplicate(self, index: int) -> None:
        """Inserts a copy of layer row ``index`` after it."""
        self._edit(lambda: index + 1, lambda: self._state.duplicate(index))

    def move(self, index: int, new_index: int) -> None:
        """Moves layer row ``index`` to ``new_index``."""
        self._edit(lambda: new_index, lambda: self._state.move(index, new_index))

    def set(self, index: int, **params: Any) -> None:
        """Changes parameters of row ``index``; a bad value raises and changes nothing."""
        self._edit(lambda: index, lambda: self._state.set(index, **params))

    def undo(self) -> bool:
        """Undoes the last edit; False if there was nothing to undo."""
        done = self._state.undo()
        self._refresh()
        return done

    def redo(self) -> bool:
        """Redoes the last undone edit; False if there was nothing to redo."""
        done = self._state.redo()
        self._refresh()
        return done

    @property
    def rows(self) -> Any:
        """Every row (index, kind, keras_class, params, locked), the input first."""
        return self._state.rows

    @property
    def shapes(self) -> Any:
        """(output shape, parameter count) per row; None where unknown."""
        return self._state.shapes

    @property
    def errors(self) -> list[tuple[int, str]]:
        """(row index, message with a hint) for each row at fault."""
        return self._state.errors

    @property
    def frame(self) -> Any:
        """The summary frame of the rows, with an ``error`` column."""
        return self._state.frame

    @property
    def model(self) -> Any:
        """A newly built Keras model; ValueError listing the rows at fault."""
        if self._read_only is not None:
            return self._read_only
        return self._state.model

    def code(self, style: str = "pipe", imports: bool = False) -> str:
        """The model as kernelkeras pipe code (``"pipe"``) or plain Keras (``"keras"``)."""
        if self._read_only is not None:
            raise ValueError(self._read_only_reason())
        return self._state.code(style, imports)

    def to_json(self) -> str:
        """The rows as JSON text; :meth:`from_json` rebuilds the same builder."""
        if self._read_only is not None:
            raise ValueError(self._read_only_reason())
        return self._state.to_json()

    @classmethod
    def from_json(cls, text: str | bytes, *, safe_mode: bool = True) -> ModelBuilder:
        """A builder from :meth:`to_json` text, read as untrusted input.

        The text is checked against the declared format (a ``BuilderJSONError`` names the
        field at fault). A row whose saved configuration carries Python code (a Lambda)
        is shown but not loaded, with the reason, unless you pass ``safe_mode=False``:
        do that only for a file whose author you trust, since it runs that code.
        """
        return cls(BuilderState.from_json(text, safe_mode=safe_mode))

    def train(self, **settings: Any) -> Any:
        """Compiles a new model from the rows and trains it with the panel's settings.

        Keyword arguments set the panel first: ``optimizer``, ``learning_rate``, ``loss``,
        ``metrics``, ``source`` (``"MNIST (bundled)"`` or ``"Arrays in the notebook"``),
        ``x_name``, ``y_name``, ``epochs``, ``batch_size``, ``validation_split``. Returns
        the TrainingHistory; the model is kept as :attr:`trained_model`.
        """
        self.train_panel.apply(settings)
        model = self.model if self._read_only is None else keras.models.clone_model(self.model)
        history = self.train_panel.run(model)
        self.trained_model, self.history = model, history
        return history

    def __repr__(self) -> str:
        if self._read_only is not None:
            return f"ModelBuilder (read-only): {self._read_only_reason()}"
        rows, errors = self._state.rows, dict(self._state.errors)
        lines = [
            stack_label(row, shape, params, row.index in errors)
            for row, (shape, params) in zip(rows, self._state.shapes, strict=True)
        ]
        problems = f", {len(errors)} row(s) at fault" if errors else ""
        return f"ModelBuilder: {len(rows)} rows{problems}\n" + "\n".join(lines)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        bundle = super()._repr_mimebundle_(**kwargs)
        if isinstance(bundle, dict):  # the widget view, with the rows as the text fallback
            bundle["text/plain"] = repr(self)
        return bundle

    def report(self, text: str, error: bool = False) -> None:
        """Shows ``text`` on the builder's status line (red for errors)."""
        colour = "#b00020" if error else "inherit"
        body = html.escape(text).replace("\n", "<br>")
        self.status.value = f"<div style='color:{colour}'>{body}</div>" if text else ""

    # ---- widgets -----------------------------------------------------------------------
    def _read_only_reason(self) -> str:
        return (
            f"Model {self._read_only.name!r} is a branching graph: the builder edits only "
            "Sequential models and linear chains for now, so it is shown read-only."
        )

    def _button(self, name: str, icon: str, tip: str) -> ipywidgets.Button:
        button = ipywidgets.Button(
            description=name, icon=icon, tooltip=tip, layout=ipywidgets.Layout(width="auto")
        )
        button.add_class(f"kk-{name.lower().replace(' ', '-')}")
        button.on_click(lambda _: self._clicked(name))
        return button

    def _layout(self) -> list[Any]:
        buttons = ipywidgets.HBox(list(self.buttons.values()), layout={"flex_flow": "row wrap"})
        right = ipywidgets.VBox(
            [
                ipywidgets.HTML("<b>Model</b> <small>(row, layer, output shape, params)</small>"),
                self.stack,
                buttons,
                self.totals,
                self.problems,
                ipywidgets.HTML("<b>Parameters</b>"),
                self.form,
            ],
            layout=ipywidgets.Layout(flex="1 1 360px", min_width="320px"),
        )
        tabs = ipywidgets.Tab(children=[self.train_panel, self.code_panel, self.summary])
        tabs.add_class("kk-builder-tabs")
        for i, title in enumerate(["Compile and train", "Code", "Summary"]):
            tabs.set_title(i, title)
        # The code is written when its tab is open (or shown), not on every edit.
        tabs.observe(lambda change: change["new"] == 1 and self.code_panel.show(), "selected_index")
        self.tabs = tabs
        return [
            self._title,
            self.status,
            ipywidgets.HBox([self.palette_panel, right], layout={"flex_flow": "row wrap"}),
            tabs,
        ]

    def _refresh(self) -> None:
        """Redraws the stack, form, problems and summary from the state."""
        if self._read_only is not None:
            return self._show_read_only()
        rows, shapes, errors = self._state.rows, self._state.shapes, dict(self._state.errors)
        self.selected = max(0, min(self.selected, len(rows) - 1))
        self._syncing = True
        try:
            with self.stack.hold_sync():
                self.stack.options = [
                    (stack_label(row, shape, params, row.index in errors), row.index)
                    for row, (shape, params) in zip(rows, shapes, strict=True)
                ]
                self.stack.index = self.selected
        finally:
            self._syncing = False
        problems = "".join(
            f"<li><b>Row {i}</b>: {html.escape(m).replace(chr(10), '<br>')}</li>"
            for i, m in errors.items()
        )
        self.problems.value = problems and f"<ul class='kk-error'>{problems}</ul>"
        self.summary.value = summary_html(self._state.frame)
        known = [params for _, params in shapes if params is not None]
        self.totals.value = f"Total params: {sum(known):,}"
        self._title.value = "<h3 style='margin:4px 0'>Model builder</h3>"
        self._show_form()
        if self.tabs.selected_index == 1:
            self.code_panel.show()
        self.buttons["Undo"].disabled = not self._state.can_undo
        self.buttons["Redo"].disabled = not self._state.can_redo

    def _show_form(self) -> None:
        rows = self._state.rows
        row = rows[self.selected] if self.selected < len(rows) else None
        self.form.show(row, None if row is None else self._state.layer_class(row.index))

    def _show_read_only(self) -> None:
        self._title.value = (
            "<h3 style='margin:4px 0'>Model builder (read-only)</h3>"
            f"<div class='kk-note'>{html.escape(self._read_only_reason())} Its summary is "
            "below; edit it in code.</div>"
        )
        self.summary.value = summary(self._read_only)._repr_html_()
        self.tabs.selected_index = 2
        self.stack.options = []
        for button in [*self.buttons.values(), self.palette["add"], self.palette["after"]]:
            button.disabled = True

    def _on_select(self, change: dict[str, Any]) -> None:
        if self._syncing or change["new"] is None:
            return
        if change["new"] != self.selected:
            self.selected = change["new"]
            self._show_form()

    def _submit(self, index: int, name: str, value: Any) -> str | None:
        try:
            self.set(index, **{name: value})
        except _EDIT_ERRORS as err:
            return str(err)
        self.report("")
        return None

    @_from_ui
    def _clicked(self, name: str) -> None:
        self.report("")
        index = self.selected
        kind = self.palette["list"].value
        if name in ("Add", "After selected") and not kind:
            raise ValueError("Choose a layer in the list first (search or pick a family).")
        actions: dict[str, Callable[[], Any]] = {
            "Add": lambda: self.add(kind),
            "After selected": lambda: self.insert(index + 1, kind),
            "Remove": lambda: self.remove(index),
            "Duplicate": lambda: self.duplicate(index),
            "Up": lambda: self.move(index, index - 1),
            "Down": lambda: self.move(index, index + 1),
            "Undo": self.undo,
            "Redo": self.redo,
        }
        actions[name]()

    def _train_clicked(self) -> None:
        self.train_panel.status.value = ""
        try:
            self.train()
        except Exception as err:
            self.train_panel.status.value = (
                f"<span class='kk-error' style='color:#b00020'>{html.escape(str(err))}</span>"
            )


def model_builder(model: Any = None, *, safe_mode: bool = True) -> ModelBuilder:
    """Opens the visual model builder, empty or on an existing model.

    Args:
        model: a Sequential model or a functional model that is a linear chain; its layers
            become rows (layers the builder cannot edit are kept as locked rows). A
            branching model is shown read-only.
        safe_mode: keep it True unless you trust where the model came from. With False
            (by name), the exported code of a row that carries Python code (a Lambda's
            function) loads and runs that code; by default the code leaves the row out
            and says so.

    Returns:
        A :class:`ModelBuilder` widget; it displays itself as the cell's result.

    Example:
        >>> builder = model_builder()
        >>> builder.add("input", shape=(784,))
        >>> builder.add("dense", units=10, activation="softmax")
        >>> print(builder.code())  # doctest: +SKIP
    """
    if model is None:
        return ModelBuilder(BuilderState(safe_mode=safe_mode))
    try:
        return ModelBuilder(BuilderState.from_model(model, safe_mode=safe_mode))
    except NotImplementedError:
        return ModelBuilder(read_only=model)


model_builder.from_json = ModelBuilder.from_json  # type: ignore[attr-defined]
