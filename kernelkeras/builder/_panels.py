"""Pieces of the builder's view: row labels, the summary table and the code panel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets

from kernelkeras._text import escape_html
from kernelkeras.builder._palette import PaletteEntry, families, palette, search
from kernelkeras.builder._rows import BuilderRow, Shape
from kernelkeras.frontend import CellWriter


def palette_label(entry: PaletteEntry) -> str:
    """``"Conv2D  (conv_2d)"``: the class, then what ``add()`` takes."""
    return f"{entry.keras_class}  ({entry.kind})"


def _shape(shape: Shape | None) -> str:
    return "?" if shape is None else "(" + ", ".join(map(str, shape)) + ")"


def stack_label(row: BuilderRow, shape: Shape | None, params: int | None, bad: bool) -> str:
    """One line of the stack: index, marks, class, output shape and parameter count."""
    mark = "⚠" if bad else ("🔒" if row.locked else " ")
    name = "Input" if row.index == 0 else row.keras_class
    count = "" if params is None else f"{params:,}"
    return f"{row.index:>2} {mark} {name:<20} {_shape(shape):<18} {count:>10}"


def summary_html(frame: Any) -> str:
    """The summary frame as a table; rows at fault in red with their first line.

    Every cell is text from the model (names, shapes, error messages): escaped here.
    """
    head = "".join(f"<th>{escape_html(c)}</th>" for c in ("#", "layer", "type", "output", "params"))
    body = []
    total = 0
    for i, rec in enumerate(frame.itertuples(index=False)):
        known = rec.params is not None and str(rec.params) != "<NA>"
        total += int(rec.params) if known else 0
        style = " style='color:#b00020'" if rec.error else ""
        cells = (i, rec.layer, rec.type, rec.output_shape, f"{int(rec.params):,}" if known else "")
        body.append(f"<tr{style}>" + "".join(f"<td>{escape_html(c)}</td>" for c in cells) + "</tr>")
        if rec.error:
            first = escape_html(rec.error.splitlines()[0])
            body.append(f"<tr{style}><td></td><td colspan='4'><small>{first}</small></td></tr>")
    return (
        f"<table class='kk-builder-summary'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
        f"<div>Total params: {total:,}</div>"
    )


class CodePanel(ipywidgets.VBox):
    """Shows the model as pipe or Keras code and inserts it into a new notebook cell."""

    def __init__(self, code: Callable[..., str]) -> None:
        self._code = code
        self.style = ipywidgets.ToggleButtons(
            options=[("kernelkeras pipe", "pipe"), ("plain Keras", "keras")],
            value="pipe",
            style={"button_width": "auto"},
        )
        self.text = ipywidgets.Textarea(
            layout=ipywidgets.Layout(width="100%", height="220px"), disabled=False
        )
        self.text.add_class("kk-code-text")
        self.show_button = ipywidgets.Button(
            description="Show code", icon="code", layout=ipywidgets.Layout(width="auto")
        )
        self.show_button.add_class("kk-show-code")
        self.insert_button = ipywidgets.Button(
            description="Insert into a new cell",
            icon="plus-square",
            button_style="primary",
            layout=ipywidgets.Layout(width="auto"),
        )
        self.insert_button.add_class("kk-insert-code")
        self.status = ipywidgets.HTML("")
        self.writer = CellWriter()
        self.show_button.on_click(lambda _: self.show())
        self.insert_button.on_click(lambda _: self.insert())
        self.style.observe(lambda _: self.show(), "value")
        buttons = ipywidgets.HBox(
            [self.style, self.show_button, self.insert_button], layout={"flex_flow": "row wrap"}
        )
        super().__init__([buttons, self.status, self.text, self.writer])

    def show(self) -> str:
        """Puts the current code in the text box and returns it."""
        try:
            text = self._code(self.style.value, imports=True)
        except Exception as err:
            self.status.value = f"<span style='color:#b00020'>{escape_html(err)}</span>"
            return ""
        self.status.value = ""
        self.text.value = text
        return text

    def insert(self) -> None:
        """Writes the current code into a new cell below the builder's cell."""
        text = self.show()
        if not text:
            return
        self.writer.insert(text, run=False)
        self.status.value = (
            "The code is in a new cell below the builder: run it to get <code>model</code>."
        )


class PalettePanel(ipywidgets.VBox):
    """Every layer, searchable and by family, with a description and the two add buttons."""

    def __init__(self, add: ipywidgets.Button, after: ipywidgets.Button) -> None:
        count = len(palette())
        options = [(f"All families ({count})", "")] + [
            (f"{f} ({len(search('', f))})", f) for f in families()
        ]
        wide = ipywidgets.Layout(width="100%")
        self.widgets: dict[str, Any] = {
            "search": ipywidgets.Text(placeholder="Search layers", layout=wide),
            "family": ipywidgets.Dropdown(options=options, value="", layout=wide),
            "list": ipywidgets.Select(rows=14, layout=wide),
            "description": ipywidgets.HTML(""),
            "add": add,
            "after": after,
        }
        self.widgets["search"].add_class("kk-palette-search")
        self.widgets["list"].add_class("kk-palette-list")
        for key in ("search", "family"):
            self.widgets[key].observe(lambda _: self.filter(), "value")
        self.widgets["list"].observe(lambda _: self.describe(), "value")
        w = self.widgets
        super().__init__(
            [
                ipywidgets.HTML("<b>Layers</b>"),
                w["search"],
                w["family"],
                w["list"],
                w["description"],
                ipywidgets.HBox([add, after], layout={"flex_flow": "row wrap"}),
            ],
            layout=ipywidgets.Layout(width="260px", min_width="220px", margin="0 12px 0 0"),
        )
        self.filter()

    def filter(self) -> None:
        """Lists the layers that match the search text and family."""
        found = search(self.widgets["search"].value, self.widgets["family"].value)
        self.widgets["list"].options = [(palette_label(e), e.kind) for e in found]
        self.describe()

    def describe(self) -> None:
        """Shows the chosen layer's one-line description."""
        kind = self.widgets["list"].value
        entry = next((e for e in palette() if e.kind == kind), None)
        text = (
            ""
            if entry is None
            else f"<b>{escape_html(entry.keras_class)}</b>: {escape_html(entry.description)}"
        )
        self.widgets["description"].value = text and f"<small>{text}</small>"
