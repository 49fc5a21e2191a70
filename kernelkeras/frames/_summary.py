"""``summary(model)``: a model's layers as a pandas DataFrame that also prints and renders.

The frame is built from the layer objects and their symbolic shapes, never by
parsing Keras' printed table.

Example:

>>> s = summary(model)
>>> s.frame[["layer", "params"]].head(2)
     layer  params
0    dense  200960
1  dropout       0
>>> s.totals["total"]
235146
>>> print(s)            # the familiar text table
"""

from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd

from kernelkeras._backend import keras
from kernelkeras._text import escape_html

COLUMNS = ["layer", "type", "output_shape", "params", "trainable", "connected_to", "depth", "path"]


def _shape_text(shape: Any) -> str:
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ")"


def _flat_shapes(result: Any) -> list[Any]:
    if isinstance(result, dict):
        result = list(result.values())
    if isinstance(result, (tuple, list)) and all(d is None or isinstance(d, int) for d in result):
        return [result]
    return [shape for item in result for shape in _flat_shapes(item)]


def output_shape(layer: Any) -> str:
    """The layer's output shape as text: ``(None, 256)``; ``?`` if not yet known."""
    nodes = layer._inbound_nodes
    try:
        if nodes:
            outputs = keras.tree.flatten(nodes[-1].output_tensors)
            shapes = [_shape_text(t.shape) for t in outputs]
        elif getattr(layer, "_build_shapes_dict", None):
            result = layer.compute_output_shape(**layer._build_shapes_dict)
            shapes = [_shape_text(shape) for shape in _flat_shapes(result)]
        else:
            return "?"
    except Exception:  # a layer that cannot say (NotImplementedError and the like)
        return "?"
    return shapes[0] if len(shapes) == 1 else "[" + ", ".join(shapes) + "]"


def _connections(layer: Any, relevant: set[int]) -> str:
    links = []
    for node in layer._inbound_nodes:
        if id(node) not in relevant:
            continue
        for tensor in node.input_tensors:
            history = tensor._keras_history
            links.append(f"{history.operation.name}[{history.node_index}][{history.tensor_index}]")
    return ", ".join(links) if links else "-"


def _is_functional(model: Any) -> bool:
    return not isinstance(model, keras.Sequential) and hasattr(model, "_nodes_by_depth")


def _bytes_per_value(dtype: Any) -> int:
    digits = re.search(r"\d+", str(keras.backend.standardize_dtype(dtype)))
    return int(digits.group()) // 8 if digits else 1


def _tally(weights: list[Any]) -> tuple[int, int]:
    """Parameter count and bytes of the distinct weights."""
    count = memory = 0
    for weight in {id(w): w for w in weights}.values():
        size = int(math.prod(weight.shape))
        count += size
        memory += size * _bytes_per_value(weight.dtype)
    return count, memory


def readable_bytes(n: float) -> str:
    """``942,584`` -> ``920.49 KB`` (Keras' units: 1 KB = 1024 B)."""
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.2f} {unit}"
        n /= 1024
    return f"{n:.2f} GB"  # pragma: no cover


