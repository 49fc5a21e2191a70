"""``plot(model)``: the layer graph as a plotly diagram (no graphviz, no pydot).

Each layer is a box with its name, type and output shape; arrows follow the
connections. Layers are placed in rows by their distance from the inputs, so the
branches of a functional model sit side by side.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kernelkeras._backend import keras
from kernelkeras.frames import output_shape
from kernelkeras.plot._figure import Figure
from kernelkeras.plot._style import MODEL_COLOURS, TEMPLATE, plotly_text

BOX_W, BOX_H, GAP_X, GAP_Y = 2.6, 0.72, 0.5, 0.55


def layer_graph(model: Any) -> tuple[list[dict[str, Any]], list[tuple[int, int]]]:
    """The model's layers as nodes (``name``, ``type``, ``shape``, ``params``) and edges."""
    nodes: list[dict[str, Any]] = []
    edges: list[tuple[int, int]] = []

    def node(layer: Any, kind: str, shape: str | None = None) -> int:
        built = getattr(layer, "built", False)
        nodes.append(
            {
                "name": layer.name,
                "type": type(layer).__name__,
                "shape": shape or output_shape(layer),
                "params": layer.count_params() if built else None,
                "kind": kind,
            }
        )
        return len(nodes) - 1

    def kind_of(layer: Any) -> str:
        if isinstance(layer, keras.layers.InputLayer):
            return "input"
        return "model" if isinstance(layer, keras.Model) else "layer"

    if isinstance(model, keras.Sequential) or not hasattr(model, "_nodes_by_depth"):
        previous = None
        inputs = getattr(model, "inputs", None) if model.built else None
        if inputs:
            shape = "(" + ", ".join(str(d) for d in inputs[0].shape) + ")"
            previous = len(nodes)
            nodes.append(
                {
                    "name": "input",
                    "type": "InputLayer",
                    "shape": shape,
                    "params": 0,
                    "kind": "input",
                }
            )
        for layer in model.layers:
            index = node(layer, kind_of(layer))
            if previous is not None:
                edges.append((previous, index))
            previous = index
        return nodes, edges

    relevant = {id(n) for group in model._nodes_by_depth.values() for n in group}
    index_of = {id(layer): node(layer, kind_of(layer)) for layer in model.layers}
    for layer in model.layers:
        for keras_node in layer._inbound_nodes:
            if id(keras_node) not in relevant:
                continue
            for tensor in keras_node.input_tensors:
                parent = tensor._keras_history.operation
                if id(parent) in index_of:
                    edges.append((index_of[id(parent)], index_of[id(layer)]))
    return nodes, list(dict.fromkeys(edges))


def _layout(n: int, edges: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """Rows by longest path from the inputs; within a row, ordered by parents' positions."""
    parents: list[list[int]] = [[] for _ in range(n)]
    for a, b in edges:
        parents[b].append(a)
    rank = np.zeros(n, dtype=int)
    for i in range(n):  # nodes come in topological order (Keras lists layers so)
        rank[i] = max((rank[p] + 1 for p in parents[i] if p < i), default=0)
    x = np.zeros(n)
    for r in range(rank.max(initial=0) + 1):
        members = [i for i in range(n) if rank[i] == r]
        members.sort(key=lambda i: (np.mean([x[p] for p in parents[i]]) if parents[i] else 0, i))
        width = len(members) * BOX_W + (len(members) - 1) * GAP_X
        for k, i in enumerate(members):
            x[i] = -width / 2 + BOX_W / 2 + k * (BOX_W + GAP_X)
    y = -rank * (BOX_H + GAP_Y)
    return x, y


def plot_model(model: Any) -> Figure:
    """See :func:`kernelkeras.plot`."""
    nodes, edges = layer_graph(model)
    if not nodes:
        raise ValueError(f"plot(): model {model.name!r} has no layers yet; add some first.")
    x, y = _layout(len(nodes), edges)
    shapes, annotations = [], []
    for a, b in edges:
        annotations.append(
            {
                "x": x[b],
                "y": y[b] + BOX_H / 2,
                "ax": x[a],
                "ay": y[a] - BOX_H / 2,
                "xref": "x",
                "yref": "y",
                "axref": "x",
                "ayref": "y",
                "text": "",
                "showarrow": True,
                "arrowhead": 2,
                "arrowsize": 1,
                "arrowwidth": 1.4,
                "arrowcolor": "#777",
            }
        )
    # Names and shapes are plain text; each reaches plotly's labels escaped (plotly_text).
    shown = [{key: plotly_text(n[key]) for key in ("name", "type", "shape")} for n in nodes]
    for i, n in enumerate(nodes):
        shapes.append(
            {
                "type": "rect",
                "x0": x[i] - BOX_W / 2,
                "x1": x[i] + BOX_W / 2,
                "y0": y[i] - BOX_H / 2,
                "y1": y[i] + BOX_H / 2,
                "line": {"color": MODEL_COLOURS["border"], "width": 1},
                "fillcolor": MODEL_COLOURS[n["kind"]],
                "layer": "below",
            }
        )
        annotations.append(
            {
                "x": x[i],
                "y": y[i],
                "xref": "x",
                "yref": "y",
                "showarrow": False,
                "text": f"<b>{shown[i]['name']}</b> ({shown[i]['type']})<br>{shown[i]['shape']}",
                "font": {"size": 12},
            }
        )
    params = ["unbuilt" if n["params"] is None else f"{n['params']:,}" for n in nodes]
    fig = Figure(description=_describe(model, nodes, edges))
    with fig.batch_update():
        fig.add_scatter(
            x=x,
            y=y,
            mode="markers",
            marker={"size": 40, "opacity": 0, "symbol": "square"},
            customdata=np.array(
                [[s["name"], s["type"], s["shape"], p] for s, p in zip(shown, params, strict=True)],
                dtype=object,
            ),
            hovertemplate="<b>%{customdata[0]}</b> (%{customdata[1]})<br>output %{customdata[2]}"
            "<br>params %{customdata[3]}<extra></extra>",
            showlegend=False,
            name="layers",
        )
        fig.update_layout(
            shapes=shapes,
            annotations=annotations,
            template=TEMPLATE,
            title={"text": f"Model: {plotly_text(model.name)}", "x": 0},
            xaxis={"visible": False, "range": [x.min() - BOX_W, x.max() + BOX_W]},
            yaxis={
                "visible": False,
                "range": [y.min() - BOX_H, y.max() + BOX_H],
                "scaleanchor": "x",
                "scaleratio": 1,
            },
            height=min(3000, max(300, int(90 * (y.max() - y.min()) / (BOX_H + GAP_Y)) + 200)),
            margin={"l": 10, "r": 10, "t": 50, "b": 10},
        )
    return fig


def _describe(model: Any, nodes: list[dict[str, Any]], edges: list[tuple[int, int]]) -> str:
    sep = " -> " if isinstance(model, keras.Sequential) else "; "
    chain = sep.join(f"{n['name']} ({n['type']}) {n['shape']}" for n in nodes[:12])
    more = f" ... ({len(nodes) - 12} more)" if len(nodes) > 12 else ""
    return f"Model {model.name!r}: {len(nodes)} layers, {len(edges)} connections: {chain}{more}"
