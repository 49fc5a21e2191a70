"""``BuilderState``: the widget-free model behind the visual model builder.

Rows are numbered from 0; row 0 is the model's input. Every edit is checked by
constructing the Keras layer before it is committed, can be undone, and shapes,
parameter counts and errors are recomputed symbolically (no data, no hidden layers).

Example:

>>> state = BuilderState()
>>> state.add("input", shape=(28, 28))
>>> state.add("flatten")
>>> state.add("dense", units=10, activation="softmax")
>>> state.shapes[-1]
((None, 10), 7850)
>>> print(state.code(), end="")
model = (
    keras_model_sequential(input_shape=(28, 28))
    >> layer_flatten()
    >> layer_dense(units=10, activation="softmax")
)
"""

from __future__ import annotations

import difflib
import re
from typing import Any

import pandas as pd

from kernelkeras._backend import keras
from kernelkeras._text import shown
from kernelkeras.builder._code import model_code, state_json
from kernelkeras.builder._format import BuilderJSONError, code_in, parse
from kernelkeras.builder._params import EMPTY, defaults
from kernelkeras.builder._rows import (
    UNLOADED,
    BuilderRow,
    Row,
    Shape,
    check_params,
    copy_layer,
    evaluate,
    fix_hint,
    linear_chain,
    locked_row,
    resolve_kind,
    row_from_layer,
    tuplify,
)
from kernelkeras.pipe import check_input_shape, explain_shape_error, r_name


def _builder_hint(lines: list[str], index: int) -> list[str]:
    """The pipe-code fix of a hint (``Add layer_reshape(...) before it``) as a builder call."""
    for line in lines:
        match = re.search(r"[Aa]dd layer_(\w+)\((.*?)\) before it", line)
        if match and "…" not in match.group(2):
            args = f", {match.group(2)}" if match.group(2) else ""
            return [f"In the builder: insert({index}, {match.group(1)!r}{args})."]
    return []


def _unchecked(index: int, last: int) -> list[str]:
    """The note that rows after a faulty one wait for it."""
    if index >= last:
        return []
    later = f"Rows {index + 1}-{last} are" if index + 1 < last else f"Row {index + 1} is"
    return [f"{later} not checked until this row is fixed."]