class ModelSummary:
    """A model's layers as a DataFrame (``.frame``) with totals (``.totals``).

    Printing gives the text table, a notebook shows an HTML table; both always
    carry a ``text/plain`` version.

    Attributes:
        frame: one row per layer: ``layer``, ``type``, ``output_shape``, ``params``
            (nullable int; missing for unbuilt layers), ``trainable``, ``connected_to``
            (functional models), ``depth`` and ``path`` (nesting, with ``expand_nested``).
        totals: ``total``, ``trainable``, ``non_trainable`` parameter counts and
            ``memory`` (bytes of weights).
        name: the model's name.
    """

    def __init__(self, model: Any, expand_nested: bool = False) -> None:
        self.name = model.name
        self.model_type = type(model).__name__
        self.functional = _is_functional(model)
        relevant: set[int] = set()
        if self.functional:
            for nodes in model._nodes_by_depth.values():
                relevant.update(id(node) for node in nodes)
        rows: list[dict[str, Any]] = []
        self._add_rows(rows, model.layers, relevant, expand_nested, depth=0, parent="")
        frame = pd.DataFrame(rows, columns=COLUMNS)
        frame["params"] = frame["params"].astype("Int64")
        frame["depth"] = frame["depth"].astype("int64")
        if not self.functional:
            frame = frame.drop(columns="connected_to")
        if not expand_nested:
            frame = frame.drop(columns=["depth", "path"])
        self.frame = frame
        trainable, trainable_memory = _tally(model.trainable_weights)
        frozen, frozen_memory = _tally(model.non_trainable_weights)
        self.totals = {
            "total": trainable + frozen,
            "trainable": trainable,
            "non_trainable": frozen,
            "memory": trainable_memory + frozen_memory,
            "trainable_memory": trainable_memory,
            "non_trainable_memory": frozen_memory,
        }
        self.built = bool(model.built)

    def _add_rows(
        self,
        rows: list[dict[str, Any]],
        layers: list[Any],
        relevant: set[int],
        expand: bool,
        depth: int,
        parent: str,
    ) -> None:
        for layer in layers:
            built = getattr(layer, "built", False)
            path = f"{parent}/{layer.name}" if parent else layer.name
            rows.append(
                {
                    "layer": layer.name,
                    "type": type(layer).__name__,
                    "output_shape": output_shape(layer),
                    "params": layer.count_params() if built else None,
                    "trainable": bool(layer.trainable),
                    "connected_to": _connections(layer, relevant) if depth == 0 else "",
                    "depth": depth,
                    "path": path,
                }
            )
            inner = getattr(layer, "layers", None)
            if expand and isinstance(layer, keras.Model) and inner:
                self._add_rows(rows, inner, set(), expand, depth + 1, path)

    # ---- text -------------------------------------------------------------------------
    def _cells(self) -> tuple[list[str], list[list[str]]]:
        header = ["Layer (type)", "Output Shape", "Param #"]
        if self.functional:
            header.append("Connected to")
        body = []
        for row in self.frame.itertuples(index=False):
            depth = getattr(row, "depth", 0)
            indent = "   " * (depth - 1) + " └ " if depth else ""
            params = "0 (unbuilt)" if pd.isna(row.params) else f"{row.params:,}"
            cells = [f"{indent}{row.layer} ({row.type})", row.output_shape, params]
            if self.functional:
                cells.append(row.connected_to)
            body.append(cells)
        return header, body

    def _total_lines(self) -> list[str]:
        t = self.totals
        return [
            f"Total params: {t['total']:,} ({readable_bytes(t['memory'])})",
            f"Trainable params: {t['trainable']:,} ({readable_bytes(t['trainable_memory'])})",
            f"Non-trainable params: {t['non_trainable']:,} "
            f"({readable_bytes(t['non_trainable_memory'])})",
        ]

    def to_text(self) -> str:
        """The summary as the familiar text table (``Layer (type)  Output Shape  Param #``)."""
        header, body = self._cells()
        widths = [max(len(r[i]) for r in [header, *body]) + 3 for i in range(len(header))]
        widths[2] = max(widths[2], 12)

        def line(cells: list[str]) -> str:
            parts = []
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True)):
                parts.append(cell.rjust(width - 3) + "   " if i == 2 else cell.ljust(width))
            return (" " + "".join(parts)).rstrip()

        total_width = sum(widths) + 1
        lines = [f'Model: "{self.name}"', "_" * total_width, line(header), "=" * total_width]
        for i, cells in enumerate(body):
            lines.append(line(cells))
            lines.append("_" * total_width if i < len(body) - 1 else "=" * total_width)
        if not body:
            lines += [" (no layers)", "=" * total_width]
        lines += self._total_lines()
        if not self.built:
            lines.append("The model is not built yet: give it an input shape to see every shape.")
        lines.append("_" * total_width)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        return self.to_text()

    # ---- HTML -------------------------------------------------------------------------
    def to_html(self) -> str:
        """The summary as an HTML table (pandas Styler) followed by the totals."""
        view = self.frame.copy()
        view["params"] = [
            "0 (unbuilt)" if pd.isna(v) else f"{v:,}" for v in view["params"].astype(object)
        ]
        if "depth" in view:
            view["layer"] = [
                "\u00a0\u00a0\u00a0" * d + ("└ " if d else "") + n
                for d, n in zip(view["depth"], view["layer"], strict=True)
            ]
            view = view.drop(columns=["depth"])
        styler = (
            view.style.hide(axis="index")
            .format(escape_html)  # every cell is the model's text: names, "connected to"
            .set_caption(f"Model: {escape_html(self.name)} ({escape_html(self.model_type)})")
            .set_properties(subset=["params"], **{"text-align": "right"})
            .set_table_styles(
                [
                    {"selector": "caption", "props": "text-align: left; font-weight: bold;"},
                    {"selector": "th", "props": "text-align: left;"},
                ]
            )
        )
        totals = "<br>".join(escape_html(line) for line in self._total_lines())
        return f"<div>{styler.to_html()}<p>{totals}</p></div>"

    def _repr_html_(self) -> str:
        return self.to_html()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/plain": self.to_text(), "text/html": self.to_html()}


def summary(model: Any, expand_nested: bool = False) -> ModelSummary:
    """Summarises a model's layers as a DataFrame that prints and renders on its own.

    Args:
        model: a Keras model (Sequential, functional or subclassed).
        expand_nested: also list the layers of models nested in the model, with
            their ``depth`` and ``path``.

    Returns:
        A :class:`ModelSummary`; its ``.frame`` is the pandas DataFrame and its
        ``.totals`` the parameter counts and weight memory.

    Example:

    >>> summary(model)                      # a table in a notebook
    >>> summary(model).frame["params"].sum()
    235146
    """
    if not isinstance(model, keras.Model):
        hint = (
            " For a single layer, use layer.count_params() and layer.output.shape."
            if isinstance(model, keras.layers.Layer)
            else " Build one with keras_model_sequential() or keras_model(inputs, outputs)."
        )
        raise TypeError(f"summary() needs a Keras model, got a {type(model).__name__}.{hint}")
    return ModelSummary(model, expand_nested=expand_nested)