class BuilderState:
    """A model being built row by row, with undo/redo, live shapes, errors and code export.

    Example:

    >>> state = BuilderState()
    >>> state.add("input", shape=(784,))
    >>> state.add("conv_2d", filters=8, kernel_size=(3, 3))
    >>> state.errors[0][0]
    1
    >>> state.insert(1, "reshape", target_shape=(28, 28, 1))
    >>> state.errors
    []
    """

    def __init__(self, *, safe_mode: bool = True) -> None:
        if not isinstance(safe_mode, bool):
            raise TypeError(f"safe_mode must be True or False, got {shown(safe_mode)}.")
        #: False only when the user opted in, by name, to load and export Python code
        #: saved in layer configurations (a Lambda's function), as Keras' safe_mode.
        self.safe_mode = safe_mode
        self._shape: Shape | None = None
        self._rows: tuple[Row, ...] = ()
        self._undo: list[tuple[Shape | None, tuple[Row, ...]]] = []
        self._redo: list[tuple[Shape | None, tuple[Row, ...]]] = []
        self._result: list[tuple[Shape | None, int | None, str | None]] | None = None

    # ---- edits ------------------------------------------------------------------------
    def _commit(self, shape: Shape | None, rows: tuple[Row, ...]) -> None:
        self._undo.append((self._shape, self._rows))
        self._redo.clear()
        self._shape, self._rows, self._result = shape, rows, None

    def _check_index(self, index: int, last: int) -> None:
        if last == 0 and index != 0:
            raise ValueError("There are no layer rows yet: add one first, e.g. add('dense').")
        if not isinstance(index, int) or not 1 <= index <= last:
            raise ValueError(
                f"Row {index!r} is not a layer row: use 1 to {last} (row 0 is the input; "
                "set its shape with add('input', shape=...))."
            )

    def _make_row(self, index: int, cls: type, params: dict[str, Any], old: Row | None) -> Row:
        if old is not None and old.locked:
            raise ValueError(f"Row {index} ({cls.__name__}) is locked: it cannot be edited here.")
        known = defaults(cls)
        current = dict(old.params) if old else {}
        for key, value in params.items():
            if key not in known:
                close = difflib.get_close_matches(key, list(known), n=1)
                hint = f" Did you mean {close[0]!r}?" if close else ""
                if key in ("input_shape", "input_dim"):
                    hint = " Set the input on row 0 instead: add('input', shape=(...))."
                raise TypeError(
                    f"Row {index} ({cls.__name__}): unknown parameter {key!r}.{hint} "
                    f"It takes: {', '.join(known)}."
                )
            ref = current.get(key, known[key])
            value = tuplify(key, value, ref)
            default = known[key]
            if default is not EMPTY and type(value) is type(default) and value == default:
                current.pop(key, None)
            else:
                current[key] = value
        try:
            check_params(cls, current)
        except (ValueError, TypeError) as err:
            text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            if not params:
                raise type(err)(f"Row {index} ({cls.__name__}): {text}.") from None
            key = next((k for k in params if k in text), next(iter(params)))
            ref = (old.params if old else {}).get(key, known.get(key, EMPTY))
            keeps = "keeps its last good configuration" if old else "was not added"
            raise type(err)(
                f"Row {index} ({cls.__name__}): cannot set {key}={params.get(key)!r}: {text}. "
                f"{fix_hint(cls, key, ref)}. The row {keeps}."
            ) from None
        return Row(cls, current)

    def add(self, kind: str, **params: Any) -> None:
        """Appends a layer row; ``add("input", shape=...)`` sets row 0's shape instead."""
        if kind == "input":
            self.set(0, **params)
        else:
            self.insert(len(self._rows) + 1, kind, **params)

    def insert(self, index: int, kind: str, **params: Any) -> None:
        """Inserts a layer row at ``index`` (1 to len(rows)); later rows move down."""
        self._check_index(index, len(self._rows) + 1)
        row = self._make_row(index, resolve_kind(kind), params, None)
        self._commit(self._shape, (*self._rows[: index - 1], row, *self._rows[index - 1 :]))

    def remove(self, index: int) -> None:
        """Removes layer row ``index`` (not row 0)."""
        self._check_index(index, len(self._rows))
        self._commit(self._shape, self._rows[: index - 1] + self._rows[index:])

    def duplicate(self, index: int) -> None:
        """Inserts a copy of layer row ``index`` right after it (not for locked rows)."""
        self._check_index(index, len(self._rows))
        row = self._rows[index - 1]
        if row.locked:
            raise ValueError(
                f"Row {index} ({row.cls.__name__}) is locked: the builder neither edits nor "
                "copies locked layers. Add a new layer from the palette instead."
            )
        copy = Row(row.cls, dict(row.params))
        self._commit(self._shape, (*self._rows[:index], copy, *self._rows[index:]))

    def move(self, index: int, new_index: int) -> None:
        """Moves layer row ``index`` to ``new_index``."""
        self._check_index(index, len(self._rows))
        self._check_index(new_index, len(self._rows))
        rows = list(self._rows)
        rows.insert(new_index - 1, rows.pop(index - 1))
        self._commit(self._shape, tuple(rows))

    def set(self, index: int, **params: Any) -> None:
        """Changes parameters of a row; a bad value raises and changes nothing.

        Row 0 takes ``shape=`` (``None`` removes it). A value equal to the default
        removes the parameter.
        """
        if index == 0:
            if set(params) - {"shape"}:
                raise TypeError(f"Row 0 (input) takes only shape=, not {sorted(params)}.")
            shape = params.get("shape")
            try:
                shape = None if shape is None else check_input_shape("input", shape)
            except ValueError as err:
                raise ValueError(f"Row 0 {str(err).removeprefix('input(): ')}") from None
            return self._commit(shape, self._rows)
        self._check_index(index, len(self._rows))
        old = self._rows[index - 1]
        row = self._make_row(index, old.cls, params, old)
        self._commit(self._shape, (*self._rows[: index - 1], row, *self._rows[index:]))

    def _step(self, source: list[Any], target: list[Any]) -> bool:
        if not source:
            return False
        target.append((self._shape, self._rows))
        (self._shape, self._rows), self._result = source.pop(), None
        return True

    @property
    def can_undo(self) -> bool:
        """Whether there is an edit to undo."""
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        """Whether there is an undone edit to redo."""
        return bool(self._redo)

    def layer_class(self, index: int) -> type | None:
        """The Keras class of row ``index`` (None for row 0, the input)."""
        return None if index == 0 else self._rows[index - 1].cls

    def undo(self) -> bool:
        """Undoes the last edit; False if there is nothing to undo."""
        return self._step(self._undo, self._redo)

    def redo(self) -> bool:
        """Redoes the last undone edit; False if there is nothing to redo."""
        return self._step(self._redo, self._undo)

    # ---- reading ----------------------------------------------------------------------
    @property
    def rows(self) -> list[BuilderRow]:
        """Every row, the input first: index, kind, Keras class name, params, locked."""
        first = BuilderRow(
            0, "input", "InputLayer", {"shape": self._shape} if self._shape else {}, False
        )
        return [first] + [
            BuilderRow(i, r_name(r.cls.__name__), r.cls.__name__, dict(r.params), r.locked)
            for i, r in enumerate(self._rows, 1)
        ]

    def _analyse(self) -> list[tuple[Shape | None, int | None, str | None]]:
        if self._result is not None:
            return self._result
        shape: Shape | None = None if self._shape is None else (None, *self._shape)
        result: list[tuple[Shape | None, int | None, str | None]] = [(shape, 0, None)]
        for i, row in enumerate(self._rows, 1):
            if row.missing:
                names = ", ".join(row.missing)
                example = ", ".join(f"{k}=..." for k in row.missing)
                lines = [
                    f"Row {i} ({row.cls.__name__}) needs a value for {names}.",
                    f"Fill it in the row's form, or builder.set({i}, {example}).",
                ]
                result.append((None, None, "\n".join(lines + _unchecked(i, len(self._rows)))))
                shape = None
                continue
            if row.locked and row.layer is None:
                reason = row.problem or UNLOADED.format(name=row.cls.__name__)
                message = f"Row {i}: {reason}."
                result.append((None, None, "\n".join([message, *_unchecked(i, len(self._rows))])))
                shape = None
                continue
            outcome = None if shape is None else evaluate(row, shape)
            if isinstance(outcome, Exception):
                prev = "the input" if i == 1 else f"row {i - 1} ({self._rows[i - 2].cls.__name__})"
                try:
                    lines = str(explain_shape_error(row.fresh(), shape, outcome, prev)).splitlines()
                except Exception:
                    lines = ["", f"Keras says: {outcome}"]
                lines[0] = f"Row {i} ({row.cls.__name__}) cannot take the output of {prev}."
                lines += _builder_hint(lines, i)
                result.append((None, None, "\n".join(lines + _unchecked(i, len(self._rows)))))
                shape = None
            else:
                shape, params = outcome if outcome else (None, None)
                result.append((shape, params, None))
        self._result = result
        return result

    @property
    def errors(self) -> list[tuple[int, str]]:
        """(row index, message with a hint) for each row that cannot take its input."""
        return [(i, err) for i, (_, _, err) in enumerate(self._analyse()) if err]

    @property
    def shapes(self) -> list[tuple[Shape | None, int | None]]:
        """(output shape, parameter count) per row; None where unknown."""
        return [(shape, params) for shape, params, _ in self._analyse()]

    @property
    def frame(self) -> Any:
        """The rows as a DataFrame like ``summary(model).frame``, plus an ``error`` column."""
        seen: dict[str, int] = {}
        records = []
        for row, (shape, params, err) in zip(self.rows, self._analyse(), strict=True):
            count = seen[row.kind] = seen.get(row.kind, -1) + 1
            text = "?" if shape is None else "(" + ", ".join(map(str, shape)) + ")"
            trainable = row.params.get("trainable", True)
            name = row.kind if count == 0 else f"{row.kind}_{count}"
            records.append([name, row.keras_class, text, params, trainable, err or ""])
        columns = ["layer", "type", "output_shape", "params", "trainable", "error"]
        frame = pd.DataFrame(records, columns=columns)
        frame["params"] = frame["params"].astype("Int64")
        return frame

    @property
    def model(self) -> Any:
        """A fresh Keras Sequential model; ValueError listing the rows at fault if any."""
        problems = self.errors
        if not problems:
            try:
                head = [] if self._shape is None else [keras.Input(shape=self._shape)]
                layers = [copy_layer(r.layer) if r.locked else r.fresh() for r in self._rows]
                return keras.Sequential(head + layers)
            except Exception as err:
                problems = [(0, f"Keras could not build the model: {err}")]
        listing = "\n".join(
            f"- {message}" if message.startswith(f"Row {i}") else f"- row {i}: {message}"
            for i, message in problems
        )
        raise ValueError(f"The model cannot be built yet; rows at fault:\n{listing}")

    # ---- code and files ---------------------------------------------------------------
    def code(self, style: str = "pipe", imports: bool = False) -> str:
        """The model as Python source: ``"pipe"`` (kernelkeras) or ``"keras"`` (plain Keras).

        With ``imports=True`` the text starts with the import it needs.
        """
        text = model_code(self._shape, self._rows, style, self.safe_mode)
        if not imports:
            return text
        head = "from kernelkeras import *\n" if style == "pipe" else "import keras\n"
        return f"{head}\n{text}"

    def to_json(self) -> str:
        """The rows as JSON text (not the undo history); see :meth:`from_json`."""
        return state_json(self._shape, self._rows)

    @classmethod
    def from_json(cls, text: str | bytes, *, safe_mode: bool = True) -> BuilderState:
        """Rebuilds a state from :meth:`to_json` text, read as untrusted input.

        The text is checked against the declared format first (``_format.py``); a
        :class:`BuilderJSONError` names the field at fault. A locked row whose saved
        configuration carries Python code (a Lambda's function) is kept but not loaded,
        and says why, unless ``safe_mode=False`` is passed by name: only do that for a
        file whose author you trust, since loading it runs that code.
        """
        document = parse(text)
        state = cls(safe_mode=safe_mode)
        state._shape = document.input_shape
        rows = []
        for i, entry in enumerate(document.rows, 1):
            if entry.locked is not None:
                rows.append(locked_row(entry, state.safe_mode))
                continue
            try:
                kind = resolve_kind(entry.class_name)
                if entry.kind not in (r_name(kind.__name__), kind.__name__):
                    raise ValueError(
                        f"its kind {entry.kind!r} is not its class {entry.class_name!r}"
                    )
                code = code_in(entry.params, f"{entry.field}.params")
                if code is not None:
                    raise ValueError(f"{code}; an editable row holds plain values only")
                rows.append(state._make_row(i, kind, entry.params or {}, None))
            except (ValueError, TypeError) as err:
                raise BuilderJSONError(f"Builder JSON: {entry.field}: {err}") from None
        state._rows = tuple(rows)
        return state

    @classmethod
    def from_model(cls, model: Any, *, safe_mode: bool = True) -> BuilderState:
        """Imports a Sequential model or a functional model that is a linear chain.

        With ``safe_mode=False`` (by name) the exported code of a row that carries Python
        code (a Lambda) loads that code; by default the code leaves such a row out.
        """
        state = cls(safe_mode=safe_mode)
        if isinstance(model, keras.Sequential):
            layers = list(model.layers)
            inputs = model.inputs if model.built and getattr(model, "_functional", None) else None
        elif isinstance(model, keras.Model) and hasattr(model, "_nodes_by_depth"):
            layers, inputs = linear_chain(model), model.inputs
        else:
            raise TypeError(f"from_model() needs a Keras model, got a {type(model).__name__}.")
        state._shape = tuple(inputs[0].shape[1:]) if inputs else None
        state._rows = tuple(row_from_layer(layer) for layer in layers)
        return state
